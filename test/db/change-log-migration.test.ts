import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { importBundle } from '../../src/import/import-round';
import { openHubDatabase } from '../../src/provisioning/hub-database';
import { createTestDatabase, TestDatabase } from '../support/database';
import { FIXTURE } from '../import/support';

describe('Migrations: the change log on a database that already holds rounds', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openHubDatabase(db.config);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('starts the log with one CHANGE_LOG_STARTED entry at the data version of the day, and none on an empty database', async () => {
    // A new database: the migration found no round, and the reference step logged its loads.
    expect(Number((await ds.query("SELECT COUNT(*) AS n FROM change_log WHERE kind = 'CHANGE_LOG_STARTED'"))[0].n)).toBe(0);
    expect((await importBundle(ds, FIXTURE)).ok).toBe(true);
    // Back to the release before the log, holding the imported round, then up again.
    await ds.undoLastMigration({ transaction: 'each' });
    const before = new Date().toISOString();
    await ds.runMigrations({ transaction: 'each' });
    const [version] = (await ds.query("SELECT value FROM hub_setting WHERE key = 'data_version'")) as { value: string }[];
    const rows = (await ds.query('SELECT kind, round_id, data_version, changed_at FROM change_log')) as Record<string, unknown>[];
    expect(rows.map((r) => [r.kind, r.round_id, Number(r.data_version)])).toEqual([['CHANGE_LOG_STARTED', null, Number(version.value)]]);
    expect(String(rows[0].changed_at)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // Within a second of the clock the test read (the database's clock and the test's are the same machine's).
    expect(Date.parse(String(rows[0].changed_at))).toBeGreaterThanOrEqual(Date.parse(before) - 1000);
  });
});
