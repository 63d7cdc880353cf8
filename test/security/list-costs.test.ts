import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getIntrospectionQuery, getNamedType, getVariableValues, isCompositeType, isObjectType, OperationDefinitionNode, parse } from 'graphql';
import { importBundle } from '../../src/import/import-round';
import { buildHubSchema } from '../../src/schema/build-schema';
import { seedBundles } from '../../src/provisioning/seed-database';
import {
  IN_MEMORY_FIELDS,
  isListField,
  LOADED_FIELDS,
  measureHubOperation,
  PER_OBJECT_FIELDS,
  ROWS_PER_PARENT_FIELDS,
  STATEMENT_COST,
} from '../../src/security/cost-model';
import { readListSizes } from '../../src/security/list-sizes';
import { GqlResult, startTestHub, TestHub } from '../support/hub';

/*
 * Expected prices are worked out by hand from the rules in docs/limits.md, with every list's
 * length read straight from the database:
 *
 *   a list: a statement (10) + rows x its selection (at least 1 per row);
 *   a leaf 1; __typename 0; a field read through a loader: 1 + its selection per object, and one
 *   statement (10) per use, whatever the list above it;
 *   respondentStats(groupBy: [ROUND]): ROUND joins round (0.5 + 0.5): 100 x 2 = 200, plus
 *   13 possible groups / 10 = 1.3: ceil(201.3) = 202.
 */
type Costed = GqlResult & { extensions?: { cost?: { requested?: number; limit: number } } };

const PLACE_STATS = 202;
const LIMIT = 25000;
const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

/** The operations of issue 20 (the cost blind to long lists). */
const ISSUE_PLACES = '{ locations(level: ADMIN1) { pcode destinationRespondents { total } originRespondents { total } } }';
const ADMIN1_ROW = 'locations(level: ADMIN1) { pcode name level countryIso3 isoCode source parentPcode }';
const SERVICE = '_service { sdl }';

async function count(t: TestHub, sql: string): Promise<number> {
  const rows = (await t.ds.query(sql)) as { n: number | string }[];
  return Number(rows[0].n);
}

