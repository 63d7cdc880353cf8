import type { GraphQLRequestContext } from '@apollo/server';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { parse, OperationDefinitionNode } from 'graphql';
import { ANSWER_KEY_PREFIX, CachedAnswers, stringifyResult } from '../../src/server/cached-answers';
import type { Context } from '../../src/modules/context';
import { Role } from '../../src/common/roles';
import { GqlResult, startTestHub, TestHub } from '../support/hub';

/*
 * Single flight of the response cache. Expected values come from outside the code under test:
 * the statements the hub's TypeORM logger saw, the answers of the same operations asked one at a
 * time, and the error the hub documents for a spent time budget (docs/caching.md).
 */

/** A request context as Apollo hands it to plugins, with what the lookup reads. */
function requestFor(source: string, variables: Record<string, unknown> = {}, role = Role.PUBLIC): GraphQLRequestContext<Context> {
  const operation = parse(source).definitions[0] as OperationDefinitionNode;
  return {
    source,
    operation,
    operationName: operation.name?.value ?? null,
    request: { query: source, variables },
    contextValue: { role } as Context,
  } as unknown as GraphQLRequestContext<Context>;
}

/** A store that counts its reads. */
class CountingStore extends InMemoryLRUCache<string> {
  reads = 0;
  override async get(key: string): Promise<string | undefined> {
    this.reads += 1;
    return super.get(key);
  }
}

const STORED = JSON.stringify({ data: { rounds: [{ id: '4' }] }, cachePolicy: { maxAge: 60, scope: 'PUBLIC' }, cacheTime: Date.now() });
const ROUNDS = 'query Rounds { rounds { id } }';
const versions = { current: async () => 7 };
/** Lets lookups started just before reach their wait (they read the data version first). */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('Response cache: single flight of one key (unit)', () => {
  it('makes identical requests wait for the first and serves them its answer, with no read of their own', async () => {
    const store = new CountingStore();
    const answers = new CachedAnswers(store, versions, 5000, true);
    const leader = requestFor(ROUNDS);
    expect(await answers.lookup(leader)).toEqual({ kind: 'miss' });
    const waiters = [requestFor(ROUNDS), requestFor(ROUNDS), requestFor(ROUNDS)].map((r) => answers.lookup(r));
    await nextTurn();
    expect(store.reads).toBe(1);
    // Apollo's cache plugin writes the leader's answer under the lookup's key, with its prefix.
    const storeKey = ANSWER_KEY_PREFIX + answers.keyFor(leader.request)!;
    await store.set(storeKey, STORED);
    answers.written(storeKey, STORED);
    for (const w of await Promise.all(waiters)) expect(w).toEqual({ kind: 'hit', stored: JSON.parse(STORED) });
    expect(store.reads).toBe(1);
    expect(answers.flights.size).toBe(0);
  });

  it('never lets different variables or roles share a flight', async () => {
    const answers = new CachedAnswers(new CountingStore(), versions, 5000, true);
    const source = 'query S($g: [StatsDimension!]) { respondentStats(groupBy: $g) { total } }';
    const requests = [requestFor(source, { g: ['SEX'] }), requestFor(source, { g: ['AGE_BAND'] }), requestFor(source, { g: ['SEX'] }, Role.PARTNER)];
    const found = await Promise.all(requests.map((r) => answers.lookup(r)));
    // Each is a leader of its own key: none waits for another.
    expect(found.map((f) => f.kind)).toEqual(['miss', 'miss', 'miss']);
    expect(new Set(requests.map((r) => answers.keyFor(r.request))).size).toBe(3);
    expect(answers.flights.size).toBe(3);
  });

  it('refuses a waiter with 503 TIME_BUDGET_EXCEEDED when the budget runs out before the answer', async () => {
    const answers = new CachedAnswers(new CountingStore(), versions, 100, true);
    const leader = requestFor(ROUNDS);
    await answers.lookup(leader);
    const waiter = requestFor(ROUNDS);
    const error = await answers.lookup(waiter).then(
      () => undefined,
      (e: { extensions?: Record<string, any> }) => e,
    );
    expect(error?.extensions?.code).toBe('TIME_BUDGET_EXCEEDED');
    expect(error?.extensions?.http?.status).toBe(503);
    // Asked again for the same request (the cost limiter, then the plugin that serves hits): the same refusal.
    await expect(answers.servedFromCache(waiter)).rejects.toBe(error);
  });

  it('hands the work to one waiter when the leader ends without an answer', async () => {
    const answers = new CachedAnswers(new CountingStore(), versions, 5000, true);
    const leader = requestFor(ROUNDS);
    await answers.lookup(leader);
    const waiters = [requestFor(ROUNDS), requestFor(ROUNDS)];
    const pending = waiters.map((w) => answers.lookup(w));
    await nextTurn();
    answers.responseSent(leader.request);
    // The first waiter leads next; the second waits for it.
    expect(await pending[0]).toEqual({ kind: 'miss' });
    answers.written(ANSWER_KEY_PREFIX + answers.keyFor(waiters[0].request)!, STORED);
    expect((await pending[1]).kind).toBe('hit');
  });

  it('writes the computing request’s response with the JSON its write stored, without serializing the data again', async () => {
    const answers = new CachedAnswers(new CountingStore(), versions, 5000, true);
    const leader = requestFor(ROUNDS);
    expect(await answers.lookup(leader)).toEqual({ kind: 'miss' });
    // Serializing this object again would throw: the response must be the stored JSON of the data.
    const data = { rounds: [{ id: '4' }], toJSON: () => { throw new Error('serialized twice'); } };
    answers.responseSent(leader.request, data);
    answers.written(ANSWER_KEY_PREFIX + answers.keyFor(leader.request)!, STORED);
    expect(stringifyResult({ data, extensions: { cost: { requested: 2 } } })).toBe(`{"data":{"rounds":[{"id":"4"}]},"extensions":{"cost":{"requested":2}}}\n`);
  });

  it('never leaves a flight behind for a request answered (refused) while its lookup ran', async () => {
    const answers = new CachedAnswers(new CountingStore(), versions, 5000, true);
    const refused = requestFor(ROUNDS);
    const pending = answers.lookup(refused);
    answers.responseSent(refused.request);
    expect(await pending).toEqual({ kind: 'uncached' });
    expect(answers.flights.size).toBe(0);
    expect(await answers.lookup(requestFor(ROUNDS))).toEqual({ kind: 'miss' });
  });

  it('leaves operations without a cacheable root field out of the cache', async () => {
    const answers = new CachedAnswers(new CountingStore(), versions, 5000, true);
    const row = requestFor('{ respondents(first: 2) { edges { node { id } } } }');
    expect(await answers.lookup(row)).toEqual({ kind: 'uncached' });
    expect(answers.keyFor(row.request)).toBeUndefined();
  });
});

