import type { DataSource } from 'typeorm';

type Row = Record<string, unknown>;

/**
 * Runs one statement straight through the driver (the pg pool, or node-sqlite3's connection),
 * past TypeORM: for bookkeeping outside any request's snapshot (the data-version check, the list
 * sizes of the cost model). Going around the ORM keeps it off the statement logs that tests count
 * per request, which would otherwise depend on timing (whichever request noticed a new data
 * version). A statement with parameters is given as a function of `mark(i)`, which writes the
 * i-th placeholder for the engine (`$1` on PostgreSQL, `?` on SQLite).
 * Falls back to TypeORM for any other driver.
 */
export async function quietQuery(ds: DataSource, sql: string | ((mark: (i: number) => string) => string), params: unknown[] = []): Promise<Row[]> {
  const write = (mark: (i: number) => string) => (typeof sql === 'string' ? sql : sql(mark));
  const driver = ds.driver as unknown as {
    master?: { query(sql: string, params: unknown[]): Promise<{ rows: Row[] }> };
    databaseConnection?: { all(sql: string, params: unknown[], cb: (err: Error | null, rows?: Row[]) => void): void };
  };
  if (ds.options.type === 'postgres' && driver.master) return (await driver.master.query(write((i) => `$${i}`), params)).rows;
  const text = write(() => '?');
  if (ds.options.type === 'sqlite' && driver.databaseConnection) {
    const connection = driver.databaseConnection;
    return new Promise<Row[]>((resolve, reject) => connection.all(text, params, (err, rows) => (err ? reject(err) : resolve(rows ?? []))));
  }
  return (await ds.query(text, params)) as Row[];
}
