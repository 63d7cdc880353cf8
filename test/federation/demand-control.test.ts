import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildASTSchema, getNamedType, GraphQLSchema, isListType, isNonNullType, isObjectType, Kind, OperationDefinitionNode, parse, valueFromASTUntyped } from 'graphql';
import { projectRoot } from '../../src/common/project-root';
import { loadConfig } from '../../src/config/config';
import { ROUTER_LIST_SIZES } from '../../src/federation/router-list-sizes';
import { countWhere, readListSizes } from '../../src/security/list-sizes';
import { GqlResult, startTestHub, TestHub } from '../support/hub';
import { routerEstimate } from './router-estimate';

/*
 * Agreement criterion: for every example operation, a router's estimate from the committed SDL's
 * `@cost` / `@listSize` is at least the hub's own price (`extensions.cost.requested`), so that a
 * router given the hub's limit never lets through an operation the hub would refuse. Equality
 * is not possible: the hub prices lists by the rows its database holds and a stats query by its
 * `groupBy`, which a static SDL cannot express (the router is given bounds and the worst case).
 */
type Costed = GqlResult & { extensions?: { cost?: { requested?: number } } };

const sdl = readFileSync(path.join(projectRoot(), 'schema.graphql'), 'utf8');
const schema: GraphQLSchema = buildASTSchema(parse(sdl), { assumeValidSDL: true });
const operationsDir = path.join(projectRoot(), 'examples', 'operations');
const examples = readdirSync(operationsDir)
  .filter((f) => f.endsWith('.graphql'))
  .sort()
  .map((file) => ({ file, text: readFileSync(path.join(operationsDir, file), 'utf8') }));

/** The operation's variable defaults: each example runs as written. */
function defaults(text: string): Record<string, unknown> {
  const op = parse(text).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const out: Record<string, unknown> = {};
  for (const v of op.variableDefinitions ?? []) if (v.defaultValue) out[v.variable.name.value] = valueFromASTUntyped(v.defaultValue);
  return out;
}

/** A router's default list size high enough that a list it had to guess would show up as a price far over the hub's. */
const ROUTER_DEFAULT_LIST_SIZE = 1_000_000;
const estimate = (text: string) => routerEstimate(schema, parse(text), defaults(text), { defaultListSize: ROUTER_DEFAULT_LIST_SIZE });

