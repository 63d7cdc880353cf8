import { DataSource, EntityManager } from 'typeorm';
import { bumpDataVersion } from '../db/data-version';
import { readRecordKeySecret, recordKeyer } from '../db/record-key';

/** Set by the record-keys migration on a database that already held rows. */
const BACKFILL_SETTING = 'record_key_backfill';
const BATCH = 500;

/**
 * Gives the rows imported before record keys existed their keys: the migration that added the
 * column cannot (the key is a keyed hash of the id, application code), so it leaves a request in
 * `hub_setting` that this answers once, in one transaction. Rows imported since have the same
 * keys already (a key depends only on the id and the secret).
 */
export async function backfillRecordKeys(ds: DataSource): Promise<boolean> {
  const p = ds.options.type === 'postgres' ? '$1' : '?';
  const pending = (await ds.query(`SELECT 1 FROM hub_setting WHERE key = ${p}`, [BACKFILL_SETTING])) as unknown[];
  if (pending.length === 0) return false;
  await ds.transaction(async (m) => {
    const keyOf = recordKeyer(await readRecordKeySecret(m));
    for (const table of ['respondent', 'child']) await backfill(m, table, keyOf);
    await m.query(`DELETE FROM hub_setting WHERE key = ${p}`, [BACKFILL_SETTING]);
    await bumpDataVersion(m);
  });
  return true;
}

/** A batch of ids per statement. */
async function backfill(m: EntityManager, table: string, keyOf: (id: string) => number): Promise<void> {
  const pg = m.connection.options.type === 'postgres';
  const ids = ((await m.query(`SELECT id FROM ${table} ORDER BY id`)) as { id: string }[]).map((r) => r.id);
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH);
    let n = 0;
    const p = () => (pg ? `$${++n}` : '?');
    // PostgreSQL types an untyped parameter in a CASE branch as text, not as the column's integer.
    const cases = chunk.map(() => `WHEN ${p()} THEN CAST(${p()} AS INTEGER)`).join(' ');
    const list = chunk.map(() => p()).join(', ');
    const params = [...chunk.flatMap((id) => [id, keyOf(id)]), ...chunk];
    await m.query(`UPDATE ${table} SET record_key = CASE id ${cases} END WHERE id IN (${list})`, params);
  }
}
