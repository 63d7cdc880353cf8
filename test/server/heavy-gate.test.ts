import type { Context } from '../../src/modules/context';
import { GqlResult, PARTNER_KEY, startTestHub, TestHub } from '../support/hub';
import { endlessCount } from '../support/slow-sql';

// Long enough that a holder released a third of the way in (an interrupted statement, ROLLBACK,
// the slot back) leaves its slot to the queued request on a loaded CI machine: at 300 ms this
// failed once on CI (Node 24, PostgreSQL), the queued request refused after its wait.
const QUEUE_MS = 1000;
const HEAVY = '{ respondentStats(filter: { round: 4 }, groupBy: [SURVEY_POINT]) { total } }';

interface Timed<T> {
  ms: number;
  value: T;
}

async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > end) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const max = (xs: number[]) => Math.max(...xs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * With every heavy-work slot taken by statements that would run for hours (on SQLite they also
 * hold two of libuv's four threads), the hub keeps answering what is cheap, and a further heavy
 * request waits HEAVY_QUEUE_MS for a slot, then is refused with SERVER_BUSY.
 */
describe('Server: heavy-work gate', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    // Polls run as fast as the hub answers: no rate limit, and no response cache, so that the
    // cheap query really reads the database while the heavy slots are taken.
    t = await startTestHub({
      rounds: [4],
      env: {
        HEAVY_CONCURRENCY: '2',
        HEAVY_QUEUE_MS: String(QUEUE_MS),
        REQUEST_TIME_BUDGET_MS: '20000',
        RATE_LIMIT_PER_MINUTE: '1000000',
        RATE_LIMIT_COST_PER_MINUTE: '1000000000',
        RESPONSE_CACHE_MAX_AGE: '0',
      },
    });
    base = await t.listen();
  });
  afterAll(() => t?.close());

  // As a partner, so that stats totals are exact.
  const post = (query: string) =>
    fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${PARTNER_KEY}` },
      body: JSON.stringify({ query }),
    });

  /** Takes every heavy slot with an endless statement; returns the holders and their outcomes. */
  async function fillTheGate(): Promise<{ holders: Context[]; outcomes: Promise<unknown>[] }> {
    const holders = await Promise.all([1, 2].map(() => t.hub.contextFor()));
    const outcomes = holders.map((ctx) => ctx.statsSql(endlessCount(t.ds), {}).catch((e: unknown) => e));
    // A session takes its connection once it holds its slot.
    await until(() => holders.every((ctx) => ctx.db.started));
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { holders, outcomes };
  }

  /** Polls /health, /ready and a cheap query one after another for `ms`, and returns their latencies. */
  async function poll(ms: number) {
    const latency = { health: [] as number[], ready: [] as number[], cheap: [] as number[] };
    const end = performance.now() + ms;
    while (performance.now() < end) {
      const health = await timed(() => fetch(`${base}/health`));
      const ready = await timed(() => fetch(`${base}/ready`));
      const cheap = await timed(() => post('{ rounds { number } }').then((res) => res.json()));
      expect(health.value.status).toBe(200);
      expect(ready.value.status).toBe(200);
      expect(cheap.value).toMatchObject({ data: { rounds: [{ number: 4 }] } });
      latency.health.push(health.ms);
      latency.ready.push(ready.ms);
      latency.cheap.push(cheap.ms);
    }
    return latency;
  }

  const summary = (latency: Record<string, number[]>) =>
    JSON.stringify(Object.fromEntries(Object.entries(latency).map(([k, xs]) => [k, { polls: xs.length, median: +median(xs).toFixed(1), max: +max(xs).toFixed(1) }])));

  it('keeps /health, /ready and a cheap query answering and refuses further heavy requests while the gate is full', async () => {
    // Warmed up (the first requests compile and cache a lot), then measured idle, so that the
    // figures under load compare with something.
    await poll(300);
    const idle = await poll(500);
    const { holders, outcomes } = await fillTheGate();
    try {
      const refused = Promise.all([0, 1].map(() => timed(() => post(HEAVY).then(async (res) => ({ res, body: (await res.json()) as GqlResult })))));
      const refusedCsv = timed(() => fetch(`${base}/export/respondentStats.csv?round=4&groupBy=SEX`).then(async (res) => ({ res, text: await res.text() })));
      const latency = await poll(1500);

      for (const { ms, value } of await refused) {
        expect(value.res.status).toBe(503);
        expect(value.res.headers.get('retry-after')).toBe('1');
        expect(value.body.errors![0].extensions!.code).toBe('SERVER_BUSY');
        expect(value.body.errors![0].message).toContain(`${QUEUE_MS} ms`);
        // Refused once the queue wait ran out, not at once and not after the holders finished.
        expect(ms).toBeGreaterThanOrEqual(QUEUE_MS - 5);
        expect(ms).toBeLessThan(QUEUE_MS + 1500);
      }

      const csv = await refusedCsv;
      expect(csv.value.res.status).toBe(503);
      expect(csv.value.res.headers.get('retry-after')).toBe('1');
      expect(csv.value.text).toContain('HEAVY_CONCURRENCY');

      if (process.env.REPORT_LATENCY) {
        console.info(`latency (${t.db.engine}), idle: ${summary(idle)}; gate full: ${summary(latency)}`);
      }
      // The target is 100 ms; the bound leaves room for a shared, loaded CI machine.
      expect(latency.health.length).toBeGreaterThanOrEqual(5);
      expect(max(latency.health)).toBeLessThan(500);
      expect(max(latency.ready)).toBeLessThan(500);
      expect(max(latency.cheap)).toBeLessThan(500);
    } finally {
      // Ending the holders' requests interrupts their statements and frees the slots.
      await Promise.all(holders.map((ctx) => ctx.db.release()));
    }
    for (const outcome of await Promise.all(outcomes)) expect(outcome).toBeInstanceOf(Error);
    const after = (await post(HEAVY).then((res) => res.json())) as GqlResult;
    expect(after.data!.respondentStats.total).toBe(2148);
  });

  it('gives a request that holds a heavy slot a connection even when requests hold every general one', async () => {
    // SQLITE_READERS (4) requests that read once and keep their snapshots open (as a request
    // waiting for a heavy slot would); on SQLite that is every general reader.
    const holders = await Promise.all([1, 2, 3, 4].map(() => t.hub.contextFor()));
    await Promise.all(holders.map((ctx) => ctx.db.run((m) => m.query('SELECT 1 AS one'))));

    const res = (await post(HEAVY).then((r) => r.json())) as GqlResult;
    expect(res.errors).toBeUndefined();
    expect(res.data!.respondentStats.total).toBe(2148);
    await Promise.all(holders.map((ctx) => ctx.db.release()));
  });

  it('lets a heavy request that waited in the queue run when a slot frees within the wait', async () => {
    const { holders, outcomes } = await fillTheGate();
    const queued = timed(() => post(HEAVY).then(async (res) => ({ status: res.status, body: (await res.json()) as GqlResult })));
    await new Promise((resolve) => setTimeout(resolve, QUEUE_MS / 3));
    await holders[0].db.release();

    const { value } = await queued;
    expect(value.status).toBe(200);
    expect(value.body.data!.respondentStats.total).toBe(2148);
    await holders[1].db.release();
    await Promise.all(outcomes);
  });
});
