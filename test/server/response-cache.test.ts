import { createHash, randomUUID } from 'node:crypto';
import { redisReachable, TEST_REDIS_URL } from '../support/redis';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/config';
import { openDatabase } from '../../src/orm/data-source';
import { importBundle } from '../../src/import/import-round';
import { buildHubSchema } from '../../src/schema/build-schema';
import { SEEDS_DIR } from '../../src/provisioning/seed-database';
import { createHub, Hub } from '../../src/server/app';
import { createLogger } from '../../src/server/logger';
import { PARTNER_KEY, startTestHub, TestHub } from '../support/hub';
import { StatementCounter } from '../support/statement-counter';

/*
 * Expected values come from outside the cache: statement counts of the test hub's TypeORM logger
 * (the data-version check, a read of `hub_setting`, is counted apart), raw SQL counts of the
 * tables, and the max age configured here.
 */
const MAX_AGE = 60;
const STATS = '{ respondentStats(groupBy: [SEX]) { total disclosure { method } groups { keys { code } count } } }';
const ROUNDS = '{ rounds { id } }';
const ROW_LEVEL = '{ respondents(first: 2) { edges { node { id } } } }';

/** Statements that fetched data, not the once-a-second data-version check. */
const dataStatements = (c: StatementCounter) => c.statements.filter((s) => !/hub_setting/.test(s));

const sql = (ds: DataSource, text: string) => ds.query(text) as Promise<Record<string, unknown>[]>;

interface Reply {
  status: number;
  cacheControl: string | null;
  body: { data?: Record<string, any> | null; errors?: { extensions?: { code?: string } }[] };
}

async function post(base: string, query: string, key?: string): Promise<Reply> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, cacheControl: res.headers.get('cache-control'), body: (await res.json()) as Reply['body'] };
}

/** A second hub on the same database, with a DataSource (and statement counter) of its own, as another process would have. */
async function secondHub(t: TestHub, env: Record<string, string>): Promise<{ hub: Hub; ds: DataSource; statements: StatementCounter; base: string }> {
  const statements = new StatementCounter();
  const ds = await openDatabase(t.db.config, { logger: statements });
  const database = t.db.config.DATABASE_URL ? { DATABASE_URL: t.db.config.DATABASE_URL } : { SQLITE_PATH: t.db.config.SQLITE_PATH };
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PARTNER_KEYS: PARTNER_KEY, ...database, ...env });
  const hub = await createHub(config, ds, await buildHubSchema(), createLogger('silent'));
  await new Promise<void>((resolve) => hub.httpServer.listen(0, '127.0.0.1', resolve));
  return { hub, ds, statements, base: `http://127.0.0.1:${(hub.httpServer.address() as AddressInfo).port}` };
}

async function stopSecondHub(s: { hub: Hub; ds: DataSource }): Promise<void> {
  await s.hub.apollo.stop();
  if (s.hub.httpServer.listening) await new Promise((resolve) => s.hub.httpServer.close(resolve));
  await s.ds.destroy();
}