describe("Federation: a router's demand control agrees with the hub's cost limit", () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
  });
  afterAll(() => t?.close());

  const hubPrice = async (text: string) => {
    const res = (await t.exec(text, undefined, 'partner')) as Costed;
    expect(res.errors).toBeUndefined();
    return res.extensions!.cost!.requested!;
  };

  it('gives every list field a size a router can read, so no estimate falls back on its default', () => {
    const sizedByParent = new Set<string>();
    const unsized: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const listSize = field.astNode?.directives?.find((d) => d.name.value === 'listSize');
        const sized = listSize?.arguments?.find((a) => a.name.value === 'sizedFields');
        if (sized) for (const f of valueFromASTUntyped(sized.value) as string[]) sizedByParent.add(`${getNamedType(field.type).name}.${f}`);
      }
    }
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('_')) continue;
      for (const field of Object.values(type.getFields())) {
        const list = isListType(isNonNullType(field.type) ? field.type.ofType : field.type);
        const key = `${type.name}.${field.name}`;
        if (list && !field.astNode?.directives?.some((d) => d.name.value === 'listSize') && !sizedByParent.has(key)) unsized.push(key);
      }
    }
    expect(unsized).toEqual([]);
  });

  it('prices a round and two of its values the same as the hub: a statement (10) and a point per value', async () => {
    const query = '{ round(country: "PER", number: 4) { id name } }';
    expect(estimate(query)).toBe(12);
    expect(await hubPrice(query)).toBe(12);
  });

  it('multiplies a page of respondents by `first` through `edges`, as the hub does', async () => {
    // Router: respondents 20 + edges 3 x (edge weight 1 + totalCount 1 + pageInfo 1 + its 4 values + node 1 + id 1).
    const query = '{ respondents(first: 3) { edges { node { id } } } }';
    expect(estimate(query)).toBe(20 + 3 * (1 + 1 + 5 + 1 + 1));
    // Hub: a page and a count statement (20) + 3 x (edges 1 + node 1 + id 1).
    expect(await hubPrice(query)).toBe(20 + 3 * 3);
  });

  it("holds the seeded database's lists within the bounds a router assumes, places excepted", async () => {
    const held = await readListSizes(t.ds);
    const over: string[] = [];
    for (const [name, bound] of Object.entries(ROUTER_LIST_SIZES)) {
      const rows = typeof bound === 'number' ? (held[name as keyof typeof held] as number) : countWhere(held[name as keyof typeof held] as never, []);
      const limit = typeof bound === 'number' ? bound : countWhere(bound, []);
      if (rows > limit && name !== 'locations') over.push(`${name}: ${rows} > ${limit}`);
    }
    expect(over).toEqual([]);
    // The documented exception: the gazetteer holds more places than a router assumes.
    expect(countWhere(held.locations, [])).toBeGreaterThan(countWhere(ROUTER_LIST_SIZES.locations, []));
  });

  it("prices a costly stats grouping at least at the hub's price, refused or not, through the weight on `groupBy`", async () => {
    const query =
      '{ respondentStats(groupBy: [ORIGIN_STATE, DESTINATION_COUNTRY, TRANSIT_COUNTRY], measures: [AGE, TRAVEL_DAYS, TRIP_COST_USD]) { total } }';
    const res = (await t.exec(query, undefined, 'partner')) as Costed;
    const hub = res.extensions!.cost!.requested!;
    // Three open dimensions: more possible groups than a single dimension's worst by far.
    expect(hub).toBeGreaterThan(5000);
    expect(estimate(query)).toBeGreaterThanOrEqual(hub);
    // Without the weight on `groupBy` the field's own weight alone would fall short.
    const noArguments = routerEstimate(buildASTSchema(parse(sdl.replace(/(groupBy: [^\n]*?) @cost\(weight: \d+\)/g, '$1')), { assumeValidSDL: true }), parse(query), {}, {
      defaultListSize: ROUTER_DEFAULT_LIST_SIZE,
    });
    expect(noArguments).toBeLessThan(hub);
  });

  it.each(examples.map((e) => [e.file, e.text]))('estimates %s at least at the price the hub names', async (file, text) => {
    expect(file).toMatch(/\.graphql$/);
    const router = estimate(text);
    const hub = await hubPrice(text);
    if (process.env.COST_FIGURES) console.log(`${file}: router ${router}, hub ${hub}`);
    expect(router).toBeGreaterThanOrEqual(hub);
  });

  // A router given the hub's own limit must let through what the hub answers: each example, as
  // written, is answered by the hub (above), so the router's estimate must fit the same limit.
  const limit = loadConfig({}).MAX_QUERY_COMPLEXITY;
  it.each(examples.map((e) => [e.file, e.text]))("lets %s through at the hub's own limit", (_file, text) => {
    expect(estimate(text)).toBeLessThanOrEqual(limit);
  });

  // Work the hub charges once per request is shared by a router among the objects of one path.
  const pathsTo = (typeName: string) => {
    const paths: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (getNamedType(field.type).name === typeName) paths.push(`${type.name}.${field.name}`);
      }
    }
    return paths;
  };
  it('reaches a published figure only through `publishedFigures`, the list whose bound prices `computed` per figure', () => {
    expect(pathsTo('PublishedFigure')).toEqual(['Query.publishedFigures']);
  });
  it('reaches a round of a coverage answer only through `coverage { rounds }`, the lists whose bounds price `topics` per round', () => {
    expect(pathsTo('CoveragePlace')).toEqual(['Query.coverage']);
    expect(pathsTo('RoundCoverage')).toEqual(['CoveragePlace.rounds']);
  });
});
