import { DataSource, DataSourceOptions, QueryRunner } from 'typeorm';
import { AcquireOptions, ConnectionWaitTimeout, ReadConnections, ReadLease } from './read-lease';

/** The pg client under a TypeORM query runner: its backend process id, for pg_cancel_backend. */
const backendPid = (runner: QueryRunner): number | undefined =>
  (runner as unknown as { databaseConnection?: { processID?: number } }).databaseConnection?.processID;

/**
 * The planner's cost of a page read out of order, for the hub's reads (PostgreSQL's default is 4,
 * priced for spinning disks). At the default the planner reads every respondent's heap row rather
 * than the stats' covering index (IDX_respondent_stats_point_sex_age: a third of the pages), and a
 * cold `respondentStats(groupBy: [SURVEY_POINT, SEX])` costs about what the plain GROUP BY does;
 * at 1.1 (the usual figure for SSDs and cached data) it takes the index-only scan, about 0.7 times
 * the plain statement at 200,000 respondents. Plans that read no covering index stay the same.
 */
export const READ_RANDOM_PAGE_COST = 1.1;

/** Clients of the read pool: every GraphQL request that reads holds one while it runs. */
export const READ_POOL_SIZE = 20;

/**
 * Clients of the second read pool, whose prepared statements get generic plans: it serves only
 * sessions of one statement whose plan cannot depend on its values (`AcquireOptions.genericPlans`).
 */
export const GENERIC_READ_POOL_SIZE = 10;

/**
 * A read pool's connection defaults, sent in the startup packet (pg's `options`), so a session
 * of one statement, which sends no SET LOCAL, still runs under the budget's server-side backstop
 * and the planner's page cost at no round trip, and its prepared statements get the plans the
 * pool is for. A snapshot transaction's SET LOCAL overrides the first two with what is left of
 * the budget.
 */
export function readConnectionDefaults(budgetMs: number, planCacheMode = READ_PLAN_CACHE_MODE): string {
  return `-c statement_timeout=${Math.max(1, Math.ceil(budgetMs))} -c random_page_cost=${READ_RANDOM_PAGE_COST} -c ${planCacheMode}`;
}

/**
 * The hub's page and loader statements are named prepared statements (db/prepared-statements.ts).
 * PostgreSQL's default (`auto`) would give them a generic plan after five executions when it looks
 * no costlier, and on skewed values that plan can be far slower: the respondents of a survey point
 * with none took 113 ms generic against 0.03 ms custom at 200,000 respondents
 * (docs/stats-performance.md). Custom plans keep the saving of the parse; unnamed statements are
 * planned for their values anyway, so nothing else changes.
 */
export const READ_PLAN_CACHE_MODE = 'plan_cache_mode=force_custom_plan';

/**
 * The second pool's setting: a statement whose plan cannot depend on its values (a keyset page of
 * every respondent or of the respondents of a round) is planned once per connection and its plan reused,
 * which saves the planning, about 0.3-0.4 ms of the 0.9 ms a nested page's statement costs the
 * server (docs/stats-performance.md). The setting also gives unnamed statements generic plans, so
 * this pool runs nothing else.
 */
export const GENERIC_PLAN_CACHE_MODE = 'plan_cache_mode=force_generic_plan';

/** The startup options of the pool a query runner's connection came from (a read pool's defaults above), if any. */
export function poolOptionsOf(runner: QueryRunner | undefined): string | undefined {
  return (runner?.connection.options as { extra?: { options?: string } } | undefined)?.extra?.options;
}

/** What a lease sends to end it: the first statement, then the second if that failed (a cancel that came late fails the first). */
const ENDING = {
  commit: ['COMMIT', 'ROLLBACK'],
  rollback: ['ROLLBACK', 'ROLLBACK'],
  // Outside a transaction, after a failed or cancelled statement: only whether the client still answers.
  check: ['SELECT 1', 'SELECT 1'],
} as const;

/**
 * PostgreSQL: a pooled client per request, in `REPEATABLE READ READ ONLY` (one snapshot for every
 * statement of the transaction, taken at its first statement), with `statement_timeout` set to
 * what is left of the request's budget. The budget's timer cancels a running statement with
 * pg_cancel_backend; statement_timeout is the server-side backstop should that cancel not arrive.
 * A session of one statement gets its client with no transaction (one statement is its own
 * snapshot) and no SET LOCAL: the pool's connection defaults hold the backstop and the page cost.
 *
 * The clients come from a pool of their own, opened from the hub's DataSource, because only the
 * hub's reads may run under a request's statement_timeout: the hub's DataSource also migrates,
 * provisions and seeds at start (as long as an import takes), and the `dtm-hub` commands open
 * theirs in their own processes. The cancel goes through the hub's DataSource, so it never waits
 * for a read client to come free.
 */
