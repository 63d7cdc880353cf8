/**
 * The data version: a counter in `hub_setting` that every change of the data served (a round
 * imported or replaced, the reference figures reloaded) increments inside its own transaction.
 * Caches of answers key on it, so a change made by any process (the CLI, another instance) is
 * seen by every hub at its next check.
 */
export const DATA_VERSION_SETTING = 'data_version';

/** Anything that runs SQL with positional parameters (a QueryRunner or an EntityManager). */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
  connection: { options: { type: string } };
}

const mark = (db: Queryable, i: number) => (db.connection.options.type === 'postgres' ? `$${i}` : '?');

/** The current data version (0 before the first change). */
export async function readDataVersion(db: Queryable): Promise<number> {
  const rows = (await db.query(`SELECT value FROM hub_setting WHERE key = ${mark(db, 1)}`, [DATA_VERSION_SETTING])) as { value: string }[];
  return rows[0] ? Number(rows[0].value) : 0;
}

/**
 * Increments the data version; call it inside the transaction that changes the data, so that the
 * new version and the new data become visible together. The row lock of the UPDATE orders
 * concurrent writers.
 */
export async function bumpDataVersion(db: Queryable): Promise<number> {
  const updated = (await db.query(
    `UPDATE hub_setting SET value = CAST(CAST(value AS INTEGER) + 1 AS VARCHAR(500)) WHERE key = ${mark(db, 1)}`,
    [DATA_VERSION_SETTING],
  )) as unknown;
  const current = await readDataVersion(db);
  if (current > 0 || affected(updated) > 0) return current;
  await db.query(`INSERT INTO hub_setting (key, value) VALUES (${mark(db, 1)}, ${mark(db, 2)})`, [DATA_VERSION_SETTING, '1']);
  return 1;
}

/** Rows an UPDATE touched, from either driver's answer shape (TypeORM: [rows, count] on PostgreSQL). */
function affected(result: unknown): number {
  if (Array.isArray(result) && typeof result[1] === 'number') return result[1];
  return 0;
}
