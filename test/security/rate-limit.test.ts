import { randomUUID } from 'node:crypto';
import { redisReachable, TEST_REDIS_URL } from '../support/redis';
import { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { loadConfig } from '../../src/config/config';
import { buildHubSchema } from '../../src/schema/build-schema';
import { createHub, Hub } from '../../src/server/app';
import { ClientTable, OVERFLOW_CLIENT, RateLimits } from '../../src/security/rate-limits';
import { createLogger } from '../../src/server/logger';
import { startTestHub, TestHub } from '../support/hub';
import { aliasBomb } from './cost-bombs';

/*
 * Expected budgets are worked out by hand (docs/limits.md): every operation is charged its cost
 * plus a floor of 10. `{ respondentStats(groupBy: [SEX]) { total } }` costs
 * ceil(100 x 1.5 + 3 / 10) + 1 = 152, so 162 a request; `{ __typename }` costs 0, so 10.
 */
const STATS = '{ respondentStats(groupBy: [SEX]) { total } }';
const STATS_CHARGE = 162;
const FLOOR = 10;
const BUDGET = 1000;

interface Reply {
  status: number;
  retryAfter: string | null;
  body: { errors?: { message: string; extensions?: { code?: string } }[]; extensions?: { cost?: Record<string, number> } };
}

async function post(base: string, query: string, client: string): Promise<Reply> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    // The hub trusts one proxy hop in these tests, so each X-Forwarded-For is a client of its own.
    headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Reply['body'] };
}

describe('Security: rate limits count cost', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub({
      rounds: [4],
      // No response cache: each repeated stats request runs its statement and is charged its cost.
      env: { RATE_LIMIT_COST_PER_MINUTE: String(BUDGET), RATE_LIMIT_PER_MINUTE: '1000', TRUST_PROXY_HOPS: '1', RESPONSE_CACHE_MAX_AGE: '0' },
    });
    base = await t.listen();
  });
  afterAll(() => t.close());

  it('refuses with 429 after the number of requests the budget pays for, with Retry-After and RATE_LIMITED', async () => {
    const replies: Reply[] = [];
    for (let i = 0; i < 7; i++) replies.push(await post(base, STATS, '198.51.100.1'));
    // floor(1000 / 162) = 6 requests fit.
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 429]);
    expect(replies.slice(0, 6).map((r) => r.body.extensions!.cost!.remainingThisMinute)).toEqual([1, 2, 3, 4, 5, 6].map((n) => BUDGET - n * STATS_CHARGE));
    const refused = replies[6];
    expect(refused.body.errors![0].extensions!.code).toBe('RATE_LIMITED');
    expect(refused.body.errors![0].message).toMatch(/costs 152/);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    // The refused request keeps only its floor: 1000 - 6 x 162 - 10 = 18 left.
    expect(refused.body.extensions!.cost).toEqual({ requested: 152, limit: 25000, budgetPerMinute: BUDGET, remainingThisMinute: 18 });
  });

  it('still lets cheap requests through until the floor no longer fits', async () => {
    // 18 left from the test above: one request at 10 fits, the next does not.
    const first = await post(base, '{ __typename }', '198.51.100.1');
    const second = await post(base, '{ __typename }', '198.51.100.1');
    expect([first.status, second.status]).toEqual([200, 429]);
    expect(first.body.extensions!.cost!.remainingThisMinute).toBe(8);
  });

  it('keeps a separate budget for each client address', async () => {
    const other = await post(base, STATS, '198.51.100.2');
    expect(other.status).toBe(200);
    expect(other.body.extensions!.cost!.remainingThisMinute).toBe(BUDGET - STATS_CHARGE);
  });

  it('charges an operation refused by the cost limit only the floor', async () => {
    const refused = await post(base, aliasBomb(50), '198.51.100.3');
    expect(refused.status).toBe(400);
    expect(refused.body.extensions!.cost!.remainingThisMinute).toBe(BUDGET - FLOOR);
    // A syntax error (its status follows the GraphQL-over-HTTP rules for the Accept header).
    const broken = await post(base, '{ rounds {', '198.51.100.3');
    expect(broken.body.extensions!.cost).toEqual({ limit: 25000, budgetPerMinute: BUDGET, remainingThisMinute: BUDGET - 2 * FLOOR });
  });

  it('charges a CSV export the cost of the stats statement it runs, and answers 429 once the budget is spent', async () => {
    const csv = () => fetch(`${base}/export/respondentStats.csv?groupBy=SEX`, { headers: { 'x-forwarded-for': '198.51.100.4' } });
    const first = await csv();
    expect(first.status).toBe(200);
    await first.text();
    const after = await post(base, '{ __typename }', '198.51.100.4');
    // The export's statement alone costs 151 (its selection adds a little more), plus the floor.
    expect(after.body.extensions!.cost!.remainingThisMinute).toBeLessThanOrEqual(BUDGET - (151 + FLOOR) - FLOOR);
    let last = first;
    for (let i = 0; i < 10 && last.status !== 429; i++) {
      last = await csv();
      await last.text();
    }
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('Security: rate limits and the response cache', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub({
      rounds: [4],
      env: { RATE_LIMIT_COST_PER_MINUTE: String(BUDGET), RATE_LIMIT_PER_MINUTE: '1000', TRUST_PROXY_HOPS: '1', RESPONSE_CACHE_MAX_AGE: '60' },
    });
    base = await t.listen();
  });
  afterAll(() => t.close());

  it('charges an answer served from the cache the floor alone (docs/limits.md), and a miss its whole cost', async () => {
    const miss = await post(base, STATS, '198.51.100.20');
    const hits = [await post(base, STATS, '198.51.100.20'), await post(base, STATS, '198.51.100.20')];
    expect([miss, ...hits].map((r) => r.status)).toEqual([200, 200, 200]);
    expect(hits[1].body).toEqual({ ...miss.body, extensions: hits[1].body.extensions });
    expect([miss, ...hits].map((r) => r.body.extensions!.cost!.remainingThisMinute)).toEqual([
      BUDGET - STATS_CHARGE,
      BUDGET - STATS_CHARGE - FLOOR,
      BUDGET - STATS_CHARGE - 2 * FLOOR,
    ]);
    // The cost reported is still the operation's, and the same operation is refused alike when cached.
    expect(hits[0].body.extensions!.cost!.requested).toBe(STATS_CHARGE - FLOOR);
  });

  it('lets a client with less than a stats request left still read the cached answer', async () => {
    const client = '198.51.100.21';
    await post(base, STATS, client);
    // Spend the budget down to under one uncached stats request (162) with cheap requests.
    let left = BUDGET - STATS_CHARGE;
    while (left >= STATS_CHARGE) left = (await post(base, '{ __typename }', client)).body.extensions!.cost!.remainingThisMinute;
    const hit = await post(base, STATS, client);
    expect(hit.status).toBe(200);
    expect(hit.body.extensions!.cost!.remainingThisMinute).toBe(left - FLOOR);
    // A stats query not cached yet (another breakdown) is refused.
    expect((await post(base, '{ respondentStats(groupBy: [AGE_BAND]) { total } }', client)).status).toBe(429);
  });
});