export class PostgresSnapshots implements ReadConnections {
  readonly errorsAbortTransaction = true;

  private constructor(
    private readonly reads: DataSource,
    private readonly generic: DataSource,
    private readonly main: DataSource,
  ) {}

  static async open(main: DataSource, budgetMs: number): Promise<PostgresSnapshots> {
    const [reads, generic] = await Promise.all([
      readPool(main, READ_POOL_SIZE, readConnectionDefaults(budgetMs)),
      readPool(main, GENERIC_READ_POOL_SIZE, readConnectionDefaults(budgetMs, GENERIC_PLAN_CACHE_MODE)),
    ]);
    return new PostgresSnapshots(reads, generic, main);
  }

  async acquire({ waitMs, budgetMs, transaction, genericPlans }: AcquireOptions): Promise<ReadLease> {
    const runner = (genericPlans ? this.generic : this.reads).createQueryRunner();
    const connecting = runner.connect();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, waitMs))));
    const first = await Promise.race([connecting.then(() => 'connected' as const), timedOut]).finally(() => clearTimeout(timer));
    if (first === 'timeout') {
      // The pool hands the client over later: give it straight back.
      connecting.then(() => runner.release(), () => undefined);
      throw new ConnectionWaitTimeout(waitMs);
    }
    if (!transaction) return this.lease(runner, false);
    try {
      // One round trip (simple protocol, no parameters); SET LOCAL lasts until COMMIT/ROLLBACK.
      await runner.query(
        `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL statement_timeout = ${Math.max(1, Math.ceil(budgetMs))}; ` +
          `SET LOCAL random_page_cost = ${READ_RANDOM_PAGE_COST}`,
      );
    } catch (err) {
      await runner.release();
      throw err;
    }
    return this.lease(runner, true);
  }

  private lease(runner: QueryRunner, transaction: boolean): ReadLease {
    const pid = backendPid(runner);
    let cancelling: Promise<void> = Promise.resolve();
    let ended: Promise<void> | undefined;
    return {
      manager: runner.manager,
      interrupt: () => {
        if (ended || pid === undefined) return cancelling;
        // Through another pooled connection: the request's own is busy with the statement.
        cancelling = cancelling.then(() => this.main.query('SELECT pg_cancel_backend($1)', [pid]).then(() => undefined, () => undefined));
        return cancelling;
      },
      end: (ok) =>
        (ended ??= (async () => {
          // A cancel still on its way could hit the next user of this connection: wait for it.
          await cancelling;
          // Outside a transaction a statement that went well leaves nothing to end.
          const ending = transaction ? (ok ? ENDING.commit : ENDING.rollback) : ok ? undefined : ENDING.check;
          let broken: Error | undefined;
          if (ending) {
            try {
              await runner.query(ending[0]);
            } catch {
              try {
                await runner.query(ending[1]);
              } catch (again) {
                broken = again instanceof Error ? again : new Error(String(again));
              }
            }
          }
          // Released with an error, the pool discards the client instead of reusing it (PostgresQueryRunner.release(err)).
          await (runner as unknown as { release(err?: Error): Promise<void> }).release(broken);
        })()),
    };
  }

  /** Closes the read pool once its clients are back, or after `graceMs` (a statement past its budget is cancelled by then). */
  async close(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.all([this.reads.destroy(), this.generic.destroy()]), grace]).finally(() => clearTimeout(timer));
  }
}

/** A pool of read clients opened from the hub's DataSource, with its own size and connection defaults. */
async function readPool(main: DataSource, max: number, options: string): Promise<DataSource> {
  const extra = (main.options as { extra?: Record<string, unknown> }).extra;
  const reads = new DataSource({
    ...main.options,
    // The main DataSource has migrated the database; this one only reads (and logs to the same logger).
    migrations: [],
    migrationsRun: false,
    extra: { ...extra, max, options },
  } as DataSourceOptions);
  return reads.initialize();
}
