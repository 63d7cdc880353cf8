import sqlite3 from 'sqlite3';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AcquireOptions, ConnectionWaitTimeout, ReadConnections, ReadLease } from './read-lease';

interface Reader {
  ds: DataSource;
  db: sqlite3.Database;
  /** Kept for requests that hold a heavy-work slot. */
  reserved: boolean;
}

interface Waiter {
  heavy: () => boolean;
  grant(reader: Reader): void;
  refuse(error: Error): void;
  timer: NodeJS.Timeout;
}

const NO_TRANSACTION = /no transaction is active/i;

/**
 * SQLite: the main DataSource has one connection that every query runner shares, so a
 * transaction on it would be shared by concurrent requests. Requests read through a pool of
 * their own connections to the same file instead, each taken by one request at a time, inside a
 * deferred `BEGIN` (under WAL, the snapshot is taken at the first read and held until COMMIT,
 * whatever an importer commits meanwhile). A session of one statement gets its connection with no
 * BEGIN (the statement's own read transaction is its snapshot).
 *
 * The pool has `general` connections for every request plus `reserved` ones (one per heavy-work
 * slot) that only a request holding a slot may take. So a request that got its slot never waits
 * for a connection held by requests queued for a slot (no deadlock), and heavy requests do not
 * use up the connections cheap ones need. Each connection runs one statement at a time
 * (`serialize`), so it occupies at most one of libuv's threads (4 by default), on which
 * node-sqlite3 runs statements: heavy work, bounded by the slots, leaves threads for the rest.
 */
export class SqliteReaders implements ReadConnections {
  readonly errorsAbortTransaction = false;
  private readonly idle: Reader[] = [];
  private readonly idleReserved: Reader[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly leased = new Set<Reader>();
  private readonly all = new Set<Reader>();
  private closing = false;
  private drained?: () => void;

  private constructor(private readonly options: DataSourceOptions) {}

  static async open(main: DataSource, sizes: { general: number; reserved: number }): Promise<SqliteReaders> {
    const readers = new SqliteReaders({
      ...main.options,
      // The main DataSource has migrated the file; readers only read (and log to the same logger).
      migrations: [],
      migrationsRun: false,
      flags: sqlite3.OPEN_READONLY | sqlite3.OPEN_FULLMUTEX,
      busyTimeout: 5000,
    } as DataSourceOptions);
    const opened = await Promise.all([
      ...Array.from({ length: sizes.general }, () => readers.connect(false)),
      ...Array.from({ length: sizes.reserved }, () => readers.connect(true)),
    ]);
    for (const r of opened) readers.park(r);
    return readers;
  }

  private async connect(reserved: boolean): Promise<Reader> {
    const ds = new DataSource(this.options);
    await ds.initialize();
    const db = (ds.driver as unknown as { databaseConnection: sqlite3.Database }).databaseConnection;
    db.serialize();
    const reader = { ds, db, reserved };
    this.all.add(reader);
    return reader;
  }

  async acquire({ waitMs, heavy, transaction }: AcquireOptions): Promise<ReadLease> {
    if (this.closing) throw new Error('the hub is shutting down');
    const reader = (heavy() ? (this.idleReserved.pop() ?? this.idle.pop()) : this.idle.pop()) ?? (await this.waitFor(heavy, waitMs));
    this.leased.add(reader);
    if (!transaction) return this.lease(reader, false);
    try {
      await reader.ds.query('BEGIN');
    } catch (err) {
      await this.giveBack(reader, true);
      throw err;
    }
    return this.lease(reader, true);
  }

  private waitFor(heavy: () => boolean, waitMs: number): Promise<Reader> {
    if (waitMs <= 0) return Promise.reject(new ConnectionWaitTimeout(0));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        heavy,
        grant: resolve,
        refuse: reject,
        timer: setTimeout(() => {
          const at = this.waiters.indexOf(waiter);
          if (at >= 0) this.waiters.splice(at, 1);
          reject(new ConnectionWaitTimeout(waitMs));
        }, waitMs),
      };
      this.waiters.push(waiter);
    });
  }

  private lease(reader: Reader, transaction: boolean): ReadLease {
    let ended: Promise<void> | undefined;
    return {
      manager: reader.ds.manager,
      interrupt: async () => {
        if (ended) return;
        try {
          reader.db.interrupt();
        } catch {
          // Closed or closing: nothing runs on it any more.
        }
      },
      end: (ok) =>
        (ended ??= (async () => {
          // Outside a transaction a statement that went well leaves nothing to end.
          const broken = transaction ? await this.endTransaction(reader, ok) : !ok && (await this.rollbackFails(reader));
          await this.giveBack(reader, broken);
        })()),
    };
  }

  /** COMMIT or ROLLBACK; whether the connection is left in a state we cannot vouch for. */
  private async endTransaction(reader: Reader, ok: boolean): Promise<boolean> {
    try {
      await reader.ds.query(ok ? 'COMMIT' : 'ROLLBACK');
      return false;
    } catch {
      return this.rollbackFails(reader);
    }
  }

  /**
   * Whether a ROLLBACK fails for another reason than there being no transaction: an interrupted
   * statement can end the transaction itself (and outside one, "no transaction is active" is the
   * healthy answer); anything else leaves the connection in a state we cannot vouch for.
   */
  private async rollbackFails(reader: Reader): Promise<boolean> {
    try {
      await reader.ds.query('ROLLBACK');
      return false;
    } catch (err) {
      return !NO_TRANSACTION.test(String(err));
    }
  }

  private async giveBack(reader: Reader, broken: boolean): Promise<void> {
    this.leased.delete(reader);
    if (this.closing) {
      await this.destroy(reader);
      if (this.leased.size === 0) this.drained?.();
      return;
    }
    if (!broken) return this.park(reader);
    await this.destroy(reader);
    // A replacement that cannot open leaves the pool one smaller; waiters then time out as busy.
    const fresh = await this.connect(reader.reserved).catch(() => undefined);
    if (fresh) this.park(fresh);
  }

  /** Hands a free connection to the first waiter that may take it, or keeps it idle. */
  private park(reader: Reader): void {
    const at = this.waiters.findIndex((w) => !reader.reserved || w.heavy());
    if (at >= 0) {
      const [waiter] = this.waiters.splice(at, 1);
      clearTimeout(waiter.timer);
      waiter.grant(reader);
      return;
    }
    (reader.reserved ? this.idleReserved : this.idle).push(reader);
  }

  /** A request waiting for a general connection got its slot: it may take a reserved one now. */
  slotGranted(): void {
    while (this.idleReserved.length > 0 && this.waiters.some((w) => w.heavy())) this.park(this.idleReserved.pop()!);
  }

  private async destroy(reader: Reader): Promise<void> {
    this.all.delete(reader);
    await reader.ds.destroy().catch(() => undefined);
  }

  async close(graceMs: number): Promise<void> {
    this.closing = true;
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.refuse(new Error('the hub is shutting down'));
    }
    if (this.leased.size > 0) {
      await new Promise<void>((resolve) => {
        this.drained = resolve;
        setTimeout(resolve, graceMs).unref();
      });
    }
    await Promise.all([...this.all].map((r) => this.destroy(r)));
    this.idle.length = 0;
    this.idleReserved.length = 0;
  }
}
