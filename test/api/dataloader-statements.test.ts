import { startTestHub, TestHub } from '../support/hub';

const THREE_LEVELS = `query($first: Int!) { respondents(first: $first, filter: { round: 4 }) {
  edges { node { id sex household { travellingSize children { age sex status } } } } } }`;

describe('API: DataLoader batching', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
  });
  afterAll(() => t.close());

  async function statementsFor(first: number): Promise<{ count: number; rows: number }> {
    t.statements.reset();
    const res = await t.exec(THREE_LEVELS, { first }, 'partner');
    expect(res.errors).toBeUndefined();
    return { count: t.statements.count, rows: res.data!.respondents.edges.length };
  }

  it('issues the same number of SQL statements for 10 and for 100 respondents with households and children', async () => {
    const ten = await statementsFor(10);
    const hundred = await statementsFor(100);
    expect(ten.rows).toBe(10);
    expect(hundred.rows).toBe(100);
    expect(hundred.count).toBe(ten.count);
    // The page of respondents reads their households and the households' children in its own
    // statement (row-page.ts, the nested rows by modules/row-pages.ts).
    expect(ten.count).toBe(1);
  });

  it('batches nested pages of several rounds into a constant number of statements', async () => {
    t.statements.reset();
    const res = await t.exec(
      '{ rounds { respondents(first: 3) { totalCount edges { node { household { children { id } } } } } } }',
      undefined,
      'partner',
    );
    expect(res.errors).toBeUndefined();
    // rounds; the pages of every round with their households and children (one statement,
    // row-page.ts); the counts of every round (one grouped statement).
    expect(t.statements.count).toBe(3);
  });
});
