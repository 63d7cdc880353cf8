import { DataSource, EntityManager } from 'typeorm';
import { connectionsBusy, heavyWorkBusy, isCapacityError, requestEnded, timeBudgetExceeded } from './capacity-errors';
import { GateWaitTimeout, HeavyGate } from './heavy-gate';
import { oneStatementManager, SecondStatementRefused } from './one-statement';
import { openReadConnections } from './read-connections';
import { ConnectionWaitTimeout, ReadConnections, ReadLease } from './read-lease';

/** Where a loader or resolver runs its reads: the request's snapshot (a ReadSession). */
export interface Reads {
  /** Runs statements on the read snapshot (acquired on first use). */
  run<T>(work: (manager: EntityManager) => Promise<T>, statement?: StatementTraits): Promise<T>;
}

/** What the caller knows of the statement `work` runs, for the connection it gets. */
export interface StatementTraits {
  /**
   * Its best plan is the same for any bound values (a keyset page whose filter is
   * `WhereBuilder.planFreeOfValues`). In a session of one statement (`readOnce`) it then runs with a generic
   * plan, made once per connection, instead of being planned again for each execution.
   */
  planFreeOfValues?: boolean;
}

export interface ReadLimits {
  /** REQUEST_TIME_BUDGET_MS: how long a request's database work may take, waits included. */
  budgetMs: number;
  /** HEAVY_QUEUE_MS: how long a request may wait for a heavy-work slot. */
  heavyQueueMs: number;
}

/** SQLITE_INTERRUPT from node-sqlite3, 57014 (query_canceled: timeout or cancel) from PostgreSQL. */
function isCancellation(err: unknown): boolean {
  const e = err as { code?: unknown; errno?: unknown; driverError?: { code?: unknown; errno?: unknown } } | undefined;
  const codes = [e?.code, e?.driverError?.code];
  return codes.includes('SQLITE_INTERRUPT') || codes.includes('57014');
}

/** How often a request past its budget re-interrupts its connection while statements are still queued on it. */
const INTERRUPT_REPEAT_MS = 100;

/**
 * One request's reads: every statement runs on one connection inside one read-only snapshot
 * transaction, acquired lazily at the first statement (a request that reads no table takes no
 * connection), bounded by the request's time budget, and ended by `release` (idempotent: the
 * Apollo plugin calls it when the response is ready, on success and on error).
 *
 * Heavy statements (stats) first take a heavy-work slot, which the request then keeps until it
 * ends: its statements run one at a time on its connection anyway, and a slot holder that keeps
 * its slot can always get a reserved connection (see SqliteReaders), so slots never deadlock
 * with connections.
 *
 * A session marked by `readOnce` before its first statement reads with one statement and no
 * transaction at all (see there).
 */
export class ReadSession implements Reads {
  private deadline?: number;
  private timer?: NodeJS.Timeout;
  private expired = false;
  private lease?: Promise<ReadLease>;
  private acquired?: ReadLease;
  private slot?: Promise<() => void>;
  private holdsSlot = false;
  private failure?: unknown;
  private inFlight = 0;
  private tail: Promise<unknown> = Promise.resolve();
  private idle: (() => void)[] = [];
  private ended?: Promise<void>;
  private once = false;
  private manager?: EntityManager;

  constructor(
    private readonly connections: ReadConnections,
    private readonly gate: HeavyGate,
    private readonly limits: ReadLimits,
  ) {}

  /** Whether a connection has been taken (tests and logs). */
  get started(): boolean {
    return this.lease !== undefined;
  }

  /**
   * Marks the session as reading with exactly one statement, so its connection is taken without
   * a transaction: one statement reads one snapshot by itself, and the snapshot's framing would
   * only cost round trips (PostgreSQL: the `BEGIN ...; SET LOCAL ...` and the `COMMIT`, two of the
   * three a one-statement request made; SQLite: BEGIN and COMMIT). The time budget and its
   * cancel, the heavy-work gate, the connection wait and `release` work as for any session; on
   * PostgreSQL the budget's server-side backstop and the planner setting come from the read
   * pool's connection defaults instead of SET LOCAL (PostgresSnapshots).
   *
   * Must be called before the first `run`/`runHeavy` (it throws after). A second statement in the
   * session is then refused with `SecondStatementRefused` (a bug in the caller, never answered
   * from another snapshot), whether it comes from a second `run` or from one `run` whose work
   * sends two statements (`getManyAndCount`, a paged `find` with joins).
   */
  readOnce(): void {
    if (this.ended || this.deadline !== undefined) {
      throw new Error('ReadSession.readOnce must be called before the session runs anything; this session has already read or ended');
    }
    this.once = true;
  }

  run<T>(work: (manager: EntityManager) => Promise<T>, statement?: StatementTraits): Promise<T> {
    return this.execute(work, false, statement);
  }

