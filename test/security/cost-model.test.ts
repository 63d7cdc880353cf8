import { buildHubSchema } from '../../src/schema/build-schema';
import { parse, OperationDefinitionNode } from 'graphql';
import { measureHubOperation, STATEMENT_COST } from '../../src/security/cost-model';
import { UNREAD_LIST_ROWS } from '../../src/security/list-sizes';
import { COST_CEILING } from '../../src/security/document-walk';
import { OPEN_DIMENSION_CODES } from '../../src/security/stats-cost';
import { DIMENSIONS } from '../../src/aggregation/dimensions';
import { GqlResult, startTestHub, TestHub } from '../support/hub';
import { aliasBomb, fragmentFanOut, FIVE_MEASURES } from './cost-bombs';

/*
 * Expected costs are worked out by hand from the formula in docs/limits.md:
 *
 *   stats = ceil(rows x (1 + dimensions + measures) x multiSelect + possibleGroups x (1 + measures) / 10)
 *   rows: respondent 100, household 150, child 200; a dimension 0.5, plus 0.5 per table it joins;
 *   a measure 3; possible groups = product over dimensions of (codes + 1);
 *   any other field 1 + its selection; __typename 0; a statement at least STATEMENT_COST (10):
 *   a connection 2 statements + first x its selection, a list 1 statement + rows x its selection.
 */
type Costed = GqlResult & { extensions?: { cost?: { requested?: number; limit: number } } };

/** A count read straight from the database, as the expected length of a list. */
async function countRows(t: TestHub, sql: string): Promise<number> {
  const rows = (await t.ds.query(sql)) as { n: number | string }[];
  return Number(rows[0].n);
}

/** SEX: 2 codes. respondentStats(groupBy: [SEX]) = ceil(100 x 1.5 + 3 / 10) = 151; `{ total }` adds 1. */
const SEX_TOTAL = 'respondentStats(groupBy: [SEX]) { total }';
const SEX_TOTAL_COST = 152;

