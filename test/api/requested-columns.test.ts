import { startTestHub, TestHub } from '../support/hub';

/**
 * Loaders and pages select only the columns a query asks for (src/common/requested-columns.ts).
 * The oracle for every field of the three row types: its value when asked alone (the narrowest
 * statement) equals its value when asked beside every other field of the type (a statement that
 * reads every column, as before narrowing), on every path that loads the type.
 */

interface FieldInfo {
  name: string;
  leaf: boolean;
}

const TYPE_FIELDS = `query($name: String!) { __type(name: $name) { fields { name type { kind ofType { kind ofType { kind ofType { kind } } } } } } }`;

/** Leaf fields as they are; object fields as `{ __typename }` (enough to tell null from an object). */
const selectionOf = (f: FieldInfo) => (f.leaf ? f.name : `${f.name} { __typename }`);

/** Each path that loads a row type, with `SEL` where that type's fields go. */
const PATHS: Record<string, string[]> = {
  Respondent: [
    '{ respondents(first: 40, filter: { round: 4 }) { edges { node { id SEL } } } }',
    '{ households(first: 40, filter: { round: 4 }) { edges { node { id respondent { id SEL } } } } }',
    '{ rounds { respondents(first: 40) { edges { node { id SEL } } } } }',
    '{ node(id: "Respondent:PER-4:r4-00001") { ... on Respondent { id SEL } } }',
  ],
  Household: [
    '{ respondents(first: 40, filter: { round: 4 }) { edges { node { id household { id SEL } } } } }',
    '{ households(first: 40, filter: { round: 4 }) { edges { node { id SEL } } } }',
    '{ children(first: 40, filter: { round: 4 }) { edges { node { id household { id SEL } } } } }',
    '{ rounds { households(first: 40) { edges { node { id SEL } } } } }',
    '{ node(id: "Household:PER-4:h4-00001") { ... on Household { id SEL } } }',
  ],
  Child: [
    '{ respondents(first: 40, filter: { round: 4 }) { edges { node { id household { id children { id SEL } } } } } }',
    '{ children(first: 40, filter: { round: 4 }) { edges { node { id SEL } } } }',
    '{ rounds { children(first: 40) { edges { node { id SEL } } } } }',
    '{ node(id: "Child:PER-4:c4-00001") { ... on Child { id SEL } } }',
  ],
};

/** Whether every value of `part` is the value at the same place in `whole` (lists: same length, item by item). */
function within(whole: unknown, part: unknown): boolean {
  if (Array.isArray(part)) return Array.isArray(whole) && whole.length === part.length && part.every((p, i) => within(whole[i], p));
  if (part && typeof part === 'object') {
    if (!whole || typeof whole !== 'object') return false;
    return Object.entries(part).every(([k, v]) => within((whole as Record<string, unknown>)[k], v));
  }
  return whole === part;
}

