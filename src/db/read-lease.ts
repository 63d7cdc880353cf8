import { EntityManager } from 'typeorm';

/**
 * One request's connection, inside a read-only snapshot transaction that was begun for it, so
 * every statement run through `manager` sees the same committed state of the database; or, when
 * acquired without one (`transaction: false`, for a request of one statement), outside any.
 */
export interface ReadLease {
  readonly manager: EntityManager;
  /** Cancels the statement running on this connection now, if one is (safe to call at any time). */
  interrupt(): Promise<void>;
  /**
   * Ends the transaction (COMMIT when `ok`, ROLLBACK otherwise) and gives the connection back; a
   * connection that cannot be brought back to a clean state is closed and replaced instead.
   * Without a transaction there is nothing to end: the connection goes straight back when `ok`,
   * and after a failed or cancelled statement it is first checked the same way.
   */
  end(ok: boolean): Promise<void>;
}

/** Rejected by `acquire` when no connection became free within the wait allowed. */
export class ConnectionWaitTimeout extends Error {
  constructor(readonly waitedMs: number) {
    super(`no database connection became free within ${waitedMs} ms`);
  }
}

export interface AcquireOptions {
  /** How long to wait for a free connection. */
  waitMs: number;
  /** What is left of the request's time budget; the engine may bound statements by it. */
  budgetMs: number;
  /**
   * Whether the request holds a heavy-work slot (SQLite keeps a connection per slot for them).
   * Asked again while the request waits, as it may get its slot meanwhile.
   */
  heavy: () => boolean;
  /**
   * Whether to begin the read snapshot transaction. False for a session of one statement
   * (`ReadSession.readOnce`): one statement reads one snapshot by itself, so the BEGIN and COMMIT
   * would only cost round trips.
   */
  transaction: boolean;
  /**
   * Whether the connection may plan prepared statements generically (PostgreSQL: a connection of
   * the pool with `plan_cache_mode = force_generic_plan`). Only ever true without a transaction:
   * ReadSession asks it for a session of one statement whose plan cannot depend on its values
   * (`StatementTraits.planFreeOfValues`). Engines without plan caching ignore it.
   */
  genericPlans?: boolean;
}

/** Where requests get their snapshot connections: one implementation per engine. */
export interface ReadConnections {
  /** Statement errors abort the whole transaction (PostgreSQL): later statements cannot run. */
  readonly errorsAbortTransaction: boolean;
  acquire(options: AcquireOptions): Promise<ReadLease>;
  /** A waiting request got its heavy-work slot: it may now take a connection kept for slot holders. */
  slotGranted?(): void;
  /** Waits for the connections in use to come back (at most `graceMs`), then closes every one. */
  close(graceMs: number): Promise<void>;
}
