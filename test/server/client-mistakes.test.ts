import { createHash } from 'node:crypto';
import http from 'node:http';
import { PARTNER_KEY, startTestHub, TestHub } from '../support/hub';

interface Answer {
  status: number;
  type: string;
  text: string;
  headers: Headers;
}

/** What no answer to a client may hold: an HTML page, a stack trace, SQL. */
const LEAK = /<html|<!doctype|\n\s+at |\bat .+\.(js|ts):\d+|\bSELECT\b|\bINSERT\b|\bFROM "/i;

function errorsOf(a: Answer): { message: string; extensions?: Record<string, unknown> }[] {
  expect(a.type).toMatch(/^application\/(graphql-response\+)?json/);
  return JSON.parse(a.text).errors;
}

/** Asserts a JSON GraphQL error body with this status and code, and returns its first error. */
function expectError(a: Answer, status: number, code: string) {
  expect({ status: a.status, text: a.text }).toEqual({ status, text: expect.not.stringMatching(LEAK) });
  const errors = errorsOf(a);
  expect(errors[0].extensions?.code).toBe(code);
  return errors[0];
}

// The hub must answer the same way whatever NODE_ENV it runs under (Express shows stacks outside production).
describe.each(['development', 'production', 'test'])('Server: client mistakes are 4xx with a stable code (NODE_ENV=%s)', (nodeEnv) => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub({ env: { NODE_ENV: nodeEnv } });
    base = await t.listen();
  });
  afterAll(() => t.close());

  async function send(path: string, init: RequestInit = {}): Promise<Answer> {
    const res = await fetch(`${base}${path}`, init);
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text(), headers: res.headers };
  }
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    send('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
    });
  const asPartner = { authorization: `Bearer ${PARTNER_KEY}` };
  /** A POST with no Accept header at all (fetch always sends one). */
  const postWithoutAccept = (body: unknown) =>
    new Promise<Answer>((resolve, reject) => {
      const req = http.request(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
            headers: new Headers(),
          }),
        );
      });
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });

  describe('operations that cannot run', () => {
    it('answers an unknown operationName with 400 BAD_REQUEST naming it and the operations defined', async () => {
      const e = expectError(await post({ query: 'query A { rounds { number } }', operationName: 'B' }), 400, 'BAD_REQUEST');
      expect(e.message).toMatch(/Unknown operationName "B".*"A"/);
    });

    it('answers two operations without an operationName with 400 BAD_REQUEST', async () => {
      const e = expectError(await post({ query: 'query A { rounds { number } } query B { locations { pcode } }' }), 400, 'BAD_REQUEST');
      expect(e.message).toMatch(/2 operations \("A", "B"\).*operationName/);
    });

    it('still runs the named one of several operations', async () => {
      const a = await post({ query: 'query A { rounds { number } } query B { location(pcode: "PE24") { name } }', operationName: 'B' });
      expect(a.status).toBe(200);
      expect(JSON.parse(a.text).data).toEqual({ location: { name: 'Tumbes' } });
    });

    it.each(['mutation', 'subscription'])('refuses a %s with 400 BAD_REQUEST saying the API is read-only', async (kind) => {
      const e = expectError(await post({ query: `${kind} { rounds { number } }` }), 400, 'BAD_REQUEST');
      expect(e.message).toBe(`This API is read-only: ${kind} operations are not supported. Send a query.`);
    });

    it('refuses a mutation with 400 even when the client accepts only legacy application/json', async () => {
      expectError(await post({ query: 'mutation { rounds { number } }' }, { accept: 'application/json' }), 400, 'BAD_REQUEST');
    });

    it('answers a batch (a JSON array) with 400 BAD_REQUEST', async () => {
      expectError(await post([{ query: '{ rounds { number } }' }]), 400, 'BAD_REQUEST');
    });
  });

  describe('persisted queries', () => {
    const query = '{ location(pcode: "PE24") { name } }';
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

    it('runs a persisted query whose hash matches its text', async () => {
      const a = await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
      expect(a.status).toBe(200);
      expect(JSON.parse(a.text).data).toEqual({ location: { name: 'Tumbes' } });
    });

    it('answers a hash that does not match its query with 400 BAD_REQUEST, not an internal error', async () => {
      const e = expectError(
        await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(`${query} `) } } }),
        400,
        'BAD_REQUEST',
      );
      expect(e.message).toMatch(/sha256Hash does not match the query/);
    });

    it('answers an unsupported persisted-query version with 400 BAD_REQUEST', async () => {
      const e = expectError(await post({ query, extensions: { persistedQuery: { version: 2, sha256Hash: sha256(query) } } }), 400, 'BAD_REQUEST');
      expect(e.message).toMatch(/version is not supported: send version 1/);
    });

    it('keeps Apollo’s PERSISTED_QUERY_NOT_FOUND for an unknown hash, so clients resend the text', async () => {
      const a = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ never sent }') } } });
      expect(a.status).toBe(200);
      expect(errorsOf(a)[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    });
  });

  describe('invalid text', () => {
    // Strings that would reach SQL: PostgreSQL cannot hold NUL and fails the statement.
    const cursorWithNul = Buffer.from('c1:PER-4-0001\u0000', 'utf8').toString('base64url');
    const publicCaller = {};
    const cases: [string, unknown, string, Record<string, string>][] = [
      ['a NUL in a string literal inside an input object', { query: '{ respondentStats(filter: { surveyPoint: "cebaf\\u0000" }) { total } }' }, 'filter.surveyPoint', publicCaller],
      ['a raw NUL in a block-string literal', { query: '{ location(pcode: """PE\u0000""") { name } }' }, 'pcode', publicCaller],
      ['a NUL written as a braced escape', { query: '{ location(pcode: "PE\\u{0}") { name } }' }, 'pcode', publicCaller],
      ['a NUL in an ID variable', { query: 'query($p: ID!) { location(pcode: $p) { name } }', variables: { p: 'PE\u000024' } }, 'pcode', publicCaller],
      [
        'a NUL inside an input-object variable',
        { query: 'query($f: RespondentFilter) { respondentStats(filter: $f) { total } }', variables: { f: { surveyPoint: 'x\u0000' } } },
        'filter',
        publicCaller,
      ],
      ['a NUL in a cursor variable', { query: 'query($a: String) { respondents(first: 1, after: $a) { totalCount } }', variables: { a: 'abc\u0000' } }, 'after', asPartner],
      ['a cursor whose content holds a NUL', { query: `{ respondents(first: 1, after: "${cursorWithNul}") { totalCount } }` }, 'after', asPartner],
      ['a lone surrogate in a variable', '{"query":"query($p: ID!) { location(pcode: $p) { name } }","variables":{"p":"PE\\ud80024"}}', 'pcode', publicCaller],
    ];

    it.each(cases)('refuses %s with 400 BAD_USER_INPUT naming the argument', async (_name, body, argument, headers) => {
      const e = expectError(await post(body, headers), 400, 'BAD_USER_INPUT');
      expect(e.extensions?.argument).toBe(argument);
      expect(e.message).toContain(argument.split('.').pop()!);
      expect(e.message).toMatch(/NUL character \(U\+0000\)|unpaired surrogate \(U\+D800\)/);
    });

    it('refuses a lone surrogate in the document text as a syntax error (400)', async () => {
      expectError(await post('{"query":"{ location(pcode: \\"\\ud800\\") { name } }"}'), 400, 'GRAPHQL_PARSE_FAILED');
    });

    it('accepts valid non-ASCII text, including characters outside the BMP', async () => {
      const a = await post({ query: 'query($p: ID!) { location(pcode: $p) { name } }', variables: { p: 'Perú🏃' } });
      expect(a.status).toBe(200);
      expect(JSON.parse(a.text)).toMatchObject({ data: { location: null } });
      expect(JSON.parse(a.text)).not.toHaveProperty('errors');
    });

    it('refuses a body that is not UTF-8 with 400 BAD_REQUEST', async () => {
      const bytes = Buffer.concat([Buffer.from('{"query":"{ location(pcode: \\"PE'), Buffer.from([0xff, 0xfe]), Buffer.from('\\") { name } }"}')]);
      expectError(await post(bytes), 400, 'BAD_REQUEST');
    });

    it('refuses a GET query string that is not percent-encoded UTF-8 with 400 BAD_USER_INPUT naming the parameter', async () => {
      const e = expectError(await send('/graphql?query=%7B__typename%7D&operationName=%FF', { headers: { 'apollo-require-preflight': 'yes' } }), 400, 'BAD_USER_INPUT');
      expect(e.message).toMatch(/^operationName: the value is not percent-encoded UTF-8/);
    });

    it('answers NUL or non-UTF-8 bytes in a CSV export parameter with 400 naming the parameter', async () => {
      for (const value of ['cebaf%00', 'cebaf%FF']) {
        const a = await send(`/export/respondentStats.csv?groupBy=SEX&surveyPoint=${value}`);
        expect(a.status).toBe(400);
        expect(JSON.parse(a.text).errors[0].message).toMatch(/^surveyPoint: the value (holds a NUL character|is not percent-encoded UTF-8)/);
      }
    });
  });

  describe('unreadable bodies and unknown routes', () => {
    it('answers malformed JSON with a 400 JSON GraphQL error, never HTML or a stack', async () => {
      const e = expectError(await post('{"query": '), 400, 'BAD_REQUEST');
      expect(e.message).toMatch(/not valid JSON/);
    });

    it('answers an oversized body with a 413 JSON GraphQL error', async () => {
      const e = expectError(await post({ query: '{ rounds { number } }', padding: 'x'.repeat(300 * 1024) }), 413, 'PAYLOAD_TOO_LARGE');
      expect(e.message).toMatch(/over the limit of 256 KB/);
    });

    it('answers an unsupported charset with a 415 JSON GraphQL error', async () => {
      const a = await post('{"query":"{ rounds { number } }"}', { 'content-type': 'application/json; charset=latin1' });
      expectError(a, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('answers an Accept header that admits no JSON with 406 before running the operation', async () => {
      t.statements.reset();
      const e = expectError(await post({ query: '{ rounds { number } }' }, { accept: 'image/png' }), 406, 'NOT_ACCEPTABLE');
      expect(e.message).toMatch(/application\/graphql-response\+json/);
      expect(t.statements.count).toBe(0);
    });

    it('answers an unknown path with a 404 JSON GraphQL error', async () => {
      const e = expectError(await send('/nope'), 404, 'NOT_FOUND');
      expect(e.message).toMatch(/POST \/graphql/);
    });

    it.each([
      ['POST', '/health', 'GET, HEAD'],
      ['DELETE', '/export/respondentStats.csv', 'GET, HEAD'],
      ['PUT', '/graphql', 'GET, POST'],
    ])('answers %s %s with a 405 JSON error and the allowed methods', async (method, path, allow) => {
      const a = await send(path, { method, headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(a.status).toBe(405);
      expect(a.headers.get('allow')).toBe(allow);
      expect(errorsOf(a)[0].extensions?.code).toMatch(/^(METHOD_NOT_ALLOWED|BAD_REQUEST)$/);
      expect(a.text).not.toMatch(LEAK);
    });
  });

  describe('status codes follow the media type the client accepts (GraphQL over HTTP)', () => {
    const failures: [string, unknown, string][] = [
      ['a document that does not parse', { query: '{' }, 'GRAPHQL_PARSE_FAILED'],
      ['a document that does not validate', { query: '{ noSuchField }' }, 'GRAPHQL_VALIDATION_FAILED'],
      ['a variable that does not coerce', { query: 'query($p: ID!) { location(pcode: $p) { name } }', variables: { p: null } }, 'BAD_USER_INPUT'],
    ];
    it.each(failures)('answers %s with 200 under legacy application/json', async (_name, body, code) => {
      expectError(await post(body, { accept: 'application/json' }), 200, code);
    });
    it.each(failures)('answers %s with 400 under application/graphql-response+json', async (_name, body, code) => {
      const a = await post(body, { accept: 'application/graphql-response+json' });
      expectError(a, 400, code);
      expect(a.type).toMatch(/^application\/graphql-response\+json/);
      expect(JSON.parse(a.text)).not.toHaveProperty('data');
    });
    it.each(failures)('answers %s with 400 when no Accept header is sent', async (_name, body, code) => {
      expectError(await postWithoutAccept(body), 400, code);
    });
    it.each(failures)('answers %s with 400 when the client accepts anything (*/*), as fetch and curl do by default', async (_name, body, code) => {
      expectError(await post(body, { accept: '*/*' }), 400, code);
    });
    it('answers 400 when the client prefers application/graphql-response+json over application/json', async () => {
      expectError(await post({ query: '{' }, { accept: 'application/graphql-response+json, application/json;q=0.9' }), 400, 'GRAPHQL_PARSE_FAILED');
    });
  });
});
