import { getNamedType, GraphQLSchema, isAbstractType, isInterfaceType, isLeafType, isListType, isNonNullType, isObjectType } from 'graphql';
import type { GraphQLField, GraphQLOutputType } from 'graphql';
import { DIMENSIONS, dimensionSql, StatsDimension } from '../aggregation/dimensions';
import { MEASURES, StatsMeasure } from '../aggregation/measures';
import { MAX_GROUP_BY } from '../aggregation/stats.service';
import { StatsUnit } from '../aggregation/units';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../common/page';
import {
  CONNECTION_STATEMENTS,
  figureComputation,
  LOADED_FIELDS,
  PARENT_CONNECTION_STATEMENTS,
  PER_OBJECT_STATS,
  PLACE_STATS_GROUP_BY,
  ROOT_LIST_LOOKUPS,
  ROOT_LIST_ROWS,
  ROWS_PER_PARENT,
  STATEMENT_COST,
  STATS_FIELDS,
  topicsComputation,
} from '../security/cost-model';
import { SHEETS } from '../questionnaire/registry';
import { statsCost } from '../security/stats-cost';
import { ROUTER_LIST_SIZES } from './router-list-sizes';

/** Federation's `@listSize` arguments (demand control). */
export interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
  requireOneSlicingArgument?: boolean;
}

/**
 * What a router is told about one field: `@cost(weight:)` and `@listSize`, each only where it
 * differs from the router's default, and `@cost(weight:)` on arguments by name.
 */
export interface FieldDemand {
  weight?: number;
  listSize?: ListSize;
  argumentWeights?: Record<string, number>;
}

const isList = (type: GraphQLOutputType) => isListType(isNonNullType(type) ? type.ofType : type);

/**
 * The most one statement of a stats query can cost with `n` dimensions: every measure, and the
 * grouping of `n` of the unit's dimensions that costs most. Index 0 to MAX_GROUP_BY.
 */
export function worstStatsCosts(unit: StatsUnit): number[] {
  const dims = [...DIMENSIONS.values()].filter((d) => dimensionSql(d, unit) !== undefined).map((d) => d.name as StatsDimension);
  const measures = [...MEASURES.keys()] as StatsMeasure[];
  const worst = Array.from({ length: MAX_GROUP_BY + 1 }, () => STATEMENT_COST);
  const walk = (from: number, chosen: StatsDimension[]) => {
    worst[chosen.length] = Math.max(worst[chosen.length], statsCost(unit, chosen, measures));
    if (chosen.length === MAX_GROUP_BY) return;
    for (let i = from; i < dims.length; i++) walk(i + 1, [...chosen, dims[i]]);
  };
  walk(0, []);
  return worst;
}

/**
 * A stats query as a router can price it. Its cost is not a sum over `groupBy` (the possible
 * groups multiply), while a router adds an argument's weight once for the list and once per item:
 * `weight + w x (1 + n)` for `n` dimensions. The field is given the worst query without
 * dimensions and `groupBy` the least `w` that reaches the worst query of every `n`, so the
 * router's price is never below the hub's; measures are in the worst case already.
 */
export function statsDemand(unit: StatsUnit): FieldDemand {
  const worst = worstStatsCosts(unit);
  const perDimension = Math.max(...worst.map((cost, n) => (n === 0 ? 0 : Math.ceil((cost - worst[0]) / (1 + n)))));
  return { weight: worst[0], argumentWeights: { groupBy: perDimension } };
}

/** Object types a field of an abstract type can return: the hub looks an id up once per type. */
const concreteTypes = (schema: GraphQLSchema, type: GraphQLOutputType) => {
  const named = getNamedType(type);
  return isAbstractType(named) ? schema.getPossibleTypes(named).length : 1;
};

/**
 * The most a connection's fields besides `edges` cost (`totalCount`, `pageInfo { ... }` in full):
 * the hub multiplies the whole selection of a connection by `first`, the router only `edges`, so
 * each edge is charged them as well.
 */
function connectionExtras(connection: GraphQLOutputType): number {
  const type = getNamedType(connection);
  if (!isObjectType(type)) return 0;
  let cost = 0;
  for (const field of Object.values(type.getFields())) {
    if (field.name === 'edges') continue;
    const named = getNamedType(field.type);
    cost += 1 + (isObjectType(named) ? Object.values(named.getFields()).filter((f) => isLeafType(getNamedType(f.type))).length : 0);
  }
  return cost;
}

const connection = (weight: number): FieldDemand => ({
  weight,
  listSize: { slicingArguments: ['first'], sizedFields: ['edges'], assumedSize: DEFAULT_PAGE_SIZE, requireOneSlicingArgument: false },
});

/**
 * The hub's cost rules (security/cost-model.ts) as a router's per-field weights, so that a router
 * summing them the way Apollo's demand control does (a field's weight plus its selection, times
 * its list size) reaches at least the hub's price: a leaf costs 1 (a router's default is 0), a
 * statement STATEMENT_COST, a loaded field its batched statements on every object (a router has
 * no batches), a list its bound (router-list-sizes.ts) or the `first` it is given.
 */
