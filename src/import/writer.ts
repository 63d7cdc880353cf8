import { DataSource, QueryRunner } from 'typeorm';

/**
 * Multi-row INSERTs with bound parameters, sent one at a time on the import's transaction. While one statement runs, the import parses the next
 * batch: the queue keeps at most one statement in flight and preserves submission order (so a
 * child row is never inserted before its parent).
 */

export type Engine = 'sqlite' | 'postgres';

export function engineOf(dataSource: DataSource): Engine {
  return dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
}

/** Bound parameters one statement may carry. */
export async function parameterLimit(qr: QueryRunner, engine: Engine): Promise<number> {
  if (engine === 'postgres') return 65535;
  const [{ v }] = (await qr.query('SELECT sqlite_version() AS v')) as { v: string }[];
  const [major, minor] = v.split('.').map(Number);
  // SQLITE_MAX_VARIABLE_NUMBER defaults to 999 before 3.32.0 and to 32766 since.
  return major > 3 || (major === 3 && minor >= 32) ? 32766 : 999;
}

/** A driver error without the bound parameters (they are answers and must not reach logs). */
export class WriteError extends Error {
  constructor(table: string, cause: unknown) {
    const driverMessage = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    super(`writing table ${table} failed: ${driverMessage}`);
    this.name = 'WriteError';
  }
}

export class InsertQueue {
  private inFlight: Promise<void> = Promise.resolve();
  private failure: Error | null = null;

  constructor(private readonly qr: QueryRunner) {}

  /** Waits for the previous statement, then starts this one without waiting for it. */
  async submit(table: string, sql: string, params: unknown[]): Promise<void> {
    await this.inFlight;
    if (this.failure) throw this.failure;
    this.inFlight = this.qr.query(sql, params).then(
      () => undefined,
      (e: unknown) => {
        this.failure = new WriteError(table, e);
      },
    );
  }

  async drain(): Promise<void> {
    await this.inFlight;
    if (this.failure) throw this.failure;
  }
}

/**
 * PostgreSQL array types of a table's columns, for `unnest`: one bound array per column carries
 * a whole batch, so the statement's size and planning time do not grow with the batch.
 */
export async function columnArrayTypes(qr: QueryRunner, table: string): Promise<Map<string, string>> {
  const rows = (await qr.query(
    'SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1',
    [table],
  )) as { column_name: string; udt_name: string }[];
  return new Map(rows.map((r) => [r.column_name, `${r.udt_name}[]`]));
}

/**
 * Rows of one table, sent as one statement per batch: on SQLite a multi-row
 * `INSERT ... VALUES (?, ...), (?, ...)` under the bound-parameter limit; on PostgreSQL
 * `INSERT ... SELECT * FROM unnest($1::varchar[], $2::int4[], ...)`, one bound array per column.
 */
export class BatchInsert {
  private params: unknown[] = [];
  private columnsData: unknown[][];
  private rows = 0;
  readonly maxRows: number;
  private readonly fullSql: string;

  constructor(
    private readonly queue: InsertQueue,
    private readonly engine: Engine,
    readonly table: string,
    private readonly columns: string[],
    parameterLimit: number,
    preferredRows = 1000,
    private readonly arrayTypes: Map<string, string> | null = null,
  ) {
    this.columnsData = columns.map(() => []);
    this.maxRows =
      engine === 'postgres' ? Math.max(1, preferredRows * 5) : Math.max(1, Math.min(preferredRows, Math.floor(parameterLimit / columns.length)));
    if (engine === 'postgres' && !arrayTypes) throw new Error(`column types of ${table} are needed on PostgreSQL`);
    this.fullSql = this.sql(this.maxRows);
  }

  get pending(): number {
    return this.rows;
  }

  /** Adds one row (values in column order); true when the batch is full and should be flushed. */
  add(values: unknown[]): boolean {
    if (this.engine === 'postgres') {
      for (let i = 0; i < values.length; i++) this.columnsData[i].push(values[i]);
    } else {
      for (let i = 0; i < values.length; i++) this.params.push(values[i]);
    }
    this.rows += 1;
    return this.rows >= this.maxRows;
  }

  async flush(): Promise<void> {
    if (this.rows === 0) return;
    const sql = this.rows === this.maxRows ? this.fullSql : this.sql(this.rows);
    let params: unknown[];
    if (this.engine === 'postgres') {
      params = this.columnsData;
      this.columnsData = this.columns.map(() => []);
    } else {
      params = this.params;
      this.params = [];
    }
    this.rows = 0;
    await this.queue.submit(this.table, sql, params);
  }

  private sql(rows: number): string {
    const n = this.columns.length;
    const names = this.columns.map((c) => `"${c}"`).join(',');
    if (this.engine === 'postgres') {
      const arrays = this.columns.map((c, i) => `$${i + 1}::${this.arrayTypes?.get(c) ?? 'text[]'}`);
      return `INSERT INTO "${this.table}" (${names}) SELECT * FROM unnest(${arrays.join(',')})`;
    }
    const group = `(${new Array(n).fill('?').join(',')})`;
    return `INSERT INTO "${this.table}" (${names}) VALUES ${new Array(rows).fill(group).join(',')}`;
  }
}

/** Booleans as the engine stores them (SQLite has no boolean type: TypeORM uses 1/0). */
export function dbBoolean(engine: Engine, v: boolean | null): boolean | number | null {
  if (v === null) return null;
  return engine === 'sqlite' ? (v ? 1 : 0) : v;
}
