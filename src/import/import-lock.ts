import type { QueryRunner } from 'typeorm';
import type { Engine } from './writer';

/**
 * One import writes at a time, on both engines. Two imports started together each check their
 * bundle (reading never waits), then the second waits for the first to finish writing, for at
 * most `waitSeconds`, and is refused past it with nothing written: never a half-written round,
 * a duplicate key or SQLite's `SQLITE_BUSY`.
 *
 * - SQLite: the lock is SQLite's own writer lock, taken by `BEGIN IMMEDIATE` when the write
 *   transaction starts. (A deferred `BEGIN` took it at the first write, after the import had
 *   read inside the transaction: when another import had committed meanwhile, SQLite could not
 *   upgrade the stale read and failed at once with SQLITE_BUSY, without waiting.) Held until the
 *   transaction ends, so everything the import writes (ANALYZE included) happens inside it.
 * - PostgreSQL: a session-level advisory lock (IMPORT_LOCK_KEYS) on the import's connection,
 *   taken before its transaction and released after its ANALYZE; PostgreSQL releases it by itself
 *   if the process dies. Without it, two imports of the same round both deleted the old round and
 *   the second failed on a duplicate key.
 */

/** How long an import waits for another one by default, in seconds (`dtm-hub import --wait`). */
export const DEFAULT_IMPORT_WAIT_SECONDS = 600;

/** The two keys of the advisory lock imports take on PostgreSQL: 'DTMH' and 1 (round imports). */
export const IMPORT_LOCK_KEYS = [0x44544d48, 1] as const;

/** How often a waiting import tries the lock again. */
const POLL_MS = 250;
/** How often a waiting import reports that it is still waiting. */
const REPORT_EVERY_MS = 5000;
/** SQLite's busy timeout of the import's connection once it holds the lock (as opened, data-source.ts). */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** Another import held the lock for all the time this one could wait: nothing was written. */
export class ImportLockTimeout extends Error {
  constructor(readonly waitedSeconds: number) {
    super(
      `another import was writing to the database and had not finished after ${waitedSeconds} s, ` +
        'the longest this import waits; nothing was written. Run this import again when the other one has finished',
    );
    this.name = 'ImportLockTimeout';
  }
}

export interface LockWait {
  /** Longest wait for another import, in seconds; 0 refuses at once. */
  waitSeconds: number;
  /** Told, at once and then every 5 s, how many whole seconds this import has waited. */
  onWait?: (waitedSeconds: number) => void;
}

/** The import's write transaction, begun while holding the import lock. */
export interface LockedWrite {
  commit(): Promise<void>;
  /** Rolls back if the transaction is still open. */
  rollback(): Promise<void>;
  /** Lets the next import write (after commit or rollback, and after the ANALYZE on PostgreSQL). */
  unlock(): Promise<void>;
}

function isSqliteBusy(e: unknown): boolean {
  const err = e as { code?: unknown; driverError?: { code?: unknown }; message?: unknown } | null;
  const code = err?.driverError?.code ?? err?.code;
  return code === 'SQLITE_BUSY' || (typeof err?.message === 'string' && err.message.startsWith('SQLITE_BUSY'));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Tries `attempt` until it takes the lock or `wait.waitSeconds` have passed, reporting the wait.
 * `attempt` returns false (or throws SQLITE_BUSY) while another import holds the lock.
 */
async function acquire(wait: LockWait, attempt: () => Promise<boolean>): Promise<void> {
  const started = Date.now();
  let reported = -Infinity;
  for (;;) {
    if (await attempt()) return;
    const waited = Date.now() - started;
    if (waited >= wait.waitSeconds * 1000) throw new ImportLockTimeout(Math.round(waited / 1000));
    if (waited - reported >= REPORT_EVERY_MS) {
      reported = reported < 0 ? 0 : reported + REPORT_EVERY_MS;
      wait.onWait?.(Math.round(waited / 1000));
    }
    await sleep(Math.min(POLL_MS, wait.waitSeconds * 1000 - waited));
  }
}

/** Takes the import lock on the import's own connection and begins its write transaction. */
export async function beginLockedWrite(qr: QueryRunner, engine: Engine, wait: LockWait): Promise<LockedWrite> {
  return engine === 'postgres' ? beginPostgres(qr, wait) : beginSqlite(qr, wait);
}

async function beginSqlite(qr: QueryRunner, wait: LockWait): Promise<LockedWrite> {
  // Each attempt waits inside SQLite's busy handler for up to POLL_MS, then reports and retries.
  await qr.query(`PRAGMA busy_timeout = ${POLL_MS}`);
  try {
    await acquire(wait, async () => {
      try {
        await qr.query('BEGIN IMMEDIATE');
        return true;
      } catch (e) {
        if (isSqliteBusy(e)) return false;
        throw e;
      }
    });
  } finally {
    await qr.query(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  }
  // TypeORM's startTransaction only issues a deferred BEGIN: this transaction is ended by hand.
  let open = true;
  return {
    async commit() {
      await qr.query('COMMIT');
      open = false;
    },
    async rollback() {
      if (!open) return;
      open = false;
      await qr.query('ROLLBACK');
    },
    unlock: async () => undefined,
  };
}

async function beginPostgres(qr: QueryRunner, wait: LockWait): Promise<LockedWrite> {
  const [a, b] = IMPORT_LOCK_KEYS;
  await acquire(wait, async () => {
    const [{ locked }] = (await qr.query('SELECT pg_try_advisory_lock($1, $2) AS locked', [a, b])) as { locked: boolean }[];
    return locked;
  });
  let locked = true;
  const unlock = async () => {
    if (!locked) return;
    locked = false;
    await qr.query('SELECT pg_advisory_unlock($1, $2)', [a, b]);
  };
  try {
    await qr.startTransaction();
  } catch (e) {
    await unlock();
    throw e;
  }
  return {
    commit: () => qr.commitTransaction(),
    async rollback() {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
    },
    unlock,
  };
}