describe('Response cache: public answers in memory', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4], env: { RESPONSE_CACHE_MAX_AGE: String(MAX_AGE) } });
    base = await t.listen();
  });
  afterAll(() => t.close());

  it('answers a repeated public stats query from the cache without any data statement', async () => {
    t.statements.reset();
    const first = await t.exec(STATS);
    expect(first.errors).toBeUndefined();
    expect(dataStatements(t.statements).length).toBeGreaterThan(0);
    // The first request read the data version, straight through the driver: not a logged statement.
    expect(t.statements.statements.filter((s) => /hub_setting/.test(s))).toEqual([]);
    t.statements.reset();
    const second = await t.exec(STATS);
    expect(second).toEqual(first);
    expect(dataStatements(t.statements)).toEqual([]);
    // No read snapshot was opened either (no BEGIN/COMMIT).
    expect(t.statements.sessionCount).toBe(0);
  });

  it('keeps public and partner answers apart: the partner gets exact counts, the public the perturbed ones', async () => {
    const exactTotal = Number((await sql(t.ds, 'SELECT COUNT(*) AS n FROM respondent'))[0].n);
    const partner = await t.exec(STATS, undefined, 'partner');
    const pub = await t.exec(STATS);
    const partnerAgain = await t.exec(STATS, undefined, 'partner');
    expect(partner.data!.respondentStats.disclosure.method).toBe('EXACT');
    expect(partner.data!.respondentStats.total).toBe(exactTotal);
    expect(pub.data!.respondentStats.disclosure.method).toBe('CELL_KEY');
    expect(partnerAgain).toEqual(partner);
  });

  it('never caches row-level answers: each partner request reads the rows again', async () => {
    for (let i = 0; i < 2; i++) {
      t.statements.reset();
      const page = await t.exec(ROW_LEVEL, undefined, 'partner');
      expect(page.errors).toBeUndefined();
      expect(page.data!.respondents.edges).toHaveLength(2);
      expect(dataStatements(t.statements).length).toBeGreaterThan(0);
    }
    // A public caller is refused, never handed the partner's page.
    const pub = await t.exec(ROW_LEVEL);
    expect(pub.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('sends Cache-Control public for public answers, private for partner answers and no-store for errors and row-level pages', async () => {
    expect((await post(base, STATS)).cacheControl).toBe(`public, max-age=${MAX_AGE}`);
    expect((await post(base, ROUNDS)).cacheControl).toBe(`public, max-age=${MAX_AGE}`);
    // Shared caches must key the stored answer on the caller's role and the negotiated media type.
    const raw = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: ROUNDS }) });
    await raw.json();
    expect(raw.headers.get('vary')?.split(/,\s*/)).toEqual(expect.arrayContaining(['Accept', 'Authorization']));
    expect((await post(base, STATS, PARTNER_KEY)).cacheControl).toBe(`private, max-age=${MAX_AGE}`);
    expect((await post(base, ROW_LEVEL, PARTNER_KEY)).cacheControl).toBe('no-store');
    expect((await post(base, ROW_LEVEL)).cacheControl).toBe('no-store');
    expect((await post(base, '{ rounds {')).cacheControl).toBe('no-store');
    // A cacheable field next to a row-level one makes the whole answer uncacheable.
    expect((await post(base, `{ rounds { id } respondents(first: 1) { edges { node { id } } } }`, PARTNER_KEY)).cacheControl).toBe('no-store');
    expect((await post(base, '{ round(id: "PER-4") { id respondents(first: 1) { edges { node { id } } } } }', PARTNER_KEY)).cacheControl).toBe('no-store');
  });

  it('answers GET with an automatic persisted query, cacheable by a CDN, when the CSRF header is sent', async () => {
    const hash = createHash('sha256').update(STATS).digest('hex');
    const ext = encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }));
    const headers = { 'apollo-require-preflight': 'true' };
    const unknown = await fetch(`${base}/graphql?extensions=${ext}`, { headers });
    expect(((await unknown.json()) as Reply['body']).errors![0].extensions!.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const register = await fetch(`${base}/graphql?query=${encodeURIComponent(STATS)}&extensions=${ext}`, { headers });
    expect(register.status).toBe(200);
    await register.json();
    const byHash = await fetch(`${base}/graphql?extensions=${ext}`, { headers });
    expect(byHash.status).toBe(200);
    expect(byHash.headers.get('cache-control')).toBe(`public, max-age=${MAX_AGE}`);
    expect(((await byHash.json()) as Reply['body']).data!.respondentStats.disclosure.method).toBe('CELL_KEY');
    // Its ETag names the data version; sent back, it gets 304 with no body while the data is unchanged.
    const etag = byHash.headers.get('etag');
    const version = Number((await sql(t.ds, "SELECT value FROM hub_setting WHERE key = 'data_version'"))[0].value);
    expect(etag).toMatch(new RegExp(`^W/"${version}-[A-Za-z0-9_-]+"$`));
    // (fetch would add `cache-control: no-cache` to a conditional request, which asks to skip validation.)
    const revalidated = await fetch(`${base}/graphql?extensions=${ext}`, { headers: { ...headers, 'if-none-match': etag!, 'cache-control': 'max-age=0' } });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    // Another operation has another ETag.
    const other = await fetch(`${base}/graphql?query=${encodeURIComponent(ROUNDS)}`, { headers: { ...headers, 'if-none-match': etag!, 'cache-control': 'max-age=0' } });
    expect(other.status).toBe(200);
    expect(other.headers.get('etag')).not.toBe(etag);
    await other.json();
    // Without the header (or a non-simple content type) Apollo's CSRF prevention refuses a GET.
    const noHeader = await fetch(`${base}/graphql?extensions=${ext}`);
    expect(noHeader.status).toBe(400);
  });

  it('gives the CSV export the same headers: public, private for a partner key, no-store for an error', async () => {
    const pub = await fetch(`${base}/export/respondentStats.csv?groupBy=SEX`);
    await pub.text();
    expect([pub.status, pub.headers.get('cache-control')]).toEqual([200, `public, max-age=${MAX_AGE}`]);
    const partner = await fetch(`${base}/export/respondentStats.csv?groupBy=SEX`, { headers: { authorization: `Bearer ${PARTNER_KEY}` } });
    await partner.text();
    expect([partner.status, partner.headers.get('cache-control')]).toEqual([200, `private, max-age=${MAX_AGE}`]);
    const bad = await fetch(`${base}/export/respondentStats.csv?groupBy=NOPE`);
    await bad.text();
    expect([bad.status, bad.headers.get('cache-control')]).toEqual([400, 'no-store']);
  });

  it('shows an import made through another DataSource (as the CLI in another process) within about a second and a half', async () => {
    const before = await t.exec(ROUNDS);
    expect(before.data!.rounds.map((r: { id: string }) => r.id)).toEqual(['Round:PER-4']);
    const cli = await openDatabase(t.db.config);
    try {
      const result = await importBundle(cli, path.join(SEEDS_DIR, 'per-round-5'));
      expect(result.ok).toBe(true);
    } finally {
      await cli.destroy();
    }
    const imported = Date.now();
    const expected = (await sql(t.ds, 'SELECT id FROM round ORDER BY id')).map((r) => r.id);
    expect(expected).toEqual(['PER-4', 'PER-5']);
    let ids: string[] = [];
    while (Date.now() - imported < 3000) {
      ids = (await t.exec(ROUNDS)).data!.rounds.map((r: { id: string }) => r.id).sort();
      if (ids.length === expected.length) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(ids).toEqual(['Round:PER-4', 'Round:PER-5']);
    expect(Date.now() - imported).toBeLessThan(1500);
    // The stats answer cached before the import is not served either: the partner total is the new exact count.
    const exactTotal = Number((await sql(t.ds, 'SELECT COUNT(*) AS n FROM respondent'))[0].n);
    expect((await t.exec(STATS, undefined, 'partner')).data!.respondentStats.total).toBe(exactTotal);
  });
});

