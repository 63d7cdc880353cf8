import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { importBundle, ImportResult } from '../../src/import/import-round';
import { ADMIN1_AREAS } from '../../src/modules/location/location.data';
import { bundleVariant, FIXTURE, OpenDb, openTestDb, removeTempDirs, setCell, snapshot, tempDir } from './support';
import { writeWorkbook } from './support-xlsx';
import { generatedBundle } from '../support/generated-bundle';

describe('Import: malformed bundles', () => {
  let db: OpenDb;
  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    db = await openTestDb();
    expect((await importBundle(db.ds, FIXTURE)).ok).toBe(true);
    before = await snapshot(db.ds);
  });

  afterEach(async () => {
    expect(await snapshot(db.ds)).toEqual(before);
  });

  afterAll(async () => {
    await db.close();
    removeTempDirs();
  });

  async function messagesOf(bundle: string, options: { maxReportedViolations?: number } = {}): Promise<string[]> {
    const result: ImportResult = await importBundle(db.ds, bundle, options);
    if (result.ok) throw new Error('the bundle was accepted');
    expect(result.totalViolations).toBeGreaterThanOrEqual(result.violations.length);
    return result.violations.map((v) => v.message);
  }

  it('reports a missing required column and nothing about the rows it would have held', async () => {
    const bundle = bundleVariant({
      'respondents.csv': (t) =>
        t
          .split('\n')
          .map((l) => l.split(',').filter((_, i) => i !== 3).join(','))
          .join('\n'),
    });
    const left = readFileSync(path.join(FIXTURE, 'respondents.csv'), 'utf8').split('\n')[0].split(',').filter((c) => c !== 'sex');
    expect(await messagesOf(bundle)).toEqual([`respondents.csv, row 1, column sex: required column is missing; the header has ${left.join(', ')} [missing-column]`]);
  });

  it('reports a code that is not one of the allowed codes', async () => {
    const bundle = bundleVariant({ 'children.csv': (t) => setCell(t, 3, 'status', 'left') });
    expect(await messagesOf(bundle)).toEqual(['children.csv, row 3, column status, value "left": must be one of travelling, left_in_venezuela [code]']);
  });

  it('reports an age outside 18-100', async () => {
    const bundle = bundleVariant({ 'respondents.csv': (t) => setCell(t, 4, 'age', '101') });
    expect(await messagesOf(bundle)).toEqual(['respondents.csv, row 4, column age, value "101": must be an integer from 18 to 100 [range]']);
  });

  it('reports a duplicate id with the row that first used it', async () => {
    const bundle = bundleVariant({ 'respondents.csv': (t) => setCell(t, 4, 'respondent_id', 'r2') });
    expect(await messagesOf(bundle)).toEqual([
      'respondents.csv, row 4, column respondent_id, value "r2": is already used at row 3; each respondent_id must be unique [unique]',
      'households.csv, row 4, column respondent_id, value "r3": is not the respondent_id of any row of respondents.csv [reference]',
    ]);
  });

  it('reports a child whose household does not exist', async () => {
    const bundle = bundleVariant({ 'children.csv': (t) => setCell(t, 5, 'household_id', 'h9') });
    expect(await messagesOf(bundle)).toEqual([
      'children.csv, row 5, column household_id, value "h9": is not the household_id of any row of households.csv [reference]',
      'households.csv, row 4, column travelling_children, value "1": must equal the number of travelling rows for household h3 in children.csv, which is 0 [children-count]',
    ]);
  });

  it('reports household counts that differ from the children listed', async () => {
    const bundle = bundleVariant({
      'households.csv': (t) => setCell(setCell(t, 6, 'travelling_children', '3'), 2, 'children_in_venezuela', '3'),
    });
    expect(await messagesOf(bundle)).toEqual([
      'households.csv, row 2, column children_in_venezuela, value "3": must equal the number of left_in_venezuela rows for household h1 in children.csv, which is 2 [children-count]',
      'households.csv, row 6, column travelling_children, value "3": must equal the number of travelling rows for household h5 in children.csv, which is 2 [children-count]',
    ]);
  });

  it('reports a second household for the same respondent and the respondent left without one', async () => {
    const bundle = bundleVariant({ 'households.csv': (t) => setCell(t, 4, 'respondent_id', 'r2') });
    expect(await messagesOf(bundle)).toEqual([
      'households.csv, row 4, column respondent_id, value "r2": already has a household at row 3; a respondent has at most one household [one-household-per-respondent]',
      'respondents.csv, row 4, column respondent_id, value "r3": has no row in households.csv; every respondent has exactly one household row [household-required]',
    ]);
  });

  it('reports an interview date outside the fieldwork period', async () => {
    const bundle = bundleVariant({ 'respondents.csv': (t) => setCell(t, 3, 'interview_date', '2018-11-26') });
    expect(await messagesOf(bundle)).toEqual([
      'respondents.csv, row 3, column interview_date, value "2018-11-26": must be within the fieldwork period, 2018-11-05 to 2018-11-25 [within-fieldwork]',
    ]);
  });

  it('reports answers to questions that were not to be asked', async () => {
    const bundle = bundleVariant({
      'respondents.csv': (t) =>
        setCell(setCell(setCell(t, 3, 'monthly_income_usd', '300'), 3, 'destination_region', 'Lima'), 6, 'discrimination_reason', 'age'),
      'children.csv': (t) => setCell(t, 2, 'caregiver', 'mother'),
    });
    expect(await messagesOf(bundle)).toEqual([
      // A destination region is an area of the destination country, whatever it is: Lima is not in Chile.
      'respondents.csv, row 3, column destination_region, value "Lima": must be the p-code, ISO 3166-2 code or name of an admin-1 area of CHL; ' +
        'closest: Magallanes (CL-MA), Maule (CL-ML), Tarapacá (CL-TA); if the area is missing, load the COD-AB table of CHL with `dtm-hub locations import` [location]',
      'respondents.csv, row 3, column monthly_income_usd, value "300": may only be answered when worked_in_country is yes (here worked_in_country is no) [only-when]',
      'respondents.csv, row 6, column discrimination_reason, value "age": may only be answered when discriminated is yes (here discriminated is no) [only-when]',
      'children.csv, row 2, column caregiver, value "mother": may only be answered when status is left_in_venezuela (here status is travelling) [only-when]',
    ]);
  });

  it('reports a Venezuelan state it cannot resolve, naming the allowed ones', async () => {
    const bundle = bundleVariant({ 'respondents.csv': (t) => t.replace('Táchira', 'Gotham') });
    const names = ADMIN1_AREAS.VEN.map((a) => a.name).sort((a, b) => a.localeCompare(b, 'es'));
    expect(await messagesOf(bundle)).toEqual([
      `respondents.csv, row 2, column origin_state, value "Gotham": must be a Venezuelan state (name or p-code), one of ${names.join(', ')} [location]`,
    ]);
  });

  it('reports a file that is not UTF-8 with the line and byte of the first bad character', async () => {
    const latin1 = Buffer.from(readFileSync(path.join(FIXTURE, 'respondents.csv'), 'utf8'), 'latin1');
    const offset = latin1.indexOf(0xe1);
    const bundle = bundleVariant({ 'respondents.csv': latin1 });
    expect(await messagesOf(bundle)).toEqual([
      `respondents.csv, row 2: the file is not UTF-8: byte 0xE1 at offset ${offset} is not valid UTF-8 (save the file as CSV UTF-8) [encoding]`,
    ]);
  });

  it('reports an empty file', async () => {
    const bundle = bundleVariant({ 'households.csv': '' });
    expect(await messagesOf(bundle)).toEqual(['households.csv: the file is empty; its first row must be the header naming the columns [empty-file]']);
  });

  it('reports a missing file and a broken quote', async () => {
    const bundle = bundleVariant({
      'children.csv': null,
      'households.csv': (t) => t.replace('h2,r2,1,0,0,0', 'h2,"r2,1,0,0,0'),
    });
    expect(await messagesOf(bundle)).toEqual([
      'households.csv, row 3: is not valid CSV (RFC 4180, comma separated): a quoted value is never closed (a " is missing) [csv-syntax]',
      'children.csv: the bundle folder has no children.csv [missing-file]',
    ]);
  });

  it('reports every broken rule of round.json at once', async () => {
    const bundle = bundleVariant({
      'round.json': (t) => {
        const round = JSON.parse(t) as Record<string, unknown>;
        delete round.country;
        round.fieldworkEnd = '2018-11-01';
        round.dataKind = 'real';
        (round.surveyPoints as Record<string, unknown>[])[1].kind = 'airport';
        return JSON.stringify(round);
      },
    });
    expect(await messagesOf(bundle)).toEqual([
      'round.json, key country: is required: ISO 3166-1 alpha-3 code of the country of the operation (e.g. PER) [required]',
      'round.json, key fieldworkEnd, value "2018-11-01": must not be before fieldworkStart (2018-11-05) [range]',
      'round.json, key dataKind, value "real": must be one of survey, synthetic_calibrated [code]',
      'round.json, key surveyPoints.1.kind, value "airport": must be one of border_control_point, urban_flow_point, bus_terminal, other [code]',
    ]);
  });

  it('reports a workbook whose sheets are not named as the format says', async () => {
    const file = path.join(tempDir(), 'round7.xlsx');
    await writeWorkbook(FIXTURE, file, { sheetNames: { respondents: 'Respondents' } });
    expect(await messagesOf(file)).toEqual([
      'round7.xlsx: the workbook has no sheet named "respondents"; it has "round", "survey_points", "Respondents", "households", "children"; ' +
        'the sheets must be named round, survey_points, respondents, households, children [sheet-name]',
    ]);
  });

  it('reports a file that is not a workbook once', async () => {
    const file = path.join(tempDir(), 'round7.xlsx');
    writeFileSync(file, 'respondent_id,sex\nr1,male\n');
    const messages = await messagesOf(file);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^round7\.xlsx: is not a readable XLSX workbook \(.+\) \[xlsx-unreadable\]$/);
  });

  it('reports a wrong type at row 40,000 of a large file, and counts beyond the reporting limit', async () => {
    const dir = path.join(tempDir(), 'large');
    cpSync((await generatedBundle({ respondents: 45_000 })).dir, dir, { recursive: true });
    const file = path.join(dir, 'respondents.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    const cells = lines[39_999].split(',');
    cells[4] = 'forty';
    lines[39_999] = cells.join(',');
    for (const row of [40_010, 40_020, 40_030]) {
      const c = lines[row - 1].split(',');
      c[3] = 'x';
      lines[row - 1] = c.join(',');
    }
    writeFileSync(file, lines.join('\n'));
    const result = await importBundle(db.ds, dir, { maxReportedViolations: 2 });
    expect(result).toEqual({
      ok: false,
      warnings: [],
      totalViolations: 4,
      violations: [
        {
          file: 'respondents.csv',
          row: 40_000,
          column: 'age',
          value: 'forty',
          rule: 'integer',
          message: 'respondents.csv, row 40000, column age, value "forty": must be an integer from 18 to 100 [integer]',
        },
        {
          file: 'respondents.csv',
          row: 40_010,
          column: 'sex',
          value: 'x',
          rule: 'code',
          message: 'respondents.csv, row 40010, column sex, value "x": must be one of male, female [code]',
        },
      ],
    });
  });
});