describe('Security: the cost model', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
  });
  afterAll(() => t.close());

  const exec = async (query: string, as: 'public' | 'partner' = 'public') => (await t.exec(query, undefined, as)) as Costed;

  it('reports the cost of an operation in extensions, as the formula gives it', async () => {
    const res = await exec(`{ ${SEX_TOTAL} }`);
    expect(res.errors).toBeUndefined();
    expect(res.extensions?.cost).toEqual({ requested: SEX_TOTAL_COST, limit: 25000 });
  });

  it('costs a grouped stats query with a measure by its joins, groups and sort', async () => {
    // SURVEY_POINT joins survey_point (0.5 + 0.5), SEX 0.5, AGE 3: 100 x 5.5 = 550;
    // possible groups (12 + 1) x (2 + 1) = 39, x (1 + 1 measure) / 10 = 7.8: ceil(557.8) = 558; `{ total }` 1.
    const res = await exec('{ respondentStats(groupBy: [SURVEY_POINT, SEX], measures: [AGE]) { total } }');
    expect(res.extensions?.cost?.requested).toBe(559);
  });

  it('costs children more than respondents for the same breakdown', async () => {
    // AGE_BAND has 8 labelled codes: groups 9. Children: 200 x 1.5 + 0.9 = 300.9 -> 301; respondents 150.9 -> 151.
    const children = await exec('{ childStats(groupBy: [AGE_BAND]) { total } }');
    const respondents = await exec('{ respondentStats(groupBy: [AGE_BAND]) { total } }');
    expect(children.extensions?.cost?.requested).toBe(302);
    expect(respondents.extensions?.cost?.requested).toBe(152);
  });

  it('doubles the rows of a multi-select dimension', async () => {
    // TRANSIT_COUNTRY joins respondent_choice and location: 0.5 + 2 x 0.5 = 1.5; 100 x 2.5 x 2 = 500;
    // groups 13 + 1 = 14, / 10 = 1.4: ceil(501.4) = 502; `{ total }` 1.
    const res = await exec('{ respondentStats(groupBy: [TRANSIT_COUNTRY]) { total } }');
    expect(res.extensions?.cost?.requested).toBe(503);
  });

  it('adds up aliases and fragment spreads', async () => {
    const res = await exec(`{ a: ${SEX_TOTAL} ...F } fragment F on Query { b: ${SEX_TOTAL} c: ${SEX_TOTAL} }`);
    expect(res.errors).toBeUndefined();
    expect(res.extensions?.cost?.requested).toBe(3 * SEX_TOTAL_COST);
  });

  it('multiplies a connection by the page size asked, the default page included', async () => {
    // edges { node { id } } = 1 + (1 + 1) = 3, totalCount 1: selection 4; a page and a count statement.
    const twenty = await exec('{ respondents(first: 20) { totalCount edges { node { id } } } }', 'partner');
    expect(twenty.extensions?.cost?.requested).toBe(2 * STATEMENT_COST + 20 * 4);
    const byDefault = await exec('{ respondents { totalCount edges { node { id } } } }', 'partner');
    expect(byDefault.extensions?.cost?.requested).toBe(2 * STATEMENT_COST + 50 * 4);
  });

  it('multiplies a lookup of several objects by the number asked', async () => {
    // A statement per type of object each may load: nodes(ids) one per type of Node (Round,
    // SurveyPoint, Location, Respondent, Household, Child), as an id may be of several, + 3 ids x
    // (id 1); _entities(representations) names the types, at most one per item: 2 + 2 x (number 1).
    const nodes = await exec('{ nodes(ids: ["PER-4", "PER-4:cebaf_tumbes", "PER-4:santa_rosa_tacna"]) { id } }');
    expect(nodes.extensions?.cost?.requested).toBe(6 * STATEMENT_COST + 3);
    const entities = await exec(
      '{ _entities(representations: [{ __typename: "Round", id: "PER-4" }, { __typename: "Round", id: "PER-3" }]) { ... on Round { number } } }',
    );
    expect(entities.extensions?.cost?.requested).toBe(2 * STATEMENT_COST + 2);
  });

  it('charges a published figure computation the reconciliation statements it may run', async () => {
    const figures = await countRows(t, "SELECT COUNT(*) AS n FROM published_figure WHERE round = 4");
    const plain = await exec('{ publishedFigures(filter: { round: 4 }) { value } }');
    const computed = await exec('{ publishedFigures(filter: { round: 4 }) { value computed { value } } }');
    expect(plain.extensions?.cost?.requested).toBe(STATEMENT_COST + figures);
    // Far above a plain list: the computation runs the stats statements of every round's recipes (38), charged once, not per figure.
    const once = computed.extensions!.cost!.requested! - (STATEMENT_COST + figures * 3);
    expect(once).toBeGreaterThan(38 * STATEMENT_COST);
    expect(once).toBeLessThan(12000);
    expect(computed.errors).toBeUndefined();
  });

  it('has a code count for every dimension: its labels, or a documented estimate for open code lists', () => {
    for (const [name, def] of DIMENSIONS) {
      if (def.labels) expect({ name, estimate: OPEN_DIMENSION_CODES[name] }).toEqual({ name, estimate: undefined });
      else expect({ name, estimate: OPEN_DIMENSION_CODES[name] }).toEqual({ name, estimate: expect.any(Number) });
    }
  });

  it('answers every operation of the README within the default limit', async () => {
    const readme: [string, 'public' | 'partner'][] = [
      ['{ rounds(country: "PER") { number sampleSize dataKind surveyPoints { code sampleSize } } }', 'public'],
      ['{ flowStatistics(filter: { indicator: MIGRATORY_BALANCE, country: "PER" }) { value publisher referencePeriodStart referencePeriodEnd sourceUrl } }', 'public'],
      ['{ publishedFigures(filter: { round: 4, country: "PER" }) { indicator breakdown value unit confidence sourceUrl } }', 'public'],
      [
        `{ round(country: "PER", number: 4) { respondents(first: 2) { totalCount pageInfo { hasNextPage endCursor }
          edges { node { id sex age surveyPoint { code } household { travellingSize children { age sex status } } } } } } }`,
        'partner',
      ],
      ['{ respondents(first: 3, filter: { round: 4, sex: FEMALE }) { totalCount edges { node { id age } } } }', 'partner'],
      ['{ respondentStats(filter: { country: "PER", round: 4 }, groupBy: [SURVEY_POINT, SEX]) { total groups { keys { dimension code label } count share ci95 { low high } suppressed } } }', 'public'],
      ['{ publishedFigures(filter: { round: 4 }) { value computed { value n difference withinTolerance } } }', 'public'],
      ['{ flowStatisticSeries(indicator: MIGRATORY_BALANCE, country: "PER", interval: YEAR, aggregate: SUM) { points { value } } }', 'public'],
    ];
    for (const [query, as] of readme) {
      const res = await exec(query, as);
      expect({ query, codes: (res.errors ?? []).map((e) => e.extensions?.code) }).toEqual({ query, codes: [] });
      expect(res.extensions!.cost!.requested!).toBeLessThanOrEqual(25000);
    }
  });
});