const STATS = 'query Stats($g: [StatsDimension!]) { respondentStats(groupBy: $g) { total groups { keys { code } count } } }';
const WITH_METHOD = 'query Stats($g: [StatsDimension!]) { respondentStats(groupBy: $g) { total disclosure { method } } }';
const N = 8;

describe('Response cache: single flight in the hub', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4], env: { RESPONSE_CACHE_MAX_AGE: '60' } });
  });
  afterAll(() => t?.close());

  /** Data statements (not the data-version check) that ran one stats aggregate. */
  const statsStatements = () => t.statements.statements.filter((s) => !/hub_setting/.test(s));

  it(`runs the aggregate once for ${N} identical requests arriving together on a cold cache, and gives each the same answer`, async () => {
    // What one request alone runs, on a key of its own (another breakdown).
    t.statements.reset();
    const alone = await t.exec(STATS, { g: ['AGE_BAND'] });
    expect(alone.errors).toBeUndefined();
    const oneRequest = statsStatements().length;
    expect(oneRequest).toBeGreaterThan(0);

    t.statements.reset();
    const replies = await Promise.all(Array.from({ length: N }, () => t.exec(STATS, { g: ['SEX'] })));
    expect(statsStatements().length).toBe(oneRequest);
    for (const r of replies) expect(r).toEqual(replies[0]);
    expect(replies[0].errors).toBeUndefined();
  });

  it('never serves one role the answer of the other when both ask at once', async () => {
    const ask = (as: 'public' | 'partner') => t.exec(WITH_METHOD, { g: ['NATIONALITY'] }, as);
    const together = await Promise.all([ask('public'), ask('partner'), ask('public'), ask('partner')]);
    const exactTotal = Number(((await t.ds.query('SELECT COUNT(*) AS n FROM respondent')) as { n: string | number }[])[0].n);
    const method = (r: GqlResult) => r.data?.respondentStats.disclosure.method as string;
    expect(together.map(method)).toEqual(['CELL_KEY', 'EXACT', 'CELL_KEY', 'EXACT']);
    expect(together[1].data?.respondentStats.total).toBe(exactTotal);
    expect(together[3]).toEqual(together[1]);
    expect(together[2]).toEqual(together[0]);
  });
});
