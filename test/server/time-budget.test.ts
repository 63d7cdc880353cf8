import { PARTNER_KEY, startTestHub, TestHub } from '../support/hub';
import { endlessCount, expectCancelledAtBudget } from '../support/slow-sql';

const BUDGET_MS = 250;

/** 20 stats fields grouped three ways with four medians: about 60 ms each on round 4, so well over the budget in all. */
const HEAVY_OPERATION = `{ ${Array.from(
  { length: 20 },
  (_, i) =>
    `s${i}: respondentStats(filter: { round: 4 }, groupBy: [TRANSIT_COUNTRY, EDUCATION, AGE_BAND], measures: [TRIP_COST_USD, TRAVEL_DAYS, AGE, MONTHLY_INCOME_USD]) { total groups { count measures { median } } }`,
).join(' ')} }`;

/**
 * The time budget bounds every request's statements: past REQUEST_TIME_BUDGET_MS the running
 * statement is cancelled (PostgreSQL: pg_cancel_backend, with statement_timeout as backstop;
 * SQLite: interrupt), the client gets TIME_BUDGET_EXCEEDED, and the connection serves the next
 * request. One reader connection (and one heavy slot) here, so "the next request" reuses it.
 */
describe('Server: per-request time budget', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub({
      rounds: [4],
      // The cost limit is not under test here: let the heavy operation reach the database.
      env: { REQUEST_TIME_BUDGET_MS: String(BUDGET_MS), SQLITE_READERS: '1', HEAVY_CONCURRENCY: '1', MAX_QUERY_COMPLEXITY: '100000000' },
    });
    base = await t.listen();
  });
  afterAll(() => t?.close());

  it('cancels a statement that runs past the budget and says which budget it ran out of', async () => {
    const ctx = await t.hub.contextFor(`Bearer ${PARTNER_KEY}`);
    // The statement would count for hours; it stopped at the budget (plus scheduling slack).
    await expectCancelledAtBudget(t.ds, BUDGET_MS, () => ctx.statsSql(endlessCount(t.ds), {}), () => ctx.db.release());
  });

  it('answers cheap and stats queries on the same connection after a cancellation', async () => {
    const ctx = await t.hub.contextFor();
    await ctx.statsSql(endlessCount(t.ds), {}).catch(() => undefined);
    await ctx.db.release();

    const cheap = await t.exec('{ rounds { number } }');
    expect(cheap.data).toEqual({ rounds: [{ number: 4 }] });
    const stats = await t.exec('{ respondentStats(filter: { round: 4 }) { total } }', undefined, 'partner');
    expect(stats.errors).toBeUndefined();
    expect(stats.data!.respondentStats.total).toBe(2148);
  });

  it('answers an operation that runs past the budget with HTTP 503, Retry-After and TIME_BUDGET_EXCEEDED', async () => {
    const started = performance.now();
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${PARTNER_KEY}` },
      body: JSON.stringify({ query: HEAVY_OPERATION }),
    });
    const took = performance.now() - started;
    const body = (await res.json()) as { errors?: { message: string; extensions?: Record<string, unknown> }[] };

    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    const codes = new Set(body.errors?.map((e) => e.extensions?.code));
    expect(codes).toEqual(new Set(['TIME_BUDGET_EXCEEDED']));
    expect(body.errors![0].message).toContain(`${BUDGET_MS} ms`);
    expect(body.errors![0].extensions).toMatchObject({ budgetMs: BUDGET_MS });
    // 20 statements of ~60 ms would take over a second; the request ended near its budget.
    expect(took).toBeLessThan(BUDGET_MS + 1000);

    const after = await t.exec('{ rounds { number } }');
    expect(after.errors).toBeUndefined();
  });

  it('gives every connection back when requests fail, so a single SQLite reader keeps serving', async () => {
    // Row-level fields are refused to public callers while the round itself is read.
    for (let i = 0; i < 5; i++) {
      const res = await t.exec('{ round(country: "PER", number: 4) { number respondents(first: 1) { totalCount } } }');
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const res = await t.exec('{ round(country: "PER", number: 4) { sampleSize } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ round: { sampleSize: 2148 } });
    if (t.db.engine === 'postgres') {
      // PostgreSQL has a pool rather than one reader: no client may be left inside a transaction.
      // The answer does not wait for the snapshot's end (read-session-plugin.ts), so the last
      // request's ROLLBACK may still be on its way: a leaked transaction stays open for good,
      // one being ended is gone within moments (seen once on CI: 1 still open at the first look).
      const openTransactions = async () =>
        Number(
          (await t.ds.query(`SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`))[0].n,
        );
      // The verdict, with the count, is the expectation's, not the wait's.
      await until(async () => (await openTransactions()) === 0, 2000).catch(() => undefined);
      expect(await openTransactions()).toBe(0);
    }
  });
});

describe('Server: a request whose client goes away', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4], env: { REQUEST_TIME_BUDGET_MS: '30000', MAX_QUERY_COMPLEXITY: '100000000' } });
    base = await t.listen();
  });
  afterAll(() => t?.close());

  it('ends its snapshot when the connection closes instead of running its statements to the end', async () => {
    t.statements.reset();
    const controller = new AbortController();
    const sent = fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${PARTNER_KEY}` },
      body: JSON.stringify({ query: HEAVY_OPERATION }),
      signal: controller.signal,
    }).catch((e: unknown) => e);
    await until(() => t.statements.sessionStatements.some((sql) => sql.startsWith('BEGIN')));
    controller.abort();
    const aborted = performance.now();
    await sent;

    // The 20 statements take over a second in all; the snapshot ends (ROLLBACK) soon after the close.
    await until(() => t.statements.sessionStatements.some((sql) => sql === 'ROLLBACK'));
    expect(performance.now() - aborted).toBeLessThan(500);
    expect(t.statements.count).toBeLessThan(20);
    const after = await t.exec('{ rounds { number } }');
    expect(after.data).toEqual({ rounds: [{ number: 4 }] });
  });
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > end) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