describe('Security: refusing costly operations before they run', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
  });
  afterAll(() => t.close());

  const refusedBeforeRunning = async (query: string) => {
    t.statements.reset();
    const res = (await t.exec(query)) as Costed;
    expect(t.statements.count).toBe(0);
    expect(res.data ?? null).toBeNull();
    return res;
  };

  it('refuses 50 aliases of a three-way stats breakdown, naming the cost and the limit, with no SQL run', async () => {
    // Per alias: SURVEY_POINT, ORIGIN_STATE and DESTINATION_REGION each join a table (1 each): 100 x 4 = 400;
    // possible groups 13 x 26 x 26 = 8,788, / 10 = 878.8: 1,279; the selection
    // { total groups { keys { dimension code label } count share ci95 { low high } suppressed } } = 12.
    const res = await refusedBeforeRunning(aliasBomb(50));
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/cost 64550 is over the limit of 25000/);
    expect(res.extensions?.cost).toEqual({ requested: 50 * 1291, limit: 25000 });
  });

  it('refuses the same request with five measures, costed higher', async () => {
    // Five measures: 100 x (4 + 15) = 1,900; 8,788 x 6 / 10 = 5,272.8: 7,173; the selection adds
    // measures { n mean median } (4): 16.
    const res = await refusedBeforeRunning(aliasBomb(50, FIVE_MEASURES));
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(res.extensions?.cost?.requested).toBe(50 * 7189);
  });

  it('lets one such breakdown through on its own', async () => {
    const res = (await t.exec(aliasBomb(1, FIVE_MEASURES))) as Costed;
    expect(res.errors).toBeUndefined();
    expect(res.extensions?.cost?.requested).toBe(7189);
  });

  it('lets the heaviest single stats query through on its own', async () => {
    // Households by three admin-1 dimensions with all nine measures: SURVEY_POINT_REGION joins
    // survey_point and location (1.5), ORIGIN_STATE and DESTINATION_REGION one location each (1 + 1);
    // the measures 9 x 3 (household columns need no join for households): 150 x 31.5 = 4,725;
    // possible groups 26 x 26 x 26 = 17,576, x 10 / 10: 22,301; `{ total }` 1.
    const res = (await t.exec(
      '{ householdStats(groupBy: [SURVEY_POINT_REGION, ORIGIN_STATE, DESTINATION_REGION], measures: [AGE, TRAVEL_DAYS, TRIP_COST_USD, ' +
        'MONTHLY_INCOME_USD, MONTHS_IN_PERU, TRAVELLING_SIZE, TRAVELLING_CHILDREN, MEMBERS_IN_VENEZUELA, CHILDREN_IN_VENEZUELA]) { total } }',
    )) as Costed;
    expect(res.errors).toBeUndefined();
    expect(res.extensions?.cost).toEqual({ requested: 22302, limit: 25000 });
  });

  it('refuses a 24-level fragment fan-out quickly, with its cost', async () => {
    // F24 = rounds { id } = a statement + one round (this hub holds round 4 only) x 1 = 11;
    // each level doubles: F1 = 2^23 x 11 = 92,274,688.
    const started = performance.now();
    const res = await refusedBeforeRunning(fragmentFanOut(24));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(res.errors![0].message).toMatch(/cost 92274688 is over the limit/);
  });

  it('walks a fan-out of any depth in linear time and saturates its cost', async () => {
    const schema = await buildHubSchema();
    const document = parse(fragmentFanOut(2000), { maxTokens: 100_000 });
    const operation = document.definitions[0] as OperationDefinitionNode;
    const started = performance.now();
    const measure = measureHubOperation(schema, document, operation, {});
    expect(performance.now() - started).toBeLessThan(500);
    expect(measure).toEqual({ depth: 2, cost: COST_CEILING, statements: COST_CEILING });
    // Ten levels, expanded by hand: 2^9 copies of rounds { id }, each a statement and, with no list
    // sizes read, a full page of rounds: 10 + 500 x 1.
    const ten = parse(fragmentFanOut(10));
    expect(measureHubOperation(schema, ten, ten.definitions[0] as OperationDefinitionNode, {}).cost).toBe(512 * (STATEMENT_COST + UNREAD_LIST_ROWS));
  });

  it('refuses a document over the token limit while parsing it', async () => {
    // `rounds { id }` is 4 tokens: 800 of them and the outer braces make 3,202, over 3,000.
    const res = await refusedBeforeRunning(`{ ${'rounds { id } '.repeat(800)}}`);
    expect(res.errors![0].extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(res.errors![0].message).toMatch(/3000 tokens/);
  });

  it('refuses a fragment cycle as invalid instead of looping', async () => {
    const res = await refusedBeforeRunning('{ ...A } fragment A on Query { rounds { id } ...B } fragment B on Query { ...A }');
    expect(res.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('counts a deep nesting through fragments once per level', async () => {
    const res = await refusedBeforeRunning(
      '{ rounds { ...R } } fragment R on Round { respondents(first: 1) { edges { node { ...P } } } } ' +
        'fragment P on Respondent { household { respondent { household { respondent { household { respondent { household { respondent { id } } } } } } } } }',
    );
    expect(res.errors![0].message).toMatch(/depth 13 is over the limit of 12/);
  });

  it('never fails on an operation it cannot choose', async () => {
    for (const [query, operationName] of [
      ['query A { rounds { id } }', 'B'],
      ['{ rounds { id } } { rounds { number } }', undefined],
    ] as const) {
      const contextValue = await t.hub.contextFor();
      const response = await t.hub.apollo.executeOperation({ query, operationName }, { contextValue });
      const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
      expect(body?.errors?.[0].extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
      expect(response.http.status ?? 200).toBeLessThan(500);
    }
  });
});

describe('Security: a limit on fields of the query root', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
  });
  afterAll(() => t.close());

  const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

  it('refuses 300 aliases of a cheap root field before any SQL runs, naming the count and the limit', async () => {
    t.statements.reset();
    // 300 x (a statement 10 + the one round of this hub x number 1) = 3,300: within the cost limit.
    const res = await t.exec(aliases(300, 'rounds { number }'));
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/asks 300 fields on the query root, over the limit of 30/);
    expect(t.statements.count).toBe(0);
  });

  it('counts root fields reached through fragments, each fragment once per spread', async () => {
    const fields = Array.from({ length: 8 }, (_, i) => `r${i}: rounds { number }`).join(' ');
    // 4 spreads of an 8-field fragment: 32 root fields, over 30.
    const res = await t.exec(`query { ...F ...F ... on Query { ...F ...F } } fragment F on Query { ${fields} }`);
    expect(res.errors![0].message).toMatch(/asks 32 fields on the query root/);
  });

  it('answers 30 root fields, and does not count __typename', async () => {
    const res = await t.exec(aliases(30, 'rounds(country: "PER") { number }').replace('{ a0', '{ __typename a0'));
    expect(res.errors).toBeUndefined();
    expect(Object.keys(res.data!)).toHaveLength(31);
  });
});
