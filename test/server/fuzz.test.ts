import http from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import seedrandom from 'seedrandom';
import { PARTNER_KEY, startTestHub, TestHub } from '../support/hub';

/**
 * Thousands of hostile requests over real HTTP, generated from a fixed seed (the same requests on
 * every run): nothing a client sends may make the hub answer 5xx (except a deliberate 503 when
 * it is busy), leak a stack trace, SQL or an HTML page, stall it, or make it grow.
 */

/** Requests measured, after WARM_UP requests that bring the process to its working size. */
const REQUESTS = 5000;
const WARM_UP = 300;
const CONCURRENCY = 8;
const SEED = 'dtm-hub fuzz 1';

interface Req {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

interface Res {
  status: number;
  type: string;
  body: string;
  ms: number;
}

/** A stack frame, SQL text or an HTML page: none may reach a client. */
const LEAKS: [string, RegExp][] = [
  ['stack trace', /(^|\\n|\n)\s{2,}at [\w.<]|\bat [\w./-]+\.(js|ts):\d+/],
  ['SQL', /\b(SELECT|INSERT|UPDATE|DELETE)\b[\s\S]*\bFROM\b|\bFROM "|\bWHERE\b.*\$\d/],
  ['HTML', /<(!doctype|html|body|pre)\b/i],
];

type Rng = () => number;

/** Percent-encodes the UTF-8 bytes of any text (encodeURIComponent throws on a lone surrogate). */
const percentEncoded = (text: string) => [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

function generator(rng: Rng) {
  const int = (min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const chance = (p: number) => rng() < p;
  // Letters that cannot spell SQL keywords or a stack frame, so that an echo of them is no false alarm.
  const word = (n = int(1, 12)) => Array.from({ length: n }, () => pick('bcdfghjkmnpqvwxz_'.split(''))).join('');
  const hostileText = () =>
    pick([
      () => `PE\u0000${word()}`,
      () => `\u0000`,
      () => `${word()}\ud800${word()}`,
      () => `\udfff`,
      () => `${'x'.repeat(int(1000, 60_000))}`,
      () => `${'\u0000'.repeat(int(1, 500))}`,
      () => `Perú 🏃 ${word()}`,
      () => `%00${word()}`,
      () => `' OR 1=1 --`,
      () => `${word()}\r\n\t"\\`,
    ])();

  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  const gql = (body: unknown, headers: Record<string, string> = {}): Req => ({
    kind: '',
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', ...headers },
    body: Buffer.isBuffer(body) ? body : json(body),
  });
  const accept = () => pick([undefined, 'application/json', 'application/graphql-response+json', '*/*', 'application/json, application/graphql-response+json', 'image/png']);
  const withAccept = (r: Req) => {
    const a = accept();
    if (a) r.headers.accept = a;
    if (chance(0.2)) r.headers.authorization = pick([`Bearer ${PARTNER_KEY}`, `Bearer ${word(20)}`, 'Basic eDp5', '']);
    return r;
  };

  const fields = [
    'rounds { number sampleSize }',
    'locations(country: "PER", level: ADMIN1) { pcode name }',
    'location(pcode: "PE24") { name }',
    'respondentStats(groupBy: [SURVEY_POINT, SEX, EDUCATION]) { total groups { count } }',
    'respondentStats(groupBy: [SURVEY_POINT], measures: [AGE, TRIP_COST_USD]) { total groups { measures { mean median } } }',
    'householdStats(groupBy: [SURVEY_POINT]) { total }',
    'respondents(first: 500) { totalCount edges { node { id age } } }',
    'publishedFigures { value }',
    '__typename',
    '__schema { types { name fields { name } } }',
  ];
  const aliasBomb = () => {
    const n = pick([20, 50, 100, 300, 1000, 3000]);
    const f = pick(fields);
    return `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${f}`).join(' ')} }`;
  };
  const fragmentBomb = () => {
    const levels = int(4, 30);
    const fan = int(2, 4);
    const defs = [`fragment F${levels} on Query { ${pick(fields)} }`];
    for (let i = levels - 1; i >= 1; i--) defs.push(`fragment F${i} on Query { ${Array.from({ length: fan }, () => `...F${i + 1}`).join(' ')} }`);
    return `{ ...F1 } ${defs.join(' ')}`;
  };
  const fragmentCycle = () => {
    const n = int(1, 6);
    const defs = Array.from({ length: n }, (_, i) => `fragment C${i} on Query { __typename ...C${(i + 1) % n} }`);
    return `{ ...C0 } ${defs.join(' ')}`;
  };
  const deepNesting = () => {
    if (chance(0.5)) {
      const depth = int(5, 400);
      let inner = 'number';
      for (let i = 0; i < depth; i++) inner = i % 2 === 0 ? `round { ${inner} }` : `surveyPoints { ${inner} }`;
      return `{ rounds { surveyPoints { ${inner} } } }`;
    }
    const depth = pick([100, 1000, 10_000, 40_000]);
    return `${'{a'.repeat(depth)}${'}'.repeat(depth)}`;
  };
  const wrongVariables = () =>
    pick([
      { query: 'query($n: Int!) { round(country: "PER", number: $n) { number } }', variables: { n: pick(['four', 4.5, 2 ** 40, [4], { n: 4 }, null, true, -1e308]) } },
      { query: 'query($f: RespondentFilter) { respondentStats(filter: $f) { total } }', variables: { f: pick([{ ageMin: 'x' }, { sex: 'ROBOT' }, { nope: 1 }, [1, 2], 'PER', { round: 4, ageMin: 90, ageMax: 10 }]) } },
      { query: 'query($g: [StatsDimension!]!) { respondentStats(groupBy: $g) { total } }', variables: { g: pick([['SEX', 'SEX', 'SEX', 'SEX'], ['NOPE'], 'SEX', [null], Array(50).fill('SEX')]) } },
      { query: 'query($first: Int!) { respondents(first: $first) { totalCount } }', variables: { first: pick([0, -1, 501, 1e9, '10']) } },
      { query: 'query($id: ID!) { __typename }', variables: pick([{ id: null }, {}, { id: { deep: [1] } }]) },
      { query: '{ rounds { number } }', variables: pick(['a string', 7, [1, 2], true]) },
      { query: '{ rounds { number } }', operationName: pick([7, ['a'], { a: 1 }, false]) },
      { query: '{ rounds { number } }', extensions: pick(['x', 1, [1]]) },
    ]);
  const nulText = () => {
    const text = hostileText();
    return pick([
      { query: 'query($p: ID!) { location(pcode: $p) { name } }', variables: { p: text } },
      { query: 'query($c: String) { rounds(country: $c) { number } }', variables: { c: text } },
      { query: 'query($f: RespondentFilter) { respondentStats(filter: $f, groupBy: [SEX]) { total } }', variables: { f: { surveyPoint: text, originState: text } } },
      { query: 'query($a: String) { respondents(first: 2, after: $a) { totalCount } }', variables: { a: text } },
      { query: `{ location(pcode: ${JSON.stringify(text)}) { name } }` },
      { query: `{ respondents(first: 1, after: "${Buffer.from(`c1:${text}`).toString('base64url')}") { totalCount } }` },
    ]);
  };
  const invalidUtf8 = () => {
    const bad = pick([[0xff], [0xfe, 0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80]]);
    const [before, after] = pick([
      ['{"query":"{ location(pcode: \\"PE', '\\") { name } }"}'],
      ['{"query":"{ rounds { number } }","variables":{"x":"', '"}}'],
      ['{"query":"{ rou', 'nds { number } }"}'],
      ['', '{"query":"{ __typename }"}'],
    ]);
    return Buffer.concat([Buffer.from(before), Buffer.from(bad), Buffer.from(after)]);
  };
  const malformedJson = () => {
    const valid = JSON.stringify({ query: '{ rounds { number } }', variables: { a: [1, { b: 'c' }] } });
    return pick([
      () => valid.slice(0, int(0, valid.length - 1)),
      () => Array.from({ length: int(1, 400) }, () => String.fromCharCode(int(32, 126))).join('').replace(/[A-Za-z]/g, 'q'),
      () => '['.repeat(int(1000, 200_000)),
      () => `{"query":"{ rounds { number } }","variables":${'['.repeat(int(1000, 100_000))}${']'.repeat(int(0, 10))}}`,
      () => `{"query":"{ rounds { number } }","variables":{"v":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}}`,
      () => pick(['null', '"query"', '123', 'true', '{}', '[]', '{"query":null}', '{"query":""}', '{"query":"   "}', '{"query":1}', '{"qeury":"{ __typename }"}']),
      () => `{"query":"{ rounds { number } }"}${'}'.repeat(int(1, 5))}`,
      () => `\ufeff{"query":"{ rounds { number } }"}`,
      () => '{"query":"\\x41"}',
    ])();
  };
  const operationNames = () =>
    pick([
      { query: 'query A { rounds { number } }', operationName: word() },
      { query: 'query A { rounds { number } } query B { __typename }' },
      { query: 'query A { rounds { number } } query A { __typename }', operationName: 'A' },
      { query: '{ __typename } { __typename }' },
      { query: 'query A { __typename }', operationName: hostileText() },
      { query: `${pick(['mutation', 'subscription'])} { ${pick(fields)} }` },
      { query: 'query A { __typename } mutation B { __typename }', operationName: 'B' },
    ]);
  const persisted = () =>
    pick([
      { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: word(64) } } },
      { extensions: { persistedQuery: { version: 1, sha256Hash: word(64) } } },
      { query: '{ __typename }', extensions: { persistedQuery: { version: pick([0, 2, '1', null]), sha256Hash: 'ab' } } },
      { extensions: { persistedQuery: { version: 1 } } },
      { query: '{ __typename }', extensions: { persistedQuery: 'yes' } },
    ]);
  const queryText = () => pick([aliasBomb, fragmentBomb, fragmentCycle, deepNesting, () => pick(fields).replace(/^/, '{ ') + ' }'])();

  const kinds: [string, number, () => Req][] = [
    ['malformed JSON', 10, () => gql(Buffer.from(malformedJson()))],
    [
      'wrong content type',
      6,
      () => {
        const r = gql({ query: '{ rounds { number } }' });
        const type = pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/graphql', 'application/xml', null, 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/graphql-response+json', 'application/json; charset=ebcdic']);
        if (type === null) delete r.headers['content-type'];
        else r.headers['content-type'] = type;
        if (chance(0.3)) r.headers['apollo-require-preflight'] = 'true';
        return r;
      },
    ],
    [
      'GET',
      8,
      () => {
        const params = new URLSearchParams();
        const q = chance(0.3) ? pick(['mutation { __typename }', '{', '{ nope }']) : queryText();
        params.set('query', q.length > 6000 ? q.slice(0, 6000) : q);
        if (chance(0.3)) params.set('variables', pick(['{"x":1}', 'not json', '[1]', JSON.stringify({ p: hostileText().slice(0, 200) })]));
        if (chance(0.2)) params.set('operationName', word());
        let search = params.toString();
        if (chance(0.25)) search += pick(['&x=%FF', '&x=%E0%80', '&x=%', '&%FF=1', '&query=%00', '&variables=%7B%22p%22%3A%22%5Cu0000%22%7D']);
        const headers: Record<string, string> = pick<Record<string, string>>([{}, { 'apollo-require-preflight': 'true' }, { 'content-type': 'application/json' }, { 'content-type': 'text/plain' }]);
        const a = accept();
        if (a) headers.accept = a;
        return { kind: '', method: 'GET', path: `/graphql?${search}`, headers };
      },
    ],
    ['alias bomb', 5, () => withAccept(gql({ query: aliasBomb() }))],
    ['fragment bomb', 5, () => withAccept(gql({ query: fragmentBomb() }))],
    ['fragment cycle', 4, () => withAccept(gql({ query: fragmentCycle() }))],
    ['deep nesting', 5, () => withAccept(gql({ query: deepNesting() }))],
    ['wrong variable types', 8, () => withAccept(gql(wrongVariables()))],
    ['huge or NUL-bearing strings', 10, () => withAccept(gql(nulText(), chance(0.5) ? { authorization: `Bearer ${PARTNER_KEY}` } : {}))],
    ['invalid UTF-8', 6, () => gql(invalidUtf8())],
    ['unknown operation / read-only', 6, () => withAccept(gql(operationNames()))],
    ['batch', 4, () => gql(Array.from({ length: int(0, 50) }, () => (chance(0.8) ? { query: pick(fields).replace(/^/, '{ ') + ' }' } : wrongVariables())))],
    [
      'oversized body',
      2,
      () => gql(chance(0.5) ? { query: '{ __typename }', padding: 'x'.repeat(int(257, 1500) * 1024) } : Buffer.from(`{"query":"${'{a'.repeat(int(140_000, 400_000))}"}`)),
    ],
    ['persisted query', 3, () => gql(persisted())],
    [
      'gzip body',
      2,
      () => {
        const r = gql(chance(0.5) ? gzipSync(json({ query: '{ __typename }' })) : Buffer.from(word(200)));
        r.headers['content-encoding'] = pick(['gzip', 'deflate', 'br', 'compress', 'x-unknown']);
        return r;
      },
    ],
    [
      'CSV export',
      5,
      () => {
        const file = pick(['respondentStats', 'householdStats', 'childStats', 'nopeStats']);
        const params = pick([
          'groupBy=SURVEY_POINT,SEX&round=4',
          `groupBy=SEX&surveyPoint=${pick(['cebaf%00', '%FF', '%E0%80', '%', percentEncoded(hostileText().slice(0, 300))])}`,
          `groupBy=${pick(['NOPE', 'SEX,SEX,SEX,SEX', '%00', ''])}`,
          `ageMin=${pick(['x', '-1', '1e9', '%00'])}&groupBy=SEX`,
          `${word()}=${word()}`,
          'groupBy=SEX&groupBy=EDUCATION&measures=AGE,TRIP_COST_USD&country=PER&country=VEN',
        ]);
        return { kind: '', method: pick(['GET', 'GET', 'GET', 'POST', 'DELETE']), path: `/export/${file}.csv?${params}`, headers: {} };
      },
    ],
    [
      'method or path',
      3,
      () => ({
        kind: '',
        method: pick(['PUT', 'PATCH', 'DELETE', 'POST', 'GET', 'OPTIONS']),
        path: pick(['/', '/graphql', '/health', '/ready', `/${word()}`, '/export', '/export/', '/graphql/x', '/%FF', '/..%2f..%2fetc%2fpasswd']),
        headers: chance(0.5) ? { 'content-type': 'application/json' } : {},
        body: chance(0.5) ? json({ query: '{ __typename }' }) : undefined,
      }),
    ],
    ['valid query', 5, () => withAccept(gql({ query: '{ location(pcode: "PE24") { name } }' }))],
  ];
  const total = kinds.reduce((s, [, w]) => s + w, 0);
  return (): Req => {
    let roll = rng() * total;
    for (const [kind, weight, make] of kinds) {
      roll -= weight;
      if (roll < 0) return { ...make(), kind };
    }
    return { ...kinds[0][2](), kind: kinds[0][0] };
  };
}

/** A full garbage collection, so that RSS before and after compares live memory, not garbage not yet collected. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

function send(agent: http.Agent, port: number, r: Req): Promise<Res> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...r.headers };
    if (r.body) headers['content-length'] = r.body.length;
    const req = http.request({ host: '127.0.0.1', port, method: r.method, path: r.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        }),
      );
      res.on('error', reject);
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`no answer in 60 s to ${r.kind}`)));
    // The server may answer (413) and close before reading a huge body: that is an answer, not a failure.
    req.on('error', (e) => (e.message.includes('EPIPE') || e.message.includes('ECONNRESET') ? resolve({ status: -1, type: '', body: '', ms: 0 }) : reject(e)));
    req.end(r.body);
  });
}

describe('Server: fuzzing with hostile requests', () => {
  let t: TestHub;
  let port: number;
  beforeAll(async () => {
    // Rate limiting off: the point is what each request does, not how many are allowed.
    t = await startTestHub({ rounds: [4], env: { RATE_LIMIT_PER_MINUTE: '100000000', RATE_LIMIT_COST_PER_MINUTE: '1000000000' } });
    port = Number(new URL(await t.listen()).port);
  });
  afterAll(() => t.close());

  it(`answers ${WARM_UP + REQUESTS} generated hostile requests without a 5xx, a leak or a stall, and keeps its memory`, async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const next = generator(seedrandom(SEED));
    const byStatus: Record<string, number> = {};
    const byKind: Record<string, Record<string, number>> = {};
    const slowest: Record<string, number> = {};
    const busy: Record<string, number> = {};
    const problems: string[] = [];
    let sent = 0;
    let rssCold = 0;
    let rssBefore = 0;
    let started = 0;

    async function worker(until: number) {
      while (sent < until) {
        sent++;
        // The test harness keeps every SQL statement for loader tests: not the hub's memory.
        t.statements.reset();
        // V8 lets garbage pile up to hundreds of MB before a full collection when allocation is
        // this fast; collecting every few hundred requests makes RSS follow what is retained.
        if (sent % 250 === 0) collectGarbage();
        const r = next();
        const res = await send(agent, port, r);
        const status = String(res.status);
        byStatus[status] = (byStatus[status] ?? 0) + 1;
        (byKind[r.kind] ??= {})[status] = (byKind[r.kind][status] ?? 0) + 1;
        slowest[r.kind] = Math.max(slowest[r.kind] ?? 0, Math.round(res.ms));
        busy[r.kind] = (busy[r.kind] ?? 0) + res.ms;
        const where = `${r.kind}: ${r.method} ${r.path.slice(0, 80)} ${r.body?.subarray(0, 120).toString() ?? ''}`;
        if (res.status >= 500 && res.status !== 503) problems.push(`${res.status} for ${where}: ${res.body.slice(0, 200)}`);
        if (res.status === -1 && r.kind !== 'oversized body') problems.push(`connection dropped for ${where}`);
        for (const [what, pattern] of LEAKS) if (pattern.test(res.body)) problems.push(`${what} in the ${res.status} answer to ${where}: ${res.body.slice(0, 300)}`);
        if (r.kind === 'valid query' && res.status === 200 && !res.body.includes('"Tumbes"')) problems.push(`valid query answered ${res.body.slice(0, 200)}`);
      }
    }
    collectGarbage();
    rssCold = process.memoryUsage().rss;
    await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(WARM_UP)));
    collectGarbage();
    rssBefore = process.memoryUsage().rss;
    started = Date.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(WARM_UP + REQUESTS)));
    const seconds = (Date.now() - started) / 1000;

    const after = await send(agent, port, {
      kind: 'check',
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify({ query: '{ location(pcode: "PE24") { name } rounds(country: "PER") { number } }' })),
    });
    agent.destroy();
    collectGarbage();
    const mb = (bytes: number) => bytes / 2 ** 20;
    const rssGrowthMb = mb(process.memoryUsage().rss - rssBefore);

    console.log(
      [
        `fuzz: ${WARM_UP} warm-up + ${REQUESTS} requests (${seconds.toFixed(1)} s for the ${REQUESTS}); ` +
          `RSS ${mb(rssCold).toFixed(0)} MB cold, ${mb(rssBefore).toFixed(0)} MB after warm-up, +${rssGrowthMb.toFixed(1)} MB over the ${REQUESTS}`,
        `by status: ${JSON.stringify(byStatus)}`,
        ...Object.entries(byKind).map(([k, s]) => `  ${k}: ${JSON.stringify(s)} (slowest ${slowest[k]} ms, ${(busy[k] / 1000).toFixed(1)} s in all)`),
      ].join('\n'),
    );
    expect({ count: problems.length, first: problems.slice(0, 10) }).toEqual({ count: 0, first: [] });
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body).data).toEqual({ location: { name: 'Tumbes' }, rounds: [{ number: 4 }] });
    expect(rssGrowthMb).toBeLessThan(100);
    // Generous: the alias bombs still execute for seconds each until the cost model refuses them.
  }, 300_000);
});