describe('Security: rate limits shared through Redis', () => {
  const REDIS_URL = TEST_REDIS_URL;
  // A prefix of this run's own, so that parallel runs and earlier runs never share counters.
  const prefix = `dtm-hub-test:${randomUUID()}`;
  let redisUp = false;
  let a: TestHub;
  let b: Hub;
  let baseA: string;
  let baseB: string;

  beforeAll(async () => {
    redisUp = await redisReachable(REDIS_URL);
    if (!redisUp) {
      if (process.env.CI === 'true') throw new Error(`Redis is required in CI for the shared rate limit test and does not answer at ${REDIS_URL}.`);
      console.warn(`Skipping the shared rate limit tests: no Redis at ${REDIS_URL} (they are required when CI=true).`);
      return;
    }
    const env = {
      RATE_LIMIT_COST_PER_MINUTE: String(BUDGET),
      RATE_LIMIT_PER_MINUTE: '1000',
      TRUST_PROXY_HOPS: '1',
      REDIS_URL,
      RATE_LIMIT_KEY_PREFIX: prefix,
      RESPONSE_CACHE_MAX_AGE: '0',
    };
    a = await startTestHub({ rounds: [4], env });
    baseA = await a.listen();
    // A second instance on the same database, as a second process behind a load balancer would be.
    const database = a.db.config.DATABASE_URL ? { DATABASE_URL: a.db.config.DATABASE_URL } : { SQLITE_PATH: a.db.config.SQLITE_PATH };
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...database, ...env });
    b = await createHub(config, a.ds, await buildHubSchema(), createLogger('silent'));
    await new Promise<void>((resolve) => b.httpServer.listen(0, '127.0.0.1', resolve));
    baseB = `http://127.0.0.1:${(b.httpServer.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    if (!redisUp) return;
    await b.apollo.stop();
    if (b.httpServer.listening) await new Promise((resolve) => b.httpServer.close(resolve));
    await a.close();
    const cleanup = new Redis(REDIS_URL);
    const keys = await cleanup.keys(`${prefix}*`);
    if (keys.length) await cleanup.del(...keys);
    await cleanup.quit();
  });

  it('spends one budget per client across two hub instances', async () => {
    if (!redisUp) return;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(baseA, STATS, '203.0.113.9')).status);
    // Instance B has served nothing yet, but sees what A charged: 1000 - 4 x 162 after its own request.
    const onB = await post(baseB, STATS, '203.0.113.9');
    statuses.push(onB.status);
    expect(onB.body.extensions!.cost!.remainingThisMinute).toBe(BUDGET - 4 * STATS_CHARGE);
    for (let i = 0; i < 3; i++) statuses.push((await post(i % 2 ? baseA : baseB, STATS, '203.0.113.9')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
  });

  it('keeps the counters in Redis under the configured prefix', async () => {
    if (!redisUp) return;
    const probe = new Redis(REDIS_URL);
    const keys = (await probe.keys(`${prefix}*`)).sort();
    await probe.quit();
    expect(keys).toEqual([`${prefix}:cost:203.0.113.9`, `${prefix}:requests:203.0.113.9`]);
  });
});

describe('Security: rate limits without a reachable Redis', () => {
  it('counts in the instance instead of refusing or admitting everyone', async () => {
    // Nothing listens on port 1: every count goes to the in-memory insurance limiter.
    const limits = await RateLimits.open({
      RATE_LIMIT_PER_MINUTE: 2,
      RATE_LIMIT_COST_PER_MINUTE: 1000,
      REDIS_URL: 'redis://127.0.0.1:1',
      RATE_LIMIT_KEY_PREFIX: `dtm-hub-test:${randomUUID()}`,
      RATE_LIMIT_MAX_CLIENTS: 100,
    });
    try {
      expect(limits.store).toBe('redis');
      expect(await limits.chargeCost('192.0.2.1', 600)).toMatchObject({ allowed: true, remaining: 400 });
      expect(await limits.chargeCost('192.0.2.1', 600, 10)).toMatchObject({ allowed: false, remaining: 390 });
      const requests = [await limits.consumeRequest('192.0.2.1'), await limits.consumeRequest('192.0.2.1'), await limits.consumeRequest('192.0.2.1')];
      expect(requests.map((r) => r.allowed)).toEqual([true, true, false]);
    } finally {
      await limits.close();
    }
  });
});

describe('Security: rate limits hold counters for a bounded number of clients', () => {
  it('gives the first clients of a minute budgets of their own and makes the others share one', async () => {
    const limits = await RateLimits.open({
      RATE_LIMIT_PER_MINUTE: 2,
      RATE_LIMIT_COST_PER_MINUTE: 1000,
      RATE_LIMIT_KEY_PREFIX: `dtm-hub-test:${randomUUID()}`,
      RATE_LIMIT_MAX_CLIENTS: 3,
    });
    try {
      const allowed = async (client: string) => (await limits.consumeRequest(client)).allowed;
      // Three clients fill the table; each has its own two requests.
      for (const client of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) expect([await allowed(client), await allowed(client)]).toEqual([true, true]);
      // The fourth and fifth share one budget of two: the fifth's first request is the budget's third.
      expect([await allowed('192.0.2.4'), await allowed('192.0.2.4'), await allowed('192.0.2.5')]).toEqual([true, true, false]);
      // The cost budget is shared alike.
      expect(await limits.chargeCost('192.0.2.6', 600)).toMatchObject({ allowed: true, remaining: 400 });
      expect(await limits.chargeCost('192.0.2.7', 600)).toMatchObject({ allowed: false });
      expect(await limits.chargeCost('192.0.2.1', 600)).toMatchObject({ allowed: true, remaining: 400 });
    } finally {
      await limits.close();
    }
  });

  it('starts a new table every minute', () => {
    let now = 0;
    const table = new ClientTable(1, () => now);
    expect([table.keyFor('a'), table.keyFor('b'), table.keyFor('a')]).toEqual(['a', OVERFLOW_CLIENT, 'a']);
    now = 60000;
    expect([table.keyFor('b'), table.keyFor('a')]).toEqual(['b', OVERFLOW_CLIENT]);
  });
});
