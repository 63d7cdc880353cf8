import { startTestHub, TestHub } from '../support/hub';

/**
 * A page of respondents that asks for households and children reads them in its own statement
 * (src/common/row-page.ts, the joins declared in src/modules/row-pages.ts). The oracle is the raw rows of the database: each
 * respondent's household and that household's children, selected here with plain SQL.
 */

const PAGE = `query($after: String) { respondents(first: 100, after: $after, filter: { round: 4 }) {
  pageInfo { hasNextPage endCursor }
  edges { node { id household { id travellingSize children { id age sex status } travelling: children(status: TRAVELLING) { id } } } } } }`;

interface Node {
  id: string;
  household: { id: string; travellingSize: number; children: { id: string; age: number; sex: string; status: string }[]; travelling: { id: string }[] } | null;
}

describe('API: a page of respondents with their households and children', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
  });
  afterAll(() => t.close());

  it('gives every respondent of round 4 its own household and exactly that household’s children, page after page', async () => {
    const nodes: Node[] = [];
    let after: string | null = null;
    for (;;) {
      t.statements.reset();
      const res = await t.exec(PAGE, { after }, 'partner');
      expect(res.errors).toBeUndefined();
      // One statement per page, however many households and children it holds.
      expect(t.statements.count).toBe(1);
      const conn = res.data!.respondents;
      nodes.push(...conn.edges.map((e: { node: Node }) => e.node));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }

    // The rows' keys as the API gives them: tagged with their type.
    const respondents: { id: string }[] = await t.ds.query("SELECT 'Respondent:' || id AS id FROM respondent WHERE round_id = 'PER-4' ORDER BY id");
    const households: { id: string; respondent_id: string; travelling_size: number }[] = await t.ds.query(
      "SELECT 'Household:' || id AS id, 'Respondent:' || respondent_id AS respondent_id, travelling_size FROM household WHERE round_id = 'PER-4'",
    );
    const children: { id: string; household_id: string; age: number; sex: string; status: string }[] = await t.ds.query(
      "SELECT 'Child:' || id AS id, 'Household:' || household_id AS household_id, age, sex, status FROM child WHERE round_id = 'PER-4'",
    );
    expect(nodes.map((n) => n.id)).toEqual(respondents.map((r) => r.id));

    const householdOf = new Map(households.map((h) => [h.respondent_id, h]));
    const childrenOf = new Map<string, typeof children>();
    for (const c of children) childrenOf.set(c.household_id, [...(childrenOf.get(c.household_id) ?? []), c]);
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    let withChildren = 0;
    for (const n of nodes) {
      const h = householdOf.get(n.id);
      if (!h) {
        expect(n.household).toBeNull();
        continue;
      }
      expect(n.household!.id).toBe(h.id);
      expect(n.household!.travellingSize).toBe(Number(h.travelling_size));
      // The database keeps the codes (`female`); GraphQL answers the enum values (`FEMALE`).
      const expected = (childrenOf.get(h.id) ?? []).map((c) => ({ id: c.id, age: Number(c.age), sex: c.sex.toUpperCase(), status: c.status.toUpperCase() }));
      expect([...n.household!.children].sort(byId)).toEqual(expected.sort(byId));
      expect(n.household!.travelling.map((c) => c.id).sort()).toEqual(expected.filter((c) => c.status === 'TRAVELLING').map((c) => c.id).sort());
      if (expected.length) withChildren += 1;
    }
    // Round 4 has hundreds of respondents, most with a household, many with children.
    expect(nodes.length).toBeGreaterThan(1000);
    expect(withChildren).toBeGreaterThan(100);
  });
});
