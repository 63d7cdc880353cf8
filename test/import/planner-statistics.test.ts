import { importBundle } from '../../src/import/import-round';
import { FIXTURE, OpenDb, openTestDb, ROW_TABLES } from './support';

/** Tables whose planner statistics exist, read from the engine's own catalogue. */
async function analysedTables(db: OpenDb): Promise<string[]> {
  if (db.ds.options.type === 'postgres') {
    const rows: { relname: string }[] = await db.ds.query(
      'SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL ORDER BY relname',
    );
    return rows.map((r) => r.relname);
  }
  const exists: unknown[] = await db.ds.query("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'");
  if (exists.length === 0) return [];
  const rows: { tbl: string }[] = await db.ds.query('SELECT DISTINCT tbl FROM sqlite_stat1 ORDER BY tbl');
  return rows.map((r) => r.tbl);
}

describe('Import: fresh planner statistics', () => {
  let db: OpenDb;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(() => db.close());

  it('analyses every table it wrote before it reports success', async () => {
    const before = await analysedTables(db);
    expect(before.filter((t) => (ROW_TABLES as readonly string[]).includes(t))).toEqual([]);
    const result = await importBundle(db.ds, FIXTURE);
    expect(result.ok).toBe(true);
    const after = await analysedTables(db);
    for (const table of ROW_TABLES) expect({ table, analysed: after.includes(table) }).toEqual({ table, analysed: true });
  });

  it('leaves statistics untouched by a dry run', async () => {
    const before = await analysedTables(db);
    await importBundle(db.ds, FIXTURE, { dryRun: true });
    expect(await analysedTables(db)).toEqual(before);
  });
});
