import { startTestHub, TestHub } from '../support/hub';

describe('Server: documents that repeat one field many times', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    base = await t.listen();
  });
  afterAll(() => t.close());

  interface Answer {
    errors?: { message: string; extensions: { code: string } }[];
  }
  const post = (query: string) =>
    fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const json = async (res: Response) => (await res.json()) as Answer;

  it('refuses 500 copies of one field with 400 BAD_USER_INPUT naming the field, the count and the limit, before any SQL', async () => {
    t.statements.reset();
    const res = await post(`{ rounds { ${'number '.repeat(500)} } }`);
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors![0].message).toMatch(/asks for number 500 times in one selection set, over the limit of 25/);
    expect(t.statements.count).toBe(0);
  });

  it('counts aliases and fragment spreads under the name they land on', async () => {
    const aliased = await post(`{ ${Array.from({ length: 26 }, () => 'x: rounds { number }').join(' ')} }`);
    expect((await json(aliased)).errors![0].message).toMatch(/asks for x 26 times/);
    const spreads = await post(`{ rounds { ...F ${'...F '.repeat(40)} } } fragment F on Round { number }`);
    expect((await json(spreads)).errors![0].message).toMatch(/asks for \.\.\.F 41 times/);
  });

  it('answers a document that repeats a field up to the limit', async () => {
    const res = await post(`{ rounds(country: "PER") { ${'number '.repeat(25)} } }`);
    expect(res.status).toBe(200);
    expect((await json(res)).errors).toBeUndefined();
  });
});