describe('API: statements read only the columns a query asks for', () => {
  let t: TestHub;
  const fields: Record<string, FieldInfo[]> = {};

  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
    for (const name of Object.keys(PATHS)) {
      const res = await t.exec(TYPE_FIELDS, { name }, 'partner');
      type T = { kind: string; ofType?: T | null };
      const leafKind = (x: T): boolean => (x.ofType ? leafKind(x.ofType) : x.kind === 'SCALAR' || x.kind === 'ENUM');
      fields[name] = (res.data!.__type.fields as { name: string; type: T }[]).map((f) => ({ name: f.name, leaf: leafKind(f.type) }));
    }
  });
  afterAll(() => t.close());

  for (const [type, paths] of Object.entries(PATHS)) {
    paths.forEach((path, i) => {
      it(`answers every field of ${type} alone as beside all the others (path ${i + 1})`, async () => {
        const all = await t.exec(path.replace('SEL', fields[type].map(selectionOf).join(' ')), undefined, 'partner');
        expect(all.errors).toBeUndefined();
        const whole = JSON.stringify(all.data);
        const mismatches: string[] = [];
        for (const f of fields[type]) {
          const alone = await t.exec(path.replace('SEL', selectionOf(f)), undefined, 'partner');
          expect(alone.errors).toBeUndefined();
          if (!within(all.data, alone.data)) mismatches.push(f.name);
        }
        expect(mismatches).toEqual([]);
        // The fields are many and the answers not empty: the comparison compared something (one
        // object for node(id:), 40 or more on the other paths).
        expect(fields[type].length).toBeGreaterThan(5);
        expect(whole.length).toBeGreaterThan(path.includes('node(id:') ? 150 : 2000);
      });
    });
  }

  /** The column aliases of the one statement of the nested page, by table prefix. */
  async function nestedPageAliases(hub: TestHub): Promise<(prefix: string) => string[]> {
    hub.statements.reset();
    const res = await hub.exec(
      '{ respondents(first: 10, filter: { round: 4 }) { edges { node { id sex household { travellingSize children { age sex } } } } } }',
      undefined,
      'partner',
    );
    expect(res.errors).toBeUndefined();
    expect(hub.statements.statements).toHaveLength(1);
    const [sql] = hub.statements.statements;
    return (prefix) => [...sql.matchAll(new RegExp(`AS "?(${prefix}_\\w+)"?`, 'g'))].map((m) => m[1]).sort();
  }

  it('selects only the keys and the asked columns on the nested page', async () => {
    // graphql-js (compiled pages off). Respondent: the keys and sex; household: the keys and
    // travelling_size; child: the keys (status, which children(status:) filters on), age and sex.
    const graphqlJs = await startTestHub({ rounds: [4], env: { COMPILED_PAGES: 'false' } });
    try {
      const aliases = await nestedPageAliases(graphqlJs);
      expect(aliases('r')).toEqual(['r_id', 'r_round_id', 'r_sex', 'r_survey_point_id']);
      expect(aliases('h')).toEqual(['h_id', 'h_respondent_id', 'h_round_id', 'h_travelling_size']);
      expect(aliases('c')).toEqual(['c_age', 'c_household_id', 'c_id', 'c_round_id', 'c_sex', 'c_status']);
    } finally {
      await graphqlJs.close();
    }
  });

  it('selects only the ids and the asked columns on the nested page when it is compiled', async () => {
    // The compiled page (docs/compiled-pages.md) joins by ids and writes the answer itself: no
    // field resolver needs a row's other keys. (Until compiled pages survived a cacheable
    // operation, the `rounds` paths above had turned them off and graphql-js read this page.)
    const aliases = await nestedPageAliases(t);
    expect(aliases('r')).toEqual(['r_id', 'r_sex']);
    expect(aliases('h')).toEqual(['h_id', 'h_travelling_size']);
    expect(aliases('c')).toEqual(['c_age', 'c_id', 'c_sex']);
  });

  it('selects, for nodes(ids:), the keys and the columns that the fragments on each type ask for', async () => {
    const page = await t.exec('{ respondents(first: 1, filter: { round: 4 }) { edges { node { id sex } } } }', undefined, 'partner');
    const respondent = page.data!.respondents.edges[0].node as { id: string; sex: string };
    t.statements.reset();
    const res = await t.exec(
      'query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Respondent { sex } ... on Household { travellingSize } ...childAge } } fragment childAge on Child { age }',
      { ids: [respondent.id, 'Household:PER-4:h4-00001', 'Child:PER-4:c4-00001'] },
      'partner',
    );
    expect(res.errors).toBeUndefined();
    // The same respondent as the page gave, with the field of its own fragment only.
    expect(res.data!.nodes[0]).toEqual(respondent);
    // Respondents and households are read by their pages' statement (alias `r`, `h`), children by a loader (`t`).
    const aliasesFrom = (table: string, alias: string) => {
      const sql = t.statements.statements.find((s) => new RegExp(`FROM "?${table}"? `).test(s));
      expect(sql).toBeDefined();
      return [...sql!.matchAll(new RegExp(`AS "?(${alias}_\\w+)"?`, 'g'))].map((m) => m[1]).sort();
    };
    // Each type: its keys (declareRowType) and the columns of its own fragment, none of the others'.
    expect(aliasesFrom('respondent', 'r')).toEqual(['r_id', 'r_round_id', 'r_sex', 'r_survey_point_id']);
    expect(aliasesFrom('household', 'h')).toEqual(['h_id', 'h_respondent_id', 'h_round_id', 'h_travelling_size']);
    expect(aliasesFrom('child', 't')).toEqual(['t_age', 't_household_id', 't_id', 't_round_id', 't_status']);
  });

  it('selects only the keys and the asked columns on the pages of a round', async () => {
    t.statements.reset();
    const res = await t.exec('{ rounds { respondents(first: 5) { edges { node { id sex } } } } }', undefined, 'partner');
    expect(res.errors).toBeUndefined();
    const rows = t.statements.statements.find((sql) => /"r_sex"/.test(sql));
    expect(rows).toBeDefined();
    const aliases = [...rows!.matchAll(/AS "?(r_\w+)"?/g)].map((m) => m[1]).sort();
    expect(aliases).toEqual(['r_id', 'r_round_id', 'r_sex', 'r_survey_point_id']);
  });
});
