import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { importBundle } from '../../src/import/import-round';
import { seedColumns } from '../support/csv';
import { bundleVariant, FIXTURE, OpenDb, openTestDb, removeTempDirs, snapshot, tempDir } from './support';
import { writeWorkbook } from './support-xlsx';

describe('Import: XLSX workbooks and header mapping', () => {
  let db: OpenDb;
  let fromCsv: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    db = await openTestDb();
    expect((await importBundle(db.ds, FIXTURE)).ok).toBe(true);
    fromCsv = await snapshot(db.ds);
  });

  afterAll(async () => {
    await db.close();
    removeTempDirs();
  });

  it('stores the same data from an XLSX workbook as from the CSV folder', async () => {
    const file = path.join(tempDir(), 'round7.xlsx');
    await writeWorkbook(FIXTURE, file);
    const result = await importBundle(db.ds, file);
    expect(result).toEqual({ ok: true, roundId: 'PER-7', counts: { respondents: 5, households: 5, children: 7 }, warnings: [] });
    expect(await snapshot(db.ds)).toEqual(fromCsv);
  });

  it('reads Excel date serials in date cells that lost their date format', async () => {
    const file = path.join(tempDir(), 'round7-serials.xlsx');
    await writeWorkbook(FIXTURE, file, { datesAsSerials: true });
    expect((await importBundle(db.ds, file)).ok).toBe(true);
    expect(await snapshot(db.ds)).toEqual(fromCsv);
  });

  it('skips an HXL row of a worksheet and numbers rows as Excel shows them', async () => {
    const file = path.join(tempDir(), 'round7-hxl.xlsx');
    const bundle = bundleVariant({ 'households.csv': (t) => t.replace('h5,r5,4,2,3,1', 'h5,r5,4,2,3,4') });
    await writeWorkbook(bundle, file, { hxl: { households: ['#household+id', '#respondent+id', '#affected+travelling'] } });
    const result = await importBundle(db.ds, file);
    expect(result).toEqual({
      ok: false,
      warnings: [],
      totalViolations: 1,
      violations: [
        {
          file: 'round7-hxl.xlsx [households]',
          row: 7,
          column: 'children_in_venezuela',
          value: '4',
          rule: 'at-most',
          message: 'round7-hxl.xlsx [households], row 7, column children_in_venezuela, value "4": must not exceed members_in_venezuela (3) [at-most]',
        },
      ],
    });
    expect(await snapshot(db.ds)).toEqual(fromCsv);
  });

  it('maps KoBoToolbox headers and answer labels onto the canonical bundle', async () => {
    const kobo = bundleVariant({
      'respondents.csv': (t) => {
        const [header, ...rows] = t.split('\n');
        const renamed = header
          .replace('respondent_id', '_id')
          .replace(',sex,', ',group_x/sexo,')
          .replace(',age,', ',group_x/P3_edad,')
          .concat(',_uuid');
        const hxl = renamed
          .split(',')
          .map((h) => (h === 'nationality' ? '#country+code+nationality' : ''))
          .join(',');
        const body = rows.map((r) =>
          r === ''
            ? r
            : `${r.replace(/,male,/i, ',hombre,').replace(/,female,/i, ',Mujer,').replace(',VEN,', ',venezolana,').replace(',ven,', ',venezolana,')},uuid-x`,
        );
        return [renamed.replace(',nationality,', ',nacionalidad,'), hxl, ...body].join('\n');
      },
      'mapping.json': JSON.stringify({
        respondents: { _id: 'respondent_id', 'group_x/sexo': 'sex', 'group_x/P3_edad': 'age', '#country+nationality+code': 'nationality' },
        values: { sex: { hombre: 'male', mujer: 'female' }, 'respondents.nationality': { Venezolana: 'VEN' } },
      }),
    });
    const result = await importBundle(db.ds, kobo);
    expect(result).toEqual({
      ok: true,
      roundId: 'PER-7',
      counts: { respondents: 5, households: 5, children: 7 },
      warnings: ['respondents.csv: unknown column "_uuid" (column 26) is ignored'],
    });
    expect(await snapshot(db.ds)).toEqual(fromCsv);
  });

  it('names both the canonical column and the source header in violations of mapped columns', async () => {
    const kobo = bundleVariant({
      'respondents.csv': (t) => t.replace(',sex,', ',group_x/sexo,').replace('r4,lima_terminal,2018-11-12,MALE', 'r4,lima_terminal,2018-11-12,otro'),
    });
    const mapping = path.join(tempDir(), 'kobo-mapping.json');
    writeFileSync(mapping, JSON.stringify({ respondents: { 'group_x/sexo': 'sex' } }));
    const result = await importBundle(db.ds, kobo, { mappingPath: mapping });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violations.map((v) => v.message)).toEqual([
      'respondents.csv, row 5, column sex (header "group_x/sexo"), value "otro": must be one of male, female [code]',
    ]);
  });

  it('reports a mapping onto a column the format does not have', async () => {
    const mapping = path.join(tempDir(), 'bad-mapping.json');
    writeFileSync(mapping, JSON.stringify({ respondents: { sexo: 'gender' }, answers: {} }));
    const result = await importBundle(db.ds, FIXTURE, { mappingPath: mapping, dryRun: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violations[0].message).toBe(
      `bad-mapping.json, key respondents.sexo, value "gender": is not a column of respondents; allowed: ${seedColumns('respondents').join(', ')} [mapping]`,
    );
    expect(result.violations[1].message).toBe(
      'bad-mapping.json, key answers: unknown key; allowed keys are survey_points, respondents, households, children, values [mapping]',
    );
  });
});
