import { importBundle } from '../../src/import/import-round';
import { loadReferenceData } from '../../src/provisioning/reference-data';
import { SEEDS_DIR } from '../../src/provisioning/seed-database';
import path from 'node:path';
import { bundleVariant, FIXTURE, OpenDb, openTestDb, removeTempDirs, setCell } from './support';

/** The stored data version, read raw from hub_setting (0 when the row does not exist yet). */
async function version(db: OpenDb): Promise<number> {
  const rows: { value: string }[] = await db.ds.query("SELECT value FROM hub_setting WHERE key = 'data_version'");
  return rows[0] ? Number(rows[0].value) : 0;
}

describe('Import: the data version that caches key on', () => {
  let db: OpenDb;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => {
    await db.close();
    removeTempDirs();
  });

  it('goes up by one with every round imported or replaced, and with every reload of the reference data', async () => {
    const start = await version(db);
    expect((await importBundle(db.ds, FIXTURE)).ok).toBe(true);
    expect(await version(db)).toBe(start + 1);
    expect((await importBundle(db.ds, FIXTURE)).ok).toBe(true);
    expect(await version(db)).toBe(start + 2);
    await loadReferenceData(db.ds, path.join(SEEDS_DIR, 'reference'));
    expect(await version(db)).toBe(start + 3);
  });

  it('stays as it is after a dry run or a refused bundle', async () => {
    const before = await version(db);
    await importBundle(db.ds, FIXTURE, { dryRun: true });
    const refused = await importBundle(db.ds, bundleVariant({ 'respondents.csv': (t) => setCell(t, 4, 'age', '101') }));
    expect(refused.ok).toBe(false);
    expect(await version(db)).toBe(before);
  });
});