  /** Runs heavy work: through the heavy-work gate first, then as `run`. */
  runHeavy<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.execute(work, true);
  }

  private async execute<T>(work: (manager: EntityManager) => Promise<T>, heavy: boolean, statement?: StatementTraits): Promise<T> {
    if (this.ended) throw requestEnded();
    this.startClock();
    this.inFlight += 1;
    try {
      this.check();
      if (heavy && !this.holdsSlot) {
        this.slot ??= this.gate.acquire(Math.min(this.limits.heavyQueueMs, this.remaining()));
        await this.slot;
        this.holdsSlot = true;
        // A cheap statement of this request may already be waiting for a connection.
        if (this.lease && !this.acquired) this.connections.slotGranted?.();
      }
      this.check();
      this.lease ??= this.connections.acquire({
        waitMs: this.remaining(),
        budgetMs: this.remaining(),
        heavy: () => this.holdsSlot,
        transaction: !this.once,
        // Only the one statement of a session is known when its connection is taken.
        genericPlans: this.once && statement?.planFreeOfValues === true,
      });
      const lease = (this.acquired = await this.lease);
      const manager = (this.manager ??= this.once ? oneStatementManager(lease.manager) : lease.manager);
      return await this.serially(() => {
        this.check();
        return work(manager);
      });
    } catch (err) {
      throw this.explain(err);
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  /**
   * One piece of work at a time on the request's connection: a connection runs one statement at
   * a time anyway (pg deprecates queueing on a busy client), and work still queued when the budget
   * runs out then never starts.
   */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private startClock(): void {
    if (this.deadline !== undefined) return;
    this.deadline = performance.now() + this.limits.budgetMs;
    this.timer = setTimeout(() => this.expire(), this.limits.budgetMs);
    this.timer.unref();
  }

  private remaining(): number {
    return Math.max(0, (this.deadline ?? performance.now()) - performance.now());
  }

  /** Past the budget, or after a failure that spoils the transaction: no further statement starts. */
  private check(): void {
    if (this.failure) throw this.failure;
    if (this.expired || this.remaining() <= 0) {
      this.expired = true;
      throw timeBudgetExceeded(this.limits.budgetMs);
    }
  }

  private expire(): void {
    this.expired = true;
    this.interruptWhileBusy();
  }

  /**
   * Interrupts the running statement, and again while statements of this request remain queued
   * on its connection (SQLite runs them one by one after the interrupted one).
   */
  private interruptWhileBusy(): void {
    if (this.inFlight === 0 || !this.acquired) return;
    void this.acquired.interrupt();
    setTimeout(() => this.interruptWhileBusy(), INTERRUPT_REPEAT_MS).unref();
  }

  /** Turns waits that ran out and cancelled statements into the client's errors. */
  private explain(err: unknown): unknown {
    // A refused second statement never reached the connection: the session's state is untouched.
    if (isCapacityError(err) || err === this.failure || err instanceof SecondStatementRefused) return err;
    if (this.expired || isCancellation(err)) {
      this.expired = true;
      return timeBudgetExceeded(this.limits.budgetMs);
    }
    if (err instanceof GateWaitTimeout) return heavyWorkBusy(this.gate.slots, this.limits.heavyQueueMs);
    if (err instanceof ConnectionWaitTimeout) return connectionsBusy(err.waitedMs);
    // On PostgreSQL a failed statement aborts the transaction: later statements would only say
    // "current transaction is aborted", so they fail with the first error instead.
    if (this.connections.errorsAbortTransaction && this.acquired) this.failure ??= err;
    return err;
  }

  /**
   * Ends the snapshot: statements still running (fields graphql-js abandoned after an error) are
   * interrupted and awaited, the transaction ends, the connection and any heavy-work slot go back.
   */
  release(): Promise<void> {
    return (this.ended ??= this.end());
  }

  private async end(): Promise<void> {
    if (this.inFlight > 0) {
      this.expired = true;
      this.interruptWhileBusy();
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
    clearTimeout(this.timer);
    const lease = await this.lease?.catch(() => undefined);
    try {
      await lease?.end(!this.failure && !this.expired);
    } finally {
      // The connection goes back before the slot, so the next slot holder finds a reserved one.
      const freeSlot = await this.slot?.catch(() => undefined);
      freeSlot?.();
    }
  }
}

/** The hub's source of read sessions: its snapshot connections, the heavy-work gate and the limits. */
export class ReadSessions {
  private constructor(
    readonly connections: ReadConnections,
    readonly gate: HeavyGate,
    readonly limits: ReadLimits,
  ) {}

  static async open(
    ds: DataSource,
    config: { REQUEST_TIME_BUDGET_MS: number; HEAVY_CONCURRENCY: number; HEAVY_QUEUE_MS: number; SQLITE_READERS: number },
  ): Promise<ReadSessions> {
    const connections = await openReadConnections(ds, {
      sqliteReaders: config.SQLITE_READERS,
      heavySlots: config.HEAVY_CONCURRENCY,
      budgetMs: config.REQUEST_TIME_BUDGET_MS,
    });
    return new ReadSessions(connections, new HeavyGate(config.HEAVY_CONCURRENCY), {
      budgetMs: config.REQUEST_TIME_BUDGET_MS,
      heavyQueueMs: config.HEAVY_QUEUE_MS,
    });
  }

  /** A new request's session; it takes nothing until its first statement. */
  session(): ReadSession {
    return new ReadSession(this.connections, this.gate, this.limits);
  }

  close(): Promise<void> {
    return this.connections.close(this.limits.budgetMs);
  }
}
