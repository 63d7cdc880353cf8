import { Client } from 'pg';
import sqlite3 from 'sqlite3';

export type Engine = 'sqlite' | 'postgres';

export type Row = Record<string, unknown>;

/**
 * A direct connection to the benchmark's database, beside the hub rather than through it: the
 * plain SQL baselines, ANALYZE and the engine's facts run on it. Statements are written with
 * PostgreSQL's `$1, $2, …` placeholders, each used once and in order, and sent to SQLite as `?`.
 */
export interface PlainDb {
  engine: Engine;
  query(sql: string, params?: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

export async function openPlainDb(config: { DATABASE_URL?: string; SQLITE_PATH: string }): Promise<PlainDb> {
  if (config.DATABASE_URL) {
    const client = new Client({ connectionString: config.DATABASE_URL });
    await client.connect();
    return {
      engine: 'postgres',
      query: async (sql, params = []) => (await client.query(sql, params)).rows as Row[],
      close: () => client.end(),
    };
  }
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const d = new sqlite3.Database(config.SQLITE_PATH, (e) => (e ? reject(e) : resolve(d)));
  });
  const all = (sql: string, params: unknown[]) =>
    new Promise<Row[]>((resolve, reject) => db.all(sql, params, (e, rows) => (e ? reject(e) : resolve(rows as Row[]))));
  await all('PRAGMA busy_timeout = 30000', []);
  return {
    engine: 'sqlite',
    query: (sql, params = []) => all(sql.replace(/\$\d+/g, '?'), params),
    close: () => new Promise<void>((resolve, reject) => db.close((e) => (e ? reject(e) : resolve()))),
  };
}