describe('Security: lists priced by the rows they can return', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
  });
  afterAll(() => t.close());

  const exec = async (query: string, as: 'public' | 'partner' = 'public') => (await t.exec(query, undefined, as)) as Costed;
  const refusedBeforeRunning = async (query: string) => {
    t.statements.reset();
    const res = await exec(query);
    expect(t.statements.count).toBe(0);
    expect(t.statements.sessionCount).toBe(0);
    expect(res.data ?? null).toBeNull();
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    return res;
  };

  it("refuses the issue's admin-1 areas with their two aggregates before any SQL, naming a price of one stats query per place", async () => {
    const areas = await count(t, "SELECT COUNT(*) AS n FROM location WHERE level = 'admin1'");
    expect(areas).toBeGreaterThan(1000);
    // Per area: pcode 1 + two aggregates of (202 + total 1).
    const price = STATEMENT_COST + areas * (1 + 2 * (PLACE_STATS + 1));
    const res = await refusedBeforeRunning(ISSUE_PLACES);
    expect(res.errors![0].message).toContain(`Query cost ${price} is over the limit of ${LIMIT}`);
    // One statement for the list, two per area: far more than the 2,500 a price of 25,000 allows.
    expect(res.errors![0].message).toContain(`It could run ${1 + 2 * areas} SQL statements; the limit allows ${LIMIT / STATEMENT_COST}.`);
    expect(res.extensions?.cost).toEqual({ requested: price, limit: LIMIT });
  });

  it('refuses thirty aliases of every admin-1 area, priced by their rows, before any SQL', async () => {
    const areas = await count(t, "SELECT COUNT(*) AS n FROM location WHERE level = 'admin1'");
    const res = await refusedBeforeRunning(aliases(30, ADMIN1_ROW));
    expect(res.extensions?.cost?.requested).toBe(30 * (STATEMENT_COST + areas * 7));
    expect(res.errors![0].message).toContain(`Query cost ${30 * (STATEMENT_COST + areas * 7)} is over the limit`);
  });

  it('refuses thirty copies of the SDL, priced by its size, before any SQL', async () => {
    const sdl = ((await exec(`{ ${SERVICE} }`)).data!._service as { sdl: string }).sdl;
    // One point per 20 bytes of SDL, plus the field and `sdl`.
    const one = 2 + Math.ceil(Buffer.byteLength(sdl) / 20);
    expect(one).toBeGreaterThan(1000);
    const res = await refusedBeforeRunning(aliases(30, SERVICE));
    expect(res.extensions?.cost?.requested).toBe(30 * one);
  });

  it("prices a country's areas by its own rows, so small lists stay cheap", async () => {
    for (const country of ['PER', 'VEN', 'ECU']) {
      const areas = await count(t, `SELECT COUNT(*) AS n FROM location WHERE level = 'admin1' AND country_iso3 = '${country}'`);
      const res = await exec(`{ locations(level: ADMIN1, country: "${country}") { pcode name } }`);
      expect(res.errors).toBeUndefined();
      expect(res.data!.locations).toHaveLength(areas);
      expect({ country, cost: res.extensions?.cost?.requested }).toEqual({ country, cost: STATEMENT_COST + areas * 2 });
    }
    const countries = await count(t, "SELECT COUNT(*) AS n FROM location WHERE level = 'country'");
    expect((await exec('{ locations(level: COUNTRY) { pcode } }')).extensions?.cost?.requested).toBe(STATEMENT_COST + countries);
  });

  it("multiplies a list's per-item fields by its rows, and charges a batched load once", async () => {
    const rounds = await count(t, 'SELECT COUNT(*) AS n FROM round');
    const points = await count(t, 'SELECT COUNT(*) AS n FROM survey_point GROUP BY round_id ORDER BY n DESC LIMIT 1');
    const res = await exec('{ rounds { number surveyPoints { code } } }');
    expect(res.errors).toBeUndefined();
    // rounds x (number 1 + surveyPoints (1 + points x code 1)), and the survey points' one statement.
    expect(res.extensions?.cost?.requested).toBe(STATEMENT_COST + rounds * (1 + 1 + points) + STATEMENT_COST);
  });

  it('prices the lists anew after an import changes the data', async () => {
    const before = (await exec('{ rounds { number } }')).extensions!.cost!.requested!;
    const bundle = seedBundles().find((b) => b.endsWith('-3'))!;
    const imported = await importBundle(t.ds, bundle);
    expect(imported.ok).toBe(true);
    // The data version is read at most once a second (DATA_VERSION_CHECK_MS).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const rounds = await count(t, 'SELECT COUNT(*) AS n FROM round');
    const after = (await exec('{ rounds { number } }')).extensions!.cost!.requested!;
    expect([before, after]).toEqual([STATEMENT_COST + rounds - 1, STATEMENT_COST + rounds]);
  });
});

describe('Security: introspection and the SDL priced by their size', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
  });
  afterAll(() => t.close());

  const exec = async (query: string) => (await t.exec(query)) as Costed;

  it('prices __schema { types } by the number of types it lists', async () => {
    const res = await exec('{ __schema { types { name } } }');
    const types = (res.data!.__schema as { types: unknown[] }).types.length;
    // __schema 1 + types (1 + types x name 1).
    expect(res.extensions?.cost?.requested).toBe(1 + 1 + types);
    expect((await exec('{ __type(name: "Round") { name } }')).extensions?.cost?.requested).toBe(2);
  });

  it('prices _service { sdl } at one point per 20 bytes of the SDL it answers', async () => {
    const res = await exec('{ _service { sdl } }');
    const sdl = (res.data!._service as { sdl: string }).sdl;
    expect(res.extensions?.cost?.requested).toBe(2 + Math.ceil(Buffer.byteLength(sdl) / 20));
  });

  it("lets codegen's introspection query and the gateway's SDL query through the default limit", async () => {
    for (const query of [
      getIntrospectionQuery(),
      getIntrospectionQuery({ descriptions: false }),
      getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, inputValueDeprecation: true }),
      'query __ApolloGetServiceDefinition__ { _service { sdl } }',
    ]) {
      const res = await exec(query);
      expect(res.errors).toBeUndefined();
      expect(res.extensions!.cost!.requested!).toBeLessThanOrEqual(LIMIT);
    }
  });
});