describe('Response cache: shared through Redis by two instances', () => {
  const REDIS_URL = TEST_REDIS_URL;
  // A prefix of this run's own, so that parallel and earlier runs never share answers.
  const prefix = `dtm-hub-test-cache:${randomUUID()}`;
  const env = { REDIS_URL, RESPONSE_CACHE_KEY_PREFIX: prefix, RATE_LIMIT_KEY_PREFIX: `${prefix}-rate` };
  let redisUp = false;
  let a: TestHub;
  let b: Awaited<ReturnType<typeof secondHub>>;

  beforeAll(async () => {
    redisUp = await redisReachable(REDIS_URL);
    if (!redisUp) {
      if (process.env.CI === 'true') throw new Error(`Redis is required in CI for the shared response cache test and does not answer at ${REDIS_URL}.`);
      console.warn(`Skipping the shared response cache tests: no Redis at ${REDIS_URL} (they are required when CI=true).`);
      return;
    }
    a = await startTestHub({ rounds: [4], env });
    await a.listen();
    b = await secondHub(a, env);
  });

  afterAll(async () => {
    if (!redisUp) return;
    await stopSecondHub(b);
    await a.close();
    const cleanup = new Redis(REDIS_URL);
    const keys = await cleanup.keys(`${prefix}*`);
    if (keys.length) await cleanup.del(...keys);
    await cleanup.quit();
  });

  it('answers on instance B, without a data statement, what instance A cached', async () => {
    if (!redisUp) return;
    a.statements.reset();
    const onA = await a.exec(STATS);
    expect(dataStatements(a.statements).length).toBeGreaterThan(0);
    // The write to Redis happens in the background after A answered.
    const probe = new Redis(REDIS_URL);
    for (let i = 0; i < 40 && (await probe.keys(`${prefix}*`)).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    const keys = await probe.keys(`${prefix}*`);
    await probe.quit();
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(new RegExp(`^${prefix}::fqc:[0-9a-f]{64}$`));
    b.statements.reset();
    const ctx = await b.hub.contextFor(undefined);
    const onB = await b.hub.apollo.executeOperation({ query: STATS }, { contextValue: ctx });
    if (onB.body.kind !== 'single') throw new Error('unexpected incremental response');
    expect(JSON.parse(JSON.stringify(onB.body.singleResult))).toEqual(onA);
    expect(dataStatements(b.statements)).toEqual([]);
    expect(onB.http.headers.get('age')).not.toBeNull();
  });
});

describe('Response cache: Redis unreachable', () => {
  let t: TestHub;
  // Nothing listens on port 1: every read of the cache fails.
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4], env: { REDIS_URL: 'redis://127.0.0.1:1', RESPONSE_CACHE_KEY_PREFIX: `dtm-hub-test-cache:${randomUUID()}` } });
  });
  afterAll(() => t.close());

  it('answers from the database, promptly and without an error', async () => {
    const started = Date.now();
    const first = await t.exec(STATS);
    const second = await t.exec(STATS);
    expect(first.errors).toBeUndefined();
    expect(second).toEqual(first);
    // At most one wait of 500 ms for Redis, then the cache is skipped.
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
