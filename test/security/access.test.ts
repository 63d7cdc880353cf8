import { PARTNER_KEY, startTestHub, TestHub } from '../support/hub';

describe('Security: row-level data needs a partner key', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
    base = await t.listen();
  });
  afterAll(() => t.close());

  const post = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });

  it.each([
    ['respondents', '{ respondents(first: 1) { totalCount } }'],
    ['households', '{ households(first: 1) { totalCount } }'],
    ['children', '{ children(first: 1) { totalCount } }'],
    ['respondent', '{ respondent(id: "PER-4:x") { id } }'],
    ['round respondents', '{ round(country: "PER", number: 4) { respondents(first: 1) { totalCount } } }'],
    ['round children', '{ round(country: "PER", number: 4) { children(first: 1) { totalCount } } }'],
  ])('refuses %s to a public caller with FORBIDDEN and says a partner key is needed', async (_name, query) => {
    const res = await t.exec(query);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(res.errors![0].message).toMatch(/needs a partner key/);
  });

  it('serves rounds, survey points, flow statistics and published figures to a public caller', async () => {
    const res = await t.exec('{ rounds { number surveyPoints { code } } flowStatistics { value } publishedFigures(filter: { round: 4 }) { value } }');
    expect(res.errors).toBeUndefined();
    expect(res.data!.rounds).toHaveLength(1);
  });

  it('serves row-level data over HTTP to a caller with a valid partner key', async () => {
    const res = await post('{ respondents(first: 1, filter: { round: 4 }) { totalCount } }', { authorization: `Bearer ${PARTNER_KEY}` });
    expect(res.status).toBe(200);
    const body: any = await res.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.respondents.totalCount).toBeGreaterThan(0);
  });

  it('answers FORBIDDEN over HTTP without a key, and no row data leaks', async () => {
    const res = await post('{ respondents(first: 1) { edges { node { age } } } }');
    const body: any = await res.json();
    expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(body.data).toBeNull();
  });

  it('rejects a wrong partner key with 401 UNAUTHENTICATED instead of serving it as public', async () => {
    const res = await post('{ rounds { number } }', { authorization: 'Bearer not-a-real-key-0000000000' });
    expect(res.status).toBe(401);
    const body: any = await res.json();
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(body)).not.toContain('not-a-real-key');
  });
});
