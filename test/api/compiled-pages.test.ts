import { OperationDefinitionNode, parse } from 'graphql';
import * as answers from '../../src/modules/compiled-pages/page-answer';
import { planFor } from '../../src/modules/compiled-pages/page-plan';
import { GqlResult, startTestHub, TestHub } from '../support/hub';

/**
 * Compiled pages (docs/compiled-pages.md) against graphql-js: every operation is sent to a hub
 * with compiled pages (the default) and to the same data served by a hub with
 * COMPILED_PAGES=false, whose answers come from the resolvers, field by field. The two answers
 * must be the same JSON text (same values, same key order), errors included. The fields asked
 * are read from the schema, so a new question's field is covered when it is added.
 */

interface FieldInfo {
  name: string;
  isDeprecated: boolean;
  type: { kind: string; name: string | null; ofType: { kind: string; name: string | null; ofType: { kind: string } | null } | null };
}

const leafKinds = new Set(['SCALAR', 'ENUM']);
const isLeaf = (f: FieldInfo) => leafKinds.has(f.type.kind) || (f.type.kind === 'NON_NULL' && leafKinds.has(f.type.ofType!.kind));

describe('compiled pages: the same answers as graphql-js', () => {
  let compiled: TestHub;
  let reference: TestHub;
  const fields: Record<string, string[]> = {};
  const written = jest.spyOn(answers, 'connectionAnswer');

  beforeAll(async () => {
    compiled = await startTestHub({ rounds: [4] });
    reference = await startTestHub({ rounds: [4], env: { COMPILED_PAGES: 'false' } });
    for (const type of ['Respondent', 'Household', 'Child']) {
      const res = await reference.exec(`{ __type(name: "${type}") { fields { name isDeprecated type { kind name ofType { kind name ofType { kind } } } } } }`);
      // Every current leaf field of the row type: its columns, and `id`.
      fields[type] = (res.data!.__type.fields as FieldInfo[]).filter((f) => isLeaf(f) && !f.isDeprecated).map((f) => f.name);
    }
  });
  afterAll(async () => {
    await compiled?.close();
    await reference?.close();
  });

  async function both(query: string, variables?: Record<string, unknown>, as: 'public' | 'partner' = 'partner'): Promise<[GqlResult, GqlResult]> {
    return [await compiled.exec(query, variables, as), await reference.exec(query, variables, as)];
  }

  /** Sends `query` to both hubs, expects the same JSON, and returns whether the compiled hub wrote it without graphql-js. */
  async function same(query: string, variables?: Record<string, unknown>, as: 'public' | 'partner' = 'partner'): Promise<{ answer: GqlResult; compiledIt: boolean }> {
    written.mockClear();
    const [mine, theirs] = await both(query, variables, as);
    expect(JSON.stringify(mine)).toBe(JSON.stringify(theirs));
    return { answer: mine, compiledIt: written.mock.calls.length > 0 };
  }

  const all = (type: string) => fields[type].join(' ');

  it('answers the benchmark nested page in one go, as graphql-js does', async () => {
    const { answer, compiledIt } = await same(
      'query BenchNestedPage { respondents(first: 100, filter: { round: 4 }) { edges { node { id household { travellingSize children { age sex } } } } } }',
    );
    expect(compiledIt).toBe(true);
    expect(answer.data!.respondents.edges).toHaveLength(100);
    // The cost limits ran on the whole operation before the page was written, and charged it.
    expect((answer as { extensions?: { cost?: { requested: number } } }).extensions?.cost?.requested).toBeGreaterThan(100);
  });

  it('still compiles pages after a cacheable public answer, when Apollo has wrapped every resolver of the shared schema', async () => {
    // The response cache's hints answer willResolveField for a cacheable operation; Apollo Server
    // then replaces the resolve of every field of the schema, which all hubs of the process share.
    await compiled.exec('{ rounds { id } }', undefined, 'public');
    expect((await same('{ respondents(first: 3) { edges { node { id sex } } } }')).compiledIt).toBe(true);
  });

  it('writes every field of every row type, with aliases, type names, cursors and page info', async () => {
    const query = `query Everything($after: String) {
      page: respondents(first: 37, after: $after) {
        __typename
        pageInfo { endCursor hasNextPage __typename startCursor hasPreviousPage }
        edges { cursor __typename node { __typename ${all('Respondent')} alias: sex
          home: household { __typename ${all('Household')} kids: children { __typename ${all('Child')} } } } }
      }
    }`;
    const first = await same(query);
    expect(first.compiledIt).toBe(true);
    const edges = first.answer.data!.page.edges as { node: { home: { kids: unknown[] } | null } }[];
    expect(edges).toHaveLength(37);
    // The page holds households with children and without (both kinds of joined rows are written).
    expect(edges.some((e) => (e.node.home?.kids.length ?? 0) > 0)).toBe(true);
    expect(edges.some((e) => e.node.home !== null && e.node.home.kids.length === 0)).toBe(true);
    // The next pages, by cursor, to the end.
    let after: string | null = first.answer.data!.page.pageInfo.endCursor;
    let pages = 1;
    while (after) {
      const next = await same(query, { after });
      expect(next.compiledIt).toBe(true);
      after = next.answer.data!.page.pageInfo.hasNextPage ? next.answer.data!.page.pageInfo.endCursor : null;
      pages += 1;
    }
    expect(pages).toBeGreaterThan(3);
  });

  it('answers households and children pages, filtered, as graphql-js does', async () => {
    const households = await same(`{ households(first: 50, filter: { round: 4 }) { edges { node { ${all('Household')} children { ${all('Child')} } } } pageInfo { hasNextPage } } }`);
    expect(households.compiledIt).toBe(true);
    expect(households.answer.data!.households.edges).toHaveLength(50);
    const children = await same(`{ children(first: 500) { edges { cursor node { ${all('Child')} } } } }`);
    expect(children.compiledIt).toBe(true);
    expect(children.answer.data!.children.edges.length).toBeGreaterThan(100);
    const filtered = await same(`{ respondents(first: 200, filter: { sex: FEMALE }) { edges { node { id sex age } } } }`);
    expect(filtered.compiledIt).toBe(true);
    expect(new Set(filtered.answer.data!.respondents.edges.map((e: { node: { sex: string } }) => e.node.sex))).toEqual(new Set(['FEMALE']));
  });

  it('leaves to graphql-js what it does not compile, with the same answers', async () => {
    const notCompiled = [
      '{ respondents(first: 5) { totalCount edges { node { id } } } }',
      '{ respondents(first: 5) { edges { node { id round { number } } } } }',
      '{ respondents(first: 5) { edges { node { ...R } } } } fragment R on Respondent { id sex }',
      '{ respondents(first: 5) { edges { node { id sex @include(if: false) } } } }',
      '{ respondents(first: 5) { edges { node { id legacyId } } } }',
      '{ respondents(first: 5) { edges { node { id transitCountries } } } }',
      '{ respondents(first: 5) { edges { node { id } } } rounds { number } }',
      '{ respondents(first: 5) { edges { node { id sex sex: age } } } }',
    ];
    for (const query of notCompiled) {
      const document = parse(query);
      expect(planFor(compiled.hub.schema, document, document.definitions[0] as OperationDefinitionNode)).toBeNull();
      const { compiledIt } = await same(query);
      expect(compiledIt).toBe(false);
    }
  });

  it('refuses exactly as graphql-js does: public callers, bad cursors, pages too large', async () => {
    const page = '{ respondents(first: 3) { edges { node { id } } } }';
    const publicAnswer = await same(page, undefined, 'public');
    expect(publicAnswer.answer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const badCursor = await same('{ respondents(first: 3, after: "not-a-cursor") { edges { node { id } } } }');
    expect(badCursor.answer.errors?.length).toBe(1);
    const tooLarge = await same('{ respondents(first: 501) { edges { node { id } } } }');
    expect(tooLarge.answer.errors?.length).toBe(1);
    expect(tooLarge.compiledIt || badCursor.compiledIt || publicAnswer.compiledIt).toBe(false);
  });

  it('reads a compiled page with one statement and no transaction', async () => {
    compiled.statements.reset();
    const { compiledIt } = await same('{ respondents(first: 20) { edges { node { id household { id children { id } } } } } }');
    expect(compiledIt).toBe(true);
    expect(compiled.statements.count).toBe(1);
    // One statement is its own snapshot: no BEGIN/COMMIT around it (db/read-session.ts, readOnce).
    expect(compiled.statements.sessionCount).toBe(0);
    reference.statements.reset();
    await reference.exec('{ respondents(first: 20) { edges { node { id household { id children { id } } } } } }', undefined, 'partner');
    expect(reference.statements.sessionCount).toBe(2);
  });
});

