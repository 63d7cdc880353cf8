import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { importBundle } from '../../src/import/import-round';
import { openHubDatabase } from '../../src/provisioning/hub-database';
import { backfillRecordKeys } from '../../src/provisioning/record-key-backfill';
import { documentedRecordKey, storedRecordKeys } from '../aggregation/cell-key-spec';
import { createTestDatabase, TestDatabase } from '../support/database';
import { FIXTURE } from '../import/support';

describe('Record keys of rows imported before record keys existed', () => {
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

  it('are written once after the record-keys migration, with the secret it made', async () => {
    expect((await importBundle(ds, FIXTURE)).ok).toBe(true);
    // Back to a database of the release before record keys, holding the imported rows.
    while ((await ds.query("SELECT 1 FROM migrations WHERE name = 'RecordKeys1764300000000'")).length > 0) await ds.undoLastMigration({ transaction: 'each' });
    await ds.runMigrations({ transaction: 'each' });
    const pending = await ds.query("SELECT value FROM hub_setting WHERE key = 'record_key_backfill'");
    expect(pending).toEqual([{ value: 'pending' }]);
    const unkeyed = [...(await storedRecordKeys(ds)).keys.values()];
    // The fixture's 5 respondents (and on PostgreSQL their children: on SQLite, TypeORM drops a
    // column by rebuilding the table, and the way down loses the children), at the column's default.
    expect(unkeyed.length).toBeGreaterThanOrEqual(5);
    expect(unkeyed.every((k) => k === 0)).toBe(true);

    expect(await backfillRecordKeys(ds)).toBe(true);
    const { secret, keys } = await storedRecordKeys(ds);
    for (const [id, key] of keys) expect([id, key]).toEqual([id, documentedRecordKey(secret, id)]);
    expect(await ds.query("SELECT value FROM hub_setting WHERE key = 'record_key_backfill'")).toEqual([]);
    expect(await backfillRecordKeys(ds)).toBe(false);
  });
});
