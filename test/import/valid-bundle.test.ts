import { importBundle } from '../../src/import/import-round';
import { bundleVariant, FIXTURE, OpenDb, openTestDb, removeTempDirs, setCell, snapshot } from './support';

describe('Import: a valid bundle', () => {
  let db: OpenDb;

  beforeAll(async () => {
    db = await openTestDb();
  });

  afterAll(async () => {
    await db.close();
    removeTempDirs();
  });

  it('checks the bundle in a dry run without writing anything', async () => {
    const before = await snapshot(db.ds);
    const result = await importBundle(db.ds, FIXTURE, { dryRun: true });
    expect(result).toEqual({ ok: true, roundId: 'PER-7', counts: { respondents: 5, households: 5, children: 7 }, warnings: [] });
    expect(await snapshot(db.ds)).toEqual(before);
  });

  it('stores the round with its id, sample size and metadata', async () => {
    const result = await importBundle(db.ds, FIXTURE);
    expect(result).toEqual({ ok: true, roundId: 'PER-7', counts: { respondents: 5, households: 5, children: 7 }, warnings: [] });
    const [round] = await db.ds.query(
      `SELECT id, country, number, name, sample_size, data_kind, caveat, source_url FROM round WHERE id = 'PER-7'`,
    );
    expect(round).toEqual({
      id: 'PER-7',
      country: 'PER',
      number: 7,
      name: 'Test round 7: flow monitoring of the Venezuelan population in Peru',
      sample_size: 5,
      data_kind: 'synthetic_calibrated',
      caveat: 'Fixture rows for the import tests; not IOM microdata.',
      source_url: 'https://example.org/dtm/peru/round-7',
    });
  });

  it('stores survey points with lower-case codes, resolved p-codes and their number of respondents', async () => {
    const points = await db.ds.query(
      `SELECT id, round_id, code, name, kind, direction, admin1_pcode, border_with, sample_size FROM survey_point ORDER BY id`,
    );
    expect(points).toEqual([
      {
        id: 'PER-7:cebaf_tumbes', round_id: 'PER-7', code: 'cebaf_tumbes', name: 'CEBAF, Tumbes', kind: 'border_control_point',
        direction: 'entry', admin1_pcode: 'PE24', border_with: 'ECU', sample_size: 3,
      },
      {
        id: 'PER-7:lima_terminal', round_id: 'PER-7', code: 'lima_terminal', name: 'Terminal Plaza Norte, Lima', kind: 'bus_terminal',
        direction: 'both', admin1_pcode: 'PE15', border_with: null, sample_size: 2,
      },
    ]);
  });

  it('normalises codes, countries, yes/no answers and place names of respondents', async () => {
    const rows = await db.ds.query(
      `SELECT id, code, survey_point_id, sex, age, nationality, origin_state_pcode, employed_before_leaving, trip_cost_usd,
              destination_country, destination_region_pcode, worked_in_country, monthly_income_usd, discriminated
         FROM respondent ORDER BY id`,
    );
    const bool = (v: unknown) => (v === null ? null : v === true || v === 1);
    expect(rows.map((r: Record<string, unknown>) => ({ ...r, employed_before_leaving: bool(r.employed_before_leaving), worked_in_country: bool(r.worked_in_country), discriminated: bool(r.discriminated) }))).toEqual([
      {
        id: 'PER-7:r1', code: 'r1', survey_point_id: 'PER-7:cebaf_tumbes', sex: 'male', age: 34, nationality: 'VEN', origin_state_pcode: 'VE20',
        employed_before_leaving: true, trip_cost_usd: 250.5, destination_country: 'PER', destination_region_pcode: 'PE15', worked_in_country: true,
        monthly_income_usd: 420, discriminated: true,
      },
      {
        id: 'PER-7:r2', code: 'r2', survey_point_id: 'PER-7:lima_terminal', sex: 'female', age: 18, nationality: 'VEN', origin_state_pcode: 'VE13',
        employed_before_leaving: false, trip_cost_usd: null, destination_country: 'CHL', destination_region_pcode: null, worked_in_country: false,
        monthly_income_usd: null, discriminated: null,
      },
      {
        id: 'PER-7:r3', code: 'r3', survey_point_id: 'PER-7:cebaf_tumbes', sex: 'female', age: 100, nationality: 'COL', origin_state_pcode: 'VE01',
        employed_before_leaving: true, trip_cost_usd: 0, destination_country: 'PER', destination_region_pcode: 'PE07', worked_in_country: true,
        monthly_income_usd: 0, discriminated: false,
      },
      {
        id: 'PER-7:r4', code: 'r4', survey_point_id: 'PER-7:lima_terminal', sex: 'male', age: 45, nationality: 'VEN', origin_state_pcode: null,
        employed_before_leaving: null, trip_cost_usd: null, destination_country: null, destination_region_pcode: null, worked_in_country: null,
        monthly_income_usd: null, discriminated: null,
      },
      {
        id: 'PER-7:r5', code: 'r5', survey_point_id: 'PER-7:cebaf_tumbes', sex: 'male', age: 27, nationality: 'VEN', origin_state_pcode: 'VE23',
        employed_before_leaving: true, trip_cost_usd: 20000, destination_country: 'ECU', destination_region_pcode: null, worked_in_country: false,
        monthly_income_usd: null, discriminated: false,
      },
    ]);
  });

  it('stores one respondent_choice row per selected transit country and violence type', async () => {
    const rows = await db.ds.query(`SELECT respondent_id, question, code, round_id FROM respondent_choice ORDER BY respondent_id, question, code`);
    expect(rows).toEqual([
      { respondent_id: 'PER-7:r1', question: 'transit_country', code: 'COL', round_id: 'PER-7' },
      { respondent_id: 'PER-7:r1', question: 'transit_country', code: 'ECU', round_id: 'PER-7' },
      { respondent_id: 'PER-7:r1', question: 'violence_type', code: 'robbery', round_id: 'PER-7' },
      { respondent_id: 'PER-7:r1', question: 'violence_type', code: 'verbal', round_id: 'PER-7' },
      { respondent_id: 'PER-7:r2', question: 'transit_country', code: 'COL', round_id: 'PER-7' },
      { respondent_id: 'PER-7:r5', question: 'transit_country', code: 'COL', round_id: 'PER-7' },
      { respondent_id: 'PER-7:r5', question: 'transit_country', code: 'ECU', round_id: 'PER-7' },
      { respondent_id: 'PER-7:r5', question: 'transit_country', code: 'PER', round_id: 'PER-7' },
      { respondent_id: 'PER-7:r5', question: 'violence_type', code: 'physical', round_id: 'PER-7' },
    ]);
  });

  it('links households to respondents and children to households', async () => {
    const households = await db.ds.query(
      `SELECT id, code, respondent_id, travelling_size, travelling_children, members_in_venezuela, children_in_venezuela FROM household ORDER BY id`,
    );
    expect(households[0]).toEqual({
      id: 'PER-7:h1', code: 'h1', respondent_id: 'PER-7:r1', travelling_size: 3, travelling_children: 1, members_in_venezuela: 4, children_in_venezuela: 2,
    });
    expect(households[2]).toEqual({
      id: 'PER-7:h3', code: 'h3', respondent_id: 'PER-7:r3', travelling_size: 2, travelling_children: 1, members_in_venezuela: null, children_in_venezuela: null,
    });
    const children = await db.ds.query(`SELECT id, household_id, status, sex, age, school_level, caregiver, round_id FROM child ORDER BY id`);
    expect(children).toHaveLength(7);
    expect(children[1]).toEqual({
      id: 'PER-7:c2', household_id: 'PER-7:h1', status: 'left_in_venezuela', sex: 'male', age: 12, school_level: 'secondary', caregiver: 'grandparent', round_id: 'PER-7',
    });
    expect(children[3]).toEqual({
      id: 'PER-7:c4', household_id: 'PER-7:h3', status: 'travelling', sex: 'male', age: 0, school_level: null, caregiver: null, round_id: 'PER-7',
    });
  });

  it('leaves identical data when the same bundle is imported again', async () => {
    const before = await snapshot(db.ds);
    const result = await importBundle(db.ds, FIXTURE);
    expect(result.ok).toBe(true);
    expect(await snapshot(db.ds)).toEqual(before);
  });

  it('replaces the whole round when a changed bundle is imported', async () => {
    const changed = bundleVariant({
      'respondents.csv': (t) => setCell(t.split('\n').filter((l) => !l.startsWith('r4,')).join('\n'), 2, 'age', '35'),
      'households.csv': (t) => t.split('\n').filter((l) => !l.startsWith('h4,')).join('\n'),
    });
    const result = await importBundle(db.ds, changed);
    expect(result).toEqual({ ok: true, roundId: 'PER-7', counts: { respondents: 4, households: 4, children: 7 }, warnings: [] });
    expect(await db.ds.query(`SELECT code, age FROM respondent ORDER BY code`)).toEqual([
      { code: 'r1', age: 35 },
      { code: 'r2', age: 18 },
      { code: 'r3', age: 100 },
      { code: 'r5', age: 27 },
    ]);
    expect(await db.ds.query(`SELECT code FROM household WHERE code = 'h4'`)).toEqual([]);
    expect(await db.ds.query(`SELECT sample_size FROM round WHERE id = 'PER-7'`)).toEqual([{ sample_size: 4 }]);
    expect(await db.ds.query(`SELECT sample_size FROM survey_point WHERE id = 'PER-7:lima_terminal'`)).toEqual([{ sample_size: 1 }]);
  });

  it('warns about unknown columns and ignores them', async () => {
    const bundle = bundleVariant({
      'households.csv': (t) =>
        t
          .split('\n')
          .map((l, i) => (l === '' ? l : `${l},${i === 0 ? 'interviewer_note' : 'x'}`))
          .join('\n'),
    });
    const result = await importBundle(db.ds, bundle, { dryRun: true });
    expect(result).toEqual({
      ok: true,
      roundId: 'PER-7',
      counts: { respondents: 5, households: 5, children: 7 },
      warnings: ['households.csv: unknown column "interviewer_note" (column 7) is ignored'],
    });
  });

  it('skips an HXL hashtag row and counts it in row numbers', async () => {
    const bundle = bundleVariant({
      'respondents.csv': (t) => {
        const [header, ...rest] = t.split('\n');
        const hxl = header.split(',').map((c, i) => (i === 0 ? '#respondent+id' : i === 3 ? '#sex' : '')).join(',');
        return [header, hxl, ...rest].join('\n').replace('r2,LIMA_TERMINAL,2018-11-25,Female,18', 'r2,LIMA_TERMINAL,2018-11-25,Female,17');
      },
    });
    const result = await importBundle(db.ds, bundle, { dryRun: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violations.map((v) => v.message)).toEqual(['respondents.csv, row 4, column age, value "17": must be an integer from 18 to 100 [range]']);
  });
});