describe('Security: no operation runs more statements than its price allows', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4, 5] });
  });
  afterAll(() => t.close());

  const examplesDir = path.join(__dirname, '../../examples/operations');
  const examples = readdirSync(examplesDir)
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => readFileSync(path.join(examplesDir, f), 'utf8'));
  const nested = [
    '{ locations(country: "PER") { pcode rounds { number surveyPoints { code round { number } } } surveyPoints { code admin1 { pcode } } flowStatistics { value place { pcode } } } }',
    '{ locations(country: "PER", level: ADMIN1) { pcode destinationRespondents { total } originRespondents { total } } }',
    '{ rounds { number countryLocation { name } respondents(first: 5) { totalCount edges { node { id transitCountries surveyPoint { code } household { children { age household { id } } } } } } } }',
    '{ nodes(ids: ["PER-4", "PER-4:cebaf_tumbes", "PE24"]) { id ... on Location { rounds { number } } } }',
    '{ _entities(representations: [{ __typename: "Location", pcode: "PE24" }, { __typename: "Round", id: "PER-5" }]) { ... on Location { surveyPoints { code } } ... on Round { surveyPoints { code } } } }',
    '{ publishedFigures(filter: { round: 4 }) { value computed { value } } a: publishedFigures(filter: { round: 5 }) { computed { n } } }',
    '{ flowStatisticSeries(indicator: MIGRATORY_BALANCE, country: "PER", interval: MONTH, aggregate: SUM) { points { value sources { place { pcode } } } excluded { id } } }',
  ];

  it('runs, for every example and nested operation, at most the statements its measure counts, each priced at least 10 points', async () => {
    const schema = await buildHubSchema();
    const sizes = await readListSizes(t.ds);
    for (const query of [...examples, ...nested]) {
      const document = parse(query);
      const operation = document.definitions[0] as OperationDefinitionNode;
      const variables = getVariableValues(schema, operation.variableDefinitions ?? [], {});
      if (variables.errors) throw new Error(variables.errors[0].message);
      const measured = measureHubOperation(schema, document, operation, variables.coerced, sizes);
      t.statements.reset();
      const res = (await t.exec(query, undefined, 'partner')) as Costed;
      expect({ query, errors: res.errors ?? [] }).toEqual({ query, errors: [] });
      expect(res.extensions?.cost?.requested).toBe(measured.cost);
      expect({ query, ran: t.statements.statements }).toEqual({ query, ran: t.statements.statements.slice(0, measured.statements) });
      expect(measured.statements * STATEMENT_COST).toBeLessThanOrEqual(measured.cost);
    }
  });

  it('knows, for every field below the root that returns objects or a list, whether it runs SQL and how long it can be', async () => {
    const schema = await buildHubSchema();
    const unknown: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || type === schema.getQueryType() || type.name === '_Service') continue;
      for (const field of Object.values(type.getFields())) {
        const key = `${type.name}.${field.name}`;
        const composite = isCompositeType(getNamedType(field.type));
        const list = isListField(field.type);
        const connection = field.args.some((a) => a.name === 'first');
        const known = key in LOADED_FIELDS || PER_OBJECT_FIELDS.has(key) || IN_MEMORY_FIELDS.has(key) || connection;
        // A list of objects needs its length per parent, unless it is part of a page or of a stats answer.
        const lengthKnown = !list || !composite || ROWS_PER_PARENT_FIELDS.has(key) || IN_MEMORY_FIELDS.has(key);
        if ((composite && !known) || !lengthKnown) unknown.push(key);
      }
    }
    expect(unknown).toEqual([]);
  });
});
