import { DataSource } from 'typeorm';
import { PostgresSnapshots } from './postgres-snapshots';
import { ReadConnections, ReadLease } from './read-lease';
import { SqliteReaders } from './sqlite-readers';

/**
 * SQLite `:memory:`: a second connection would open a different, empty database, so requests
 * share the main connection with no snapshot and no interrupt (which would hit other requests'
 * statements too). Only the time-budget checks between statements and the heavy-work gate apply.
 * `:memory:` is for trying things out; a file (the default) gets the full guarantees.
 */
class SharedConnection implements ReadConnections {
  readonly errorsAbortTransaction = false;

  constructor(private readonly ds: DataSource) {}

  async acquire(): Promise<ReadLease> {
    return { manager: this.ds.manager, interrupt: async () => undefined, end: async () => undefined };
  }

  async close(): Promise<void> {}
}

/** The snapshot connections for the hub's DataSource, by engine. */
export async function openReadConnections(
  ds: DataSource,
  options: { sqliteReaders: number; heavySlots: number; budgetMs: number },
): Promise<ReadConnections> {
  if (ds.options.type === 'postgres') return PostgresSnapshots.open(ds, options.budgetMs);
  if (ds.options.type === 'sqlite' && ds.options.database !== ':memory:') {
    return SqliteReaders.open(ds, { general: options.sqliteReaders, reserved: options.heavySlots });
  }
  return new SharedConnection(ds);
}