export function fieldDemand(schema: GraphQLSchema, parentName: string, field: GraphQLField<unknown, unknown>): FieldDemand | undefined {
  const demand = ownDemand(schema, parentName, field);
  const named = getNamedType(field.type);
  if (!isInterfaceType(named)) return demand;
  // Federation puts no `@cost` on an interface's fields, so a router prices the values selected
  // on the interface (`node(id) { id }`) at 0: the field that returns it carries them.
  const values = Object.values(named.getFields()).filter((f) => isLeafType(getNamedType(f.type))).length;
  return { ...demand, weight: (demand?.weight ?? 1) + values };
}

/**
 * Work the hub charges once per request however many objects share it, which a router can only
 * charge per object: `PublishedFigure.computed` (the reconciliation statements, shared by the
 * figures asked) and `RoundCoverage.topics` (one pass over every round's answers). Each object is
 * charged its share of the whole over the most objects the router counts on its only path
 * (`publishedFigures`; `coverage { rounds }`: a test holds the paths), so the router's estimate
 * reaches the hub's price without multiplying it: the examples stay under the hub's own limit.
 */
const largest = (groups: readonly { n: number }[]) => groups.reduce((n, g) => Math.max(n, g.n), 0);
const SHARED_WORK: Record<string, () => { cost: number; objects: number }> = {
  'PublishedFigure.computed': () => ({ cost: figureComputation().cost, objects: largest(ROUTER_LIST_SIZES.publishedFigures) }),
  'RoundCoverage.topics': () => ({
    cost: topicsComputation().cost,
    objects: largest(ROUTER_LIST_SIZES.coveragePlaces) * (ROWS_PER_PARENT['CoveragePlace.rounds']?.(ROUTER_LIST_SIZES) ?? 1),
  }),
};

function shareOf(key: string): number | undefined {
  const work = SHARED_WORK[key]?.();
  return work && Math.ceil(work.cost / work.objects);
}

function ownDemand(schema: GraphQLSchema, parentName: string, field: GraphQLField<unknown, unknown>): FieldDemand | undefined {
  const key = `${parentName}.${field.name}`;
  const named = getNamedType(field.type);
  const hasFirst = field.args.some((a) => a.name === 'first');

  if (parentName === schema.getQueryType()?.name) {
    const unit = STATS_FIELDS.get(field.name);
    if (unit) return statsDemand(unit);
    if (hasFirst) return connection(STATEMENT_COST * CONNECTION_STATEMENTS);
    const rows = ROOT_LIST_ROWS[field.name];
    // A lookup an argument may ask for (`coverage(pcode:)`) is in the weight whether it is given or not.
    const lookups = ROOT_LIST_LOOKUPS[field.name] ? 1 : 0;
    if (rows) return { weight: 1 + STATEMENT_COST * (1 + lookups), listSize: { assumedSize: rows(ROUTER_LIST_SIZES, {}) } };
    const types = concreteTypes(schema, field.type);
    // `nodes(ids)`: one object per id, at most a page of them; a page of objects outweighs the
    // statements (one per type), which the hub charges once.
    if (isList(field.type)) return { weight: 1, listSize: { assumedSize: MAX_PAGE_SIZE } };
    return { weight: STATEMENT_COST * types };
  }

  const perObject = PER_OBJECT_STATS[key];
  if (perObject) return { weight: Math.max(statsCost(perObject, PLACE_STATS_GROUP_BY, []), STATEMENT_COST) };
  if (hasFirst) return connection(1 + STATEMENT_COST * PARENT_CONNECTION_STATEMENTS);
  const share = shareOf(key);
  if (share !== undefined) {
    const rows = ROWS_PER_PARENT[key]?.(ROUTER_LIST_SIZES);
    return { weight: 1 + share, ...(rows !== undefined ? { listSize: { assumedSize: rows } } : {}) };
  }
  if (field.name === 'edges' && parentName.endsWith('Connection')) return { weight: 1 + connectionExtras(schema.getType(parentName) as never) };

  const loaded = STATEMENT_COST * (LOADED_FIELDS[key] ?? 0);
  const rows = ROWS_PER_PARENT[key];
  if (rows) return { weight: 1 + loaded, listSize: { assumedSize: rows(ROUTER_LIST_SIZES) } };
  // Other lists are priced once by the hub (their length is in the parent's price: a stats
  // answer's groups, a place's names), so the router counts them once too.
  const once = isList(field.type) ? { listSize: { assumedSize: 1 } } : {};
  if (isLeafType(named)) return { weight: 1 + loaded, ...once };
  if (loaded > 0 || isList(field.type)) return { weight: 1 + loaded, ...once };
  return undefined;
}

/**
 * Every field of the schema's object types with its demand, by `Type.field`. Federation refuses
 * `@cost` on interface fields; a router prices a field by the type it is selected on.
 */
export function schemaDemands(schema: GraphQLSchema): Map<string, FieldDemand> {
  const out = new Map<string, FieldDemand>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const demand = fieldDemand(schema, type.name, field);
      if (demand) out.set(`${type.name}.${field.name}`, demand);
    }
  }
  return out;
}
