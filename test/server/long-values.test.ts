import { startTestHub, TestHub } from '../support/hub';

/** A value of 200 KB: what a client could send inside the 256 KB body limit. */
const BIG = 'x'.repeat(200_000);
/** The same length as a GraphQL name, for enum positions and field names. */
const BIG_NAME = 'Z'.repeat(200_000);
/** Node refuses a request line and headers over 16 KB (431), so a URL parameter is at most about this long. */
const URL_VALUE = 'x'.repeat(15_000);

/** Every answer to a mistake with a long value stays under this. */
const SMALL = 2048;

/** What a message shows of a long value: its first 100 characters and how many were left out. */
const cutMark = (ch: string, total: number) => `${ch.repeat(100)}…" (${(total - 100).toLocaleString('en-US')} more characters)`;

interface Answer {
  status: number;
  text: string;
}

describe('Server: error messages quote at most 100 characters of a value', () => {
  let t: TestHub;
  let base: string;
  let dimensions: string[];

  beforeAll(async () => {
    t = await startTestHub();
    base = await t.listen();
    const res = await t.exec('{ __type(name: "StatsDimension") { enumValues(includeDeprecated: true) { name } } }');
    dimensions = (res.data!.__type.enumValues as { name: string }[]).map((v) => v.name);
  });
  afterAll(() => t.close());

  async function post(body: unknown): Promise<Answer> {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  }

  async function get(path: string): Promise<Answer> {
    const res = await fetch(`${base}${path}`, { headers: { 'apollo-require-preflight': 'true' } });
    return { status: res.status, text: await res.text() };
  }

  /** The answer is small and its first error message; the status is the one expected. */
  function message(a: Answer, status: number): string {
    expect({ status: a.status, small: a.text.length < SMALL }).toEqual({ status, small: true });
    return (JSON.parse(a.text) as { errors: { message: string }[] }).errors[0].message;
  }

  it('cuts a long string given as an argument literal, naming the argument and what is allowed', async () => {
    const m = message(await post({ query: `{ rounds(country: "${BIG}") { number } }` }), 200);
    expect(m).toBe(`country: "${cutMark('x', BIG.length)} is not allowed; expected an ISO 3166-1 alpha-3 country code such as PER, VEN, COL, ECU or CHL.`);
  });

  it('cuts a long string checked by an input validator (class-validator)', async () => {
    const m = message(await post({ query: `{ respondentStats(filter: { country: "${BIG}" }) { total } }` }), 200);
    expect(m).toBe(`Invalid argument: country must be an ISO 3166-1 alpha-3 country code such as PER, VEN, COL, ECU or CHL (got "${cutMark('x', BIG.length)}).`);
  });

  it('cuts a long string given where graphql-js expects an Int, in a literal and in a variable', async () => {
    const literal = message(await post({ query: `{ round(number: "${BIG}", country: "PER") { number } }` }), 400);
    expect(literal).toBe(`Int cannot represent non-integer value: "${cutMark('x', BIG.length)}`);
    const variable = message(await post({ query: 'query($n: Int!) { round(number: $n, country: "PER") { number } }', variables: { n: BIG } }), 400);
    expect(variable).toBe(`Variable "$n" got invalid value "${cutMark('x', BIG.length)}; Int cannot represent non-integer value: "${cutMark('x', BIG.length)}`);
  });

  it('cuts a long name in an enum position and still lists every allowed value', async () => {
    const allowed = `Allowed values: ${dimensions.join(', ')}.`;
    const literal = message(await post({ query: `{ respondentStats(groupBy: [${BIG_NAME}]) { total } }` }), 400);
    expect(literal).toBe(`Value "${cutMark('Z', BIG_NAME.length)} does not exist in "StatsDimension" enum. ${allowed}`);
    const variable = message(await post({ query: 'query($g: [StatsDimension!]!) { respondentStats(groupBy: $g) { total } }', variables: { g: [BIG] } }), 400);
    expect(variable).toBe(
      `Variable "$g" got invalid value "${cutMark('x', BIG.length)} at "g[0]"; Value "${cutMark('x', BIG.length)} does not exist in "StatsDimension" enum. ${allowed}`,
    );
  });

  it('cuts a long value and a long field name inside an input object variable, naming the field', async () => {
    const query = 'query($f: RespondentFilter) { respondentStats(filter: $f) { total } }';
    const value = message(await post({ query, variables: { f: { sex: BIG } } }), 400);
    expect(value).toBe(
      `Variable "$f" got invalid value "${cutMark('x', BIG.length)} at "f.sex"; Value "${cutMark('x', BIG.length)} does not exist in "Sex" enum. Allowed values: MALE, FEMALE.`,
    );
    const field = message(await post({ query, variables: { f: { [BIG_NAME]: 1 } } }), 400);
    expect(field).toBe(
      `Variable "$f" got invalid value { ${'Z'.repeat(100)}… (199,900 more characters): 1 }; Field "${cutMark('Z', BIG_NAME.length)} is not defined by type "RespondentFilter".`,
    );
  });

  it('cuts long names in validation errors of the document', async () => {
    expect(message(await post({ query: `{ ${BIG_NAME} }` }), 400)).toBe(`Cannot query field "${cutMark('Z', BIG_NAME.length)} on type "Query".`);
    expect(message(await post({ query: `{ rounds(${BIG_NAME}: "PER") { number } }` }), 400)).toBe(
      `Unknown argument "${cutMark('Z', BIG_NAME.length)} on field "Query.rounds".`,
    );
    expect(message(await post({ query: `{ rounds { number } } ${BIG_NAME}` }), 400)).toBe(`Syntax Error: Unexpected Name "${cutMark('Z', BIG_NAME.length)}.`);
  });

  it('keeps each message short when a value is made of many short parts, and says why coercion stopped', async () => {
    // 400 unknown fields: each of graphql-js's messages prints the whole object (4 KB).
    const keys = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`k${i}`, 1]));
    const a = await post({ query: 'query($f: RespondentFilter) { respondentStats(filter: $f) { total } }', variables: { f: keys } });
    expect(a.status).toBe(400);
    const errors = (JSON.parse(a.text) as { errors: { message: string }[] }).errors;
    // graphql-js reports 50 coercion errors, then says it stopped.
    expect(errors.length).toBe(51);
    expect(errors[50]).toEqual({
      message: 'The variables hold too many mistakes: the first 50 are listed; nothing was run. Correct them and send the request again.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(a.text.length).toBeLessThan(51 * 1200);
    for (const e of errors.slice(0, 50)) {
      expect(e.message.length).toBeLessThan(1100);
      expect(e.message).toMatch(/^Variable "\$f" got invalid value \{ k0: 1, k1: 1, .* … \([\d,]+ characters left out\) … .*Field "k\d+" is not defined by type "RespondentFilter"\.$/);
    }
  });

  it('cuts long client-chosen names in messages and in extensions', async () => {
    const op = await post({ query: '{ rounds { number } }', operationName: BIG });
    expect(message(op, 400)).toMatch(new RegExp(`^Unknown operationName "x{100}…" \\(199,900 more characters\\): the document defines an anonymous operation\\.`));
    const name = `v${BIG}`;
    const a = await post({ query: 'query { rounds { number } }', variables: { [name]: 'a\u0000' } });
    expect(message(a, 400)).toBe(
      `Variable $v${'x'.repeat(59)}… (199,941 more characters): the text holds a NUL character (U+0000) at position 2; text must be valid Unicode without NUL characters.`,
    );
    expect((JSON.parse(a.text) as { errors: { extensions: Record<string, unknown> }[] }).errors[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      argument: null,
      variable: `v${'x'.repeat(99)}… (199,901 more characters)`,
    });
  });

  it('answers a malformed JSON body or a persisted-query mistake without the value', async () => {
    expect(message(await post(`{"query": "${BIG}`), 400)).toBe('The request body is not valid JSON. Send a JSON object such as {"query": "{ rounds { number } }"}.');
    expect(message(await post({ query: '{ rounds { number } }', extensions: { persistedQuery: { version: 1, sha256Hash: BIG } } }), 400)).toMatch(
      /^extensions\.persistedQuery\.sha256Hash does not match the query/,
    );
  });

  describe('the CSV export', () => {
    const csvMessage = (a: Answer, status: number) => {
      expect({ status: a.status, small: a.text.length < SMALL }).toEqual({ status, small: true });
      return JSON.parse(a.text).errors[0].message as string;
    };
    const urlCut = (ch: string) => `${ch.repeat(100)}…" (${(URL_VALUE.length - 100).toLocaleString('en-US')} more characters)`;

    it('cuts a long value of a filter, groupBy or lang parameter, naming the parameter and what is allowed', async () => {
      expect(csvMessage(await get(`/export/respondentStats.csv?sex=${URL_VALUE}`), 400)).toBe(`sex: "${urlCut('x')} is not allowed; expected one of MALE, FEMALE.`);
      expect(csvMessage(await get(`/export/respondentStats.csv?ageMin=${URL_VALUE}`), 400)).toBe(`ageMin: "${urlCut('x')} is not allowed; expected an integer.`);
      expect(csvMessage(await get(`/export/respondentStats.csv?lang=${URL_VALUE}`), 400)).toBe(`lang: "${urlCut('x')} is not allowed; expected en or es.`);
      expect(csvMessage(await get(`/export/respondentStats.csv?groupBy=${URL_VALUE}`), 400)).toMatch(
        new RegExp(`^groupBy: "${urlCut('X').replace(/[()]/g, '\\$&')} is not allowed; expected a comma-separated list of COUNTRY, ROUND, .*SEX, AGE_BAND, .*\\.$`),
      );
      expect(csvMessage(await get(`/export/respondentStats.csv?country=${URL_VALUE}`), 400)).toBe(
        `Invalid argument: country must be an ISO 3166-1 alpha-3 country code such as PER, VEN, COL, ECU or CHL (got "${urlCut('x')}).`,
      );
    });

    it('cuts a long unknown parameter name and still lists the allowed parameters', async () => {
      const m = csvMessage(await get(`/export/respondentStats.csv?${'Z'.repeat(15_000)}=1`), 400);
      expect(m).toMatch(new RegExp(`^Unknown parameter "Z{100}…" \\(14,900 more characters\\)\\. Allowed: groupBy \\(comma-separated dimensions\\), .*ageMin, ageMax, .*mainNeed\\.$`));
    });

    it('is refused by Node before the hub when the URL is over 16 KB, with no echo', async () => {
      const a = await get(`/export/respondentStats.csv?sex=${BIG}`);
      expect({ status: a.status, length: a.text.length }).toEqual({ status: 431, length: 0 });
    });
  });
});
