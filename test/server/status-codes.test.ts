import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import { timeBudgetExceeded } from '../../src/db/capacity-errors';
import { forbidden } from '../../src/common/errors';
import { responseStatusPlugin } from '../../src/server/response-status';
import { seedRows } from '../support/csv';
import { PARTNER_KEY, startTestHub, TestHub } from '../support/hub';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const JSON_TYPE = 'application/json';

interface Answer {
  status: number;
  retryAfter: string | null;
  cacheControl: string | null;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; path?: unknown[]; extensions?: { code?: string } }[] };
}

/**
 * The GraphQL-over-HTTP spec: once an operation ran, the answer is 2xx with the errors in
 * `errors[]` (a response whose `data` is not null MUST be 2xx); 4xx is for requests refused as a
 * whole before they ran.
 */
describe('Server: HTTP status of answers that ran and of requests refused before running', () => {
  let t: TestHub;
  let base: string;
  const respondentId = `Respondent:PER-4:${seedRows(4, 'respondents')[0].respondent_id}`;

  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
    base = await t.listen();
  });
  afterAll(() => t?.close());

  async function post(query: string, accept: string, authorization?: string): Promise<Answer> {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept, ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query }),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), cacheControl: res.headers.get('cache-control'), body: (await res.json()) as Answer['body'] };
  }

  it.each([GRAPHQL_RESPONSE, JSON_TYPE])('answers a public partial nodes list with 200, the data and a FORBIDDEN error (%s)', async (accept) => {
    const res = await post(`{ nodes(ids: ["Round:PER-4", "${respondentId}"]) { id } }`, accept);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ nodes: [{ id: 'Round:PER-4' }, null] });
    expect(res.body.errors!.map((e) => [e.extensions!.code, e.path])).toEqual([['FORBIDDEN', ['nodes', 1]]]);
    expect(res.body.errors![0].message).toContain('needs a partner key');
    // A 200 with errors is no more cacheable than the 403 was.
    expect(res.cacheControl).toBe('no-store');
  });

  it.each([GRAPHQL_RESPONSE, JSON_TYPE])('answers 200 with data null when a refused field nulls the whole answer (%s)', async (accept) => {
    const res = await post('{ respondents(filter: { round: 4 }, first: 1) { totalCount } }', accept);
    expect(res.status).toBe(200);
    expect(res.body.data).toBeNull();
    expect(res.body.errors!.map((e) => e.extensions!.code)).toEqual(['FORBIDDEN']);
  });

  it.each([GRAPHQL_RESPONSE, JSON_TYPE])('still refuses a request with an unknown partner key as a whole with 401 and no data (%s)', async (accept) => {
    const res = await post(`{ nodes(ids: ["Round:PER-4", "${respondentId}"]) { id } }`, accept, 'Bearer not-a-key');
    expect(res.status).toBe(401);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors!.map((e) => e.extensions!.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('still answers a document that does not validate with 400 and no data', async () => {
    const res = await post('{ rounds { noSuchField } }', GRAPHQL_RESPONSE);
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors!.map((e) => e.extensions!.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('gives a partner the same nodes list with 200 and no error', async () => {
    const res = await post(`{ nodes(ids: ["Round:PER-4", "${respondentId}"]) { id } }`, GRAPHQL_RESPONSE, `Bearer ${PARTNER_KEY}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { nodes: [{ id: 'Round:PER-4' }, { id: respondentId }] }, extensions: expect.anything() });
  });
});

/**
 * The rule on the hub's own errors, through Apollo's pipeline with a schema whose fields raise
 * them at will: a capacity refusal (503) that left data keeps the data and is 2xx, one that nulled
 * the whole answer stays 503 with Retry-After.
 */
describe('Server: HTTP status of capacity refusals raised while an operation ran', () => {
  const schema = buildSchema('type Query { cheap: Int  slow: Int  slowRequired: Int!  refused: Int }');
  const rootValue = {
    cheap: () => 1,
    slow: () => Promise.reject(timeBudgetExceeded(250)),
    slowRequired: () => Promise.reject(timeBudgetExceeded(250)),
    refused: () => Promise.reject(forbidden('needs a partner key')),
  };
  let server: ApolloServer;
  beforeAll(async () => {
    server = new ApolloServer({ schema, rootValue, plugins: [responseStatusPlugin()] });
    await server.start();
  });
  afterAll(() => server.stop());

  async function run(query: string) {
    const res = await server.executeOperation({ query });
    if (res.body.kind !== 'single') throw new Error('unexpected incremental response');
    return { status: res.http.status ?? 200, retryAfter: res.http.headers.get('retry-after'), result: res.body.singleResult };
  }

  it('answers 200 with the data when a field ran out of time but others answered', async () => {
    const res = await run('{ cheap slow }');
    expect(res.status).toBe(200);
    expect(res.result.data).toEqual({ cheap: 1, slow: null });
    expect(res.result.errors!.map((e) => e.extensions!.code)).toEqual(['TIME_BUDGET_EXCEEDED']);
    // Still says when the fields that ran out are worth asking again.
    expect(res.retryAfter).toBe('1');
  });

  it('keeps 503 and Retry-After when running out of time nulled the whole answer', async () => {
    const res = await run('{ cheap slowRequired }');
    expect(res.status).toBe(503);
    expect(res.retryAfter).toBe('1');
    expect(res.result.data).toBeNull();
  });

  it('answers 200 when a refused field and a timed-out field both left data', async () => {
    const res = await run('{ cheap slow refused }');
    expect(res.status).toBe(200);
    expect(res.result.data).toEqual({ cheap: 1, slow: null, refused: null });
  });
});
