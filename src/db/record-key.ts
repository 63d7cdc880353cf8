import { createHmac, randomBytes } from 'node:crypto';

/**
 * Record keys of the cell-key method (docs/aggregation.md): every respondent and child row gets a
 * fixed pseudo-random integer in [0, RECORD_KEY_RANGE). A cell's key is the sum of its records'
 * keys modulo the range, so the same set of records always gets the same key (and the same
 * perturbation), whatever query selected it.
 *
 * A key is an HMAC of the row's id under a secret kept in the database (`hub_setting`), so
 * re-importing a round gives every record the same key again, and nobody without the secret can
 * compute a record's key from its id.
 */
export const RECORD_KEY_BITS = 24;
export const RECORD_KEY_RANGE = 2 ** RECORD_KEY_BITS;

/** The `hub_setting` entry that holds the secret (hex). */
export const RECORD_KEY_SECRET_SETTING = 'record_key_secret';

export function newRecordKeySecret(): string {
  return randomBytes(32).toString('hex');
}

/** The record key of one row id: the first 24 bits of HMAC-SHA256(secret, id). */
export function recordKey(secret: string, id: string): number {
  return recordKeyer(secret)(id);
}

/** recordKey with the secret decoded once, for the importer's millions of rows. */
export function recordKeyer(secret: string): (id: string) => number {
  const key = Buffer.from(secret, 'hex');
  return (id) => createHmac('sha256', key).update(id, 'utf8').digest().readUIntBE(0, 3);
}

/** Anything that runs SQL with positional parameters (a QueryRunner or an EntityManager). */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
  connection: { options: { type: string } };
}

/** Reads the secret; the migration that adds record keys creates it. */
export async function readRecordKeySecret(db: Queryable): Promise<string> {
  const p = db.connection.options.type === 'postgres' ? '$1' : '?';
  const rows = (await db.query(`SELECT value FROM hub_setting WHERE key = ${p}`, [RECORD_KEY_SECRET_SETTING])) as { value: string }[];
  if (!rows[0]) throw new Error('the record-key secret is missing from hub_setting: run the migrations');
  return rows[0].value;
}
