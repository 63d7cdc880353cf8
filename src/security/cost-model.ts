import {
  executeSync,
  getIntrospectionQuery,
  getNamedType,
  GraphQLSchema,
  isAbstractType,
  isListType,
  isNonNullType,
  parse,
  type GraphQLOutputType,
} from 'graphql';
import { StatsDimension } from '../aggregation/dimensions';
import { StatsMeasure } from '../aggregation/measures';
import { StatsUnit, UNITS } from '../aggregation/units';
import { MAX_PAGE_SIZE } from '../common/page';
import { introspectionSchemaOf } from '../common/introspection-schema';
import { reconciliationQueries } from '../aggregation/reconciliation';
import { CHOICE_QUESTIONS, SHEETS } from '../questionnaire/registry';
import { DocumentMeasure, FieldCoster, FieldCostInput, FieldPrice, measureOperation } from './document-walk';
import { countWhere, ListSizes, UNREAD_SIZES } from './list-sizes';
import { STATS_COST, statsCost } from './stats-cost';
import { TOPIC_STATEMENTS } from '../modules/coverage/coverage.topics';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';

/**
 * The least a SQL statement costs, in points (one point is about 0.1 ms of database time, see
 * stats-cost.ts): a statement is a round trip, a plan and a snapshot read however few rows it
 * returns. Every field that runs SQL is priced at least this much per statement, so an operation
 * within the cost limit runs at most `limit / STATEMENT_COST` statements (2,500 at the default).
 */
export const STATEMENT_COST = 10;

/**
 * Bytes of SDL per point of `_service { sdl }`: what a list charges, a point per value of an
 * item (a `Location` row of seven values is about 140 bytes of JSON and costs 7).
 */
export const ANSWER_BYTES_PER_POINT = 20;

/** The stats queries on the query root, by field name (`respondentStats` ...), and the unit each counts. */
export const STATS_FIELDS: ReadonlyMap<string, StatsUnit> = new Map(Object.values(UNITS).map((u) => [u.query, u.unit]));

/**
 * `PublishedFigure.computed` runs the stats statements of the reconciliations, one per distinct
 * stats query whatever the number of figures asked (the loader shares them): charged as all of
 * them, once per request, since the cost is known before which figures the filter selects.
 */
let reconciliation: { cost: number; statements: number } | undefined;
export function figureComputation(): { cost: number; statements: number } {
  if (reconciliation === undefined) {
    const queries = reconciliationQueries();
    reconciliation = {
      cost: queries.reduce((sum, q) => sum + Math.max(statsCost(q.unit, q.groupBy ?? [], q.measures ?? []), STATEMENT_COST), 0),
      statements: queries.length,
    };
  }
  return reconciliation;
}

/**
 * `RoundCoverage.topics` asks, for every round of the answer at once, whether each question has
 * an answer (coverage.topics.ts): its statements, once per request, each priced at worst as a
 * scan of its unit per question (a question no row answers reads the round's rows; a multi-select
 * question reads the choices, as many as MULTI_SELECT_ROWS times the respondents).
 */
let topics: { cost: number; statements: number } | undefined;
export function topicsComputation(): { cost: number; statements: number } {
  topics ??= {
    cost: TOPIC_STATEMENTS.reduce(
      (sum, s) =>
        sum + Math.max(STATEMENT_COST, s.probes.reduce((n, p) => n + STATS_COST.UNIT_ROWS[p.unit] * (p.choice ? STATS_COST.MULTI_SELECT_ROWS : 1), 0)),
      0,
    ),
    statements: TOPIC_STATEMENTS.length,
  };
  return topics;
}

/**
 * Fields below the root that read through the request's DataLoaders, with the most statements
 * one use of the field can send: the loads of every object of a list are batched into one
 * statement per loader (two or three when the resolver chains loaders), whatever the length of
 * the list. Charged once per use in the document (`FieldPrice.batchedCost`).
 */
export const LOADED_FIELDS: Readonly<Record<string, number>> = {
  'Household.respondent': 1,
  'Household.round': 1,
  'Household.children': 1,
  'Round.countryLocation': 1,
  'Round.surveyPoints': 1,
  'Child.household': 1,
  'Child.round': 1,
  'Respondent.round': 1,
  'Respondent.surveyPoint': 1,
  'Respondent.household': 1,
  'Respondent.nationalityLocation': 1,
  'Respondent.destinationCountryLocation': 1,
  'Respondent.originState': 1,
  'Respondent.destinationRegion': 1,
  // The multi-select answers, one list field per question, all from one loader of choices.
  ...Object.fromEntries(CHOICE_QUESTIONS.filter((q) => q.field).map((q) => [`Respondent.${q.field}`, 1])),
  // Countries: rounds by country. Areas: survey points by area, then their rounds by id.
  'Location.rounds': 3,
  // Countries: their areas, then the points of the areas. Areas: points by area.
  'Location.surveyPoints': 3,
  'Location.flowStatistics': 2,
  'FlowStatistic.place': 1,
  'SurveyPoint.round': 1,
  'SurveyPoint.admin1': 1,
  'SurveyPoint.borderCountry': 1,
  'CoveragePlace.location': 1,
  'CoveragePlace.lastUpdated': 1,
  'RoundCoverage.round': 1,
  'RoundCoverage.lastUpdated': 1,
};

/**
 * Fields below the root that run their own statement for each object of their parent (no loader
 * can batch them): the two aggregates of a place, one `respondentStats(groupBy: [ROUND])` each.
 */
export const PER_OBJECT_STATS: Readonly<Record<string, StatsUnit>> = {
  'Location.destinationRespondents': StatsUnit.RESPONDENT,
  'Location.originRespondents': StatsUnit.RESPONDENT,
};
export const PLACE_STATS_GROUP_BY: StatsDimension[] = [StatsDimension.ROUND];

/** A connection on the root: a page statement and a count statement. */
export const CONNECTION_STATEMENTS = 2;
/** A connection below the root: the page's ids for every parent, their rows, and the counts, batched. */
export const PARENT_CONNECTION_STATEMENTS = 3;

/**
 * Lists below the root that run no statement of their own, with the most items one parent can
 * have: the list's length under one parent. (Loaded lists are in LOADED_FIELDS and here.)
 */
export const ROWS_PER_PARENT: Readonly<Record<string, (sizes: ListSizes) => number>> = {
  'Household.children': (s) => s.childrenPerHousehold,
  'Round.surveyPoints': (s) => s.surveyPointsPerRound,
  'Location.rounds': (s) => s.roundsPerCountry,
  'Location.surveyPoints': (s) => s.surveyPoints,
  'Location.flowStatistics': (s) => s.flowStatisticsPerPlace,
  // A series' points, exclusions and each point's sources are figures of that one series.
  'FlowStatisticSeries.points': (s) => s.flowStatisticsPerSeries,
  'FlowStatisticSeries.excluded': (s) => s.flowStatisticsPerSeries,
  'SeriesPoint.sources': (s) => s.flowStatisticsPerSeries,
  // A place's rounds are at most every round; its topics one per sheet.
  'CoveragePlace.rounds': (s) => countWhere(s.rounds, [null]),
  'RoundCoverage.topics': () => SHEETS.length,
};

/**
 * Fields below the root whose value is already in memory (computed by their parent's statement
 * or from its columns), and which are not multiplied by a length: the parts of a stats answer,
 * whose groups the stats cost already prices (`possibleGroups`), a place's names (a few
 * languages, parsed from its row), and the disclosure policy's rules, classifications and their ranges
 * (a few of each, from the settings and the questionnaire).
 */
export const IN_MEMORY_FIELDS: ReadonlySet<string> = new Set([
  'StatsResult.groups',
  'StatsResult.nonResponse',
  'StatsResult.disclosure',
  'DisclosureInfo.blockedAreas',
  'DisclosurePolicy.classifications',
  'PublicClassification.ranges',
  'DisclosurePolicy.rules',
  'StatsGroup.keys',
  'StatsGroup.ci95',
  'StatsGroup.measures',
  'PublishedFigure.computed',
  'Location.names',
  'RespondentConnection.pageInfo',
  'RespondentConnection.edges',
  'RespondentEdge.node',
  'HouseholdConnection.pageInfo',
  'HouseholdConnection.edges',
  'HouseholdEdge.node',
  'ChildConnection.pageInfo',
  'ChildConnection.edges',
  'ChildEdge.node',
  'FlowStatisticSeries.points',
  'FlowStatisticSeries.excluded',
  'SeriesPoint.sources',
  'CoveragePlace.rounds',
  'RoundCoverage.topics',
  'RoundCoverage.statsLevels',
  'ChangeConnection.pageInfo',
  'ChangeConnection.edges',
  'ChangeEdge.node',
]);

/** Root lists priced by the rows their arguments select, counted in the database (list-sizes.ts). */
export const ROOT_LIST_ROWS: Readonly<Record<string, (sizes: ListSizes, args: Record<string, unknown>) => number>> = {
  locations: (s, a) => countWhere(s.locations, [a.country, a.level, a.source]),
  rounds: (s, a) => countWhere(s.rounds, [a.country]),
  publishedFigures: (s, a) => {
    const f = (a.filter ?? {}) as Record<string, unknown>;
    return countWhere(s.publishedFigures, [f.country, f.round, f.indicator, f.confidence]);
  },
  flowStatistics: (s, a) => {
    const f = (a.filter ?? {}) as Record<string, unknown>;
    return countWhere(s.flowStatistics, [f.indicator, f.country, f.publisher, f.admin1Pcode]);
  },
  coverage: (s, a) => countWhere(s.coveragePlaces, [a.country]),
};

/** Root lists that look an argument up first, one statement (`coverage(pcode:)` checks the place exists). */
export const ROOT_LIST_LOOKUPS: Readonly<Record<string, (args: Record<string, unknown>) => number>> = {
  coverage: (a) => (a.pcode ? 1 : 0),
};

/** Root fields that resolve one object per item of a list argument: `_entities` (federation) and `nodes`. */
const LIST_ARGUMENTS: Readonly<Record<string, string>> = { _entities: 'representations', nodes: 'ids' };

/** Root fields answered from memory: the subgraph's SDL, introspection, and the disclosure settings. */
const NO_STATEMENT_ROOTS: ReadonlySet<string> = new Set(['_service', '__schema', '__type', 'disclosurePolicy']);

/** Sizes of a schema's own descriptions, computed once per schema. */
export interface SchemaSizes {
  /** Points of `_service { sdl }`: the SDL's bytes / ANSWER_BYTES_PER_POINT. */
  sdlPoints: number;
  /** Named types and directives `__schema { types }` and `__schema { directives }` list. */
  types: number;
  directives: number;
}
const schemaSizes = new WeakMap<GraphQLSchema, SchemaSizes>();

/**
 * The sizes of a schema's SDL and introspection, computed once (an introspection of the schema in
 * memory, tens of milliseconds); the query limits call it when they start, so that no request pays it.
 */
export function sizesOf(schema: GraphQLSchema): SchemaSizes {
  let sizes = schemaSizes.get(schema);
  if (!sizes) {
    // What `_service { sdl }` answers, when the schema is a subgraph (else no SDL is served).
    const service = schema.getQueryType()?.getFields()._service
      ? (executeSync({ schema, document: parse('{ _service { sdl } }') }).data?._service as { sdl?: string } | undefined)
      : undefined;
    // Introspection answers from the schema without federation's internals (common/introspection-schema.ts).
    const introspection = executeSync({ schema: introspectionSchemaOf(schema), document: parse(getIntrospectionQuery()) }).data as
      | { __schema: { types: unknown[]; directives: unknown[] } }
      | undefined;
    sizes = {
      sdlPoints: Math.ceil(Buffer.byteLength(service?.sdl ?? '') / ANSWER_BYTES_PER_POINT),
      types: introspection?.__schema.types.length ?? 0,
      directives: introspection?.__schema.directives.length ?? 0,
    };
    schemaSizes.set(schema, sizes);
  }
  return sizes;
}

const isList = (type: GraphQLOutputType): boolean => isListType(isNonNullType(type) ? type.ofType : type);

/** Number of object types a field of an abstract type can return (the loaders `nodes` and `_entities` use, one per type). */
function concreteTypes(schema: GraphQLSchema, type: GraphQLOutputType): number {
  const named = getNamedType(type);
  return isAbstractType(named) ? schema.getPossibleTypes(named).length : 1;
}

/** A list of `rows` objects, each priced `childCost`: what connections have always been charged. */
const perRow = (rows: number, childCost: number) => rows * Math.max(childCost, 1);

/**
 * The hub's cost rules, field by field (see docs/limits.md). A field's price is what runs for it:
 *
 * - a statement costs at least STATEMENT_COST; a field that runs SQL is charged its statements;
 * - a list costs one per row it can return times its selection (at least 1 per row): the root
 *   lists by the rows their arguments select (`locations(level: ADMIN1)`: the gazetteer's 4,029
 *   areas), lists below by the most rows one parent has, `nodes(ids)` and `_entities` by the
 *   length of their argument, a connection by `first` (default 50, capped at 500);
 * - a connection: a page and a count statement on the root; below it, three statements batched
 *   over every parent (pagination.ts);
 * - a stats query: what its statement makes the database do (`statsCost`), plus its selection;
 *   `Location.destinationRespondents` / `originRespondents` each run one per place, so under a
 *   list of places they cost one stats query per place;
 * - fields read through DataLoaders (`LOADED_FIELDS`) add their statements once per use, however
 *   long the list above them: the loads of all its objects are one batch;
 * - `PublishedFigure.computed`: the reconciliation statements, once per use;
 * - `_service { sdl }`: one point per ANSWER_BYTES_PER_POINT bytes of SDL; `__schema { types }` and
 *   `{ directives }` are lists of the schema's types and directives;
 * - any other field: 1 + its selection; `__typename` is free.
 */
export function hubFieldCost(schema: GraphQLSchema, sizes: ListSizes): FieldCoster {
  const queryType = schema.getQueryType();
  return ({ parentType, field, args, childCost, childStatements, childBatchedCost, childBatchedStatements }: FieldCostInput): FieldPrice => {
    const key = `${parentType.name}.${field.name}`;
    // Folds the selection's batched work into this field's own, for fields that run per object.
    const ownBatches = { cost: childBatchedCost, statements: childBatchedStatements };

    if (parentType === queryType) {
      const unit = STATS_FIELDS.get(field.name);
      if (unit) {
        const stats = statsCost(unit, (args.groupBy as StatsDimension[] | undefined) ?? [], (args.measures as StatsMeasure[] | undefined) ?? []);
        return { cost: Math.max(stats, STATEMENT_COST) + childCost, statements: 1 + childStatements };
      }
      if (field.name === '_service') return { cost: 1 + sizesOf(schema).sdlPoints + childCost, statements: 0 };
      if (NO_STATEMENT_ROOTS.has(field.name)) return { cost: 1 + childCost, statements: childStatements };
      const listArgument = LIST_ARGUMENTS[field.name];
      const items = listArgument ? args[listArgument] : undefined;
      if (Array.isArray(items)) {
        // One statement per type of object asked, each type having its loader: `_entities` names
        // the type of each representation; an id given to `nodes` may be of several types (a
        // survey point's id reads like a respondent's), each of which is looked up.
        const types = concreteTypes(schema, field.type);
        const statements = field.name === '_entities' ? Math.min(items.length, types) : items.length > 0 ? types : 0;
        return { cost: STATEMENT_COST * statements + perRow(items.length, childCost), statements: statements + items.length * childStatements };
      }
      const rows = ROOT_LIST_ROWS[field.name]?.(sizes, args);
      if (rows !== undefined) {
        const own = 1 + (ROOT_LIST_LOOKUPS[field.name]?.(args) ?? 0);
        return { cost: STATEMENT_COST * own + perRow(rows, childCost), statements: own + rows * childStatements };
      }
      if (typeof args.first === 'number') {
        const first = Math.min(Math.max(args.first, 1), MAX_PAGE_SIZE);
        return { cost: STATEMENT_COST * CONNECTION_STATEMENTS + perRow(first, childCost), statements: CONNECTION_STATEMENTS + first * childStatements };
      }
      // Any other root field (`round`, `location`, `respondent`, `flowStatisticSeries` ...) is one
      // statement; `node(id)` one per type its id may be of.
      const statements = concreteTypes(schema, field.type);
      return { cost: STATEMENT_COST * statements + childCost, statements: statements + childStatements };
    }

    if (parentType.name === '__Schema' && (field.name === 'types' || field.name === 'directives')) {
      const rows = field.name === 'types' ? sizesOf(schema).types : sizesOf(schema).directives;
      return { cost: 1 + perRow(rows, childCost), statements: 0 };
    }

    const statsUnit = PER_OBJECT_STATS[key];
    if (statsUnit) {
      const stats = Math.max(statsCost(statsUnit, PLACE_STATS_GROUP_BY, []), STATEMENT_COST);
      return { cost: stats + childCost + ownBatches.cost, statements: 1 + childStatements + ownBatches.statements, batchedCost: 0, batchedStatements: 0 };
    }

    if (typeof args.first === 'number') {
      // A connection below the root (`Round.respondents`) pages every parent at once (pagination.ts).
      const first = Math.min(Math.max(args.first, 1), MAX_PAGE_SIZE);
      return {
        cost: 1 + perRow(first, childCost),
        statements: first * childStatements,
        batchedCost: childBatchedCost + STATEMENT_COST * PARENT_CONNECTION_STATEMENTS,
        batchedStatements: childBatchedStatements + PARENT_CONNECTION_STATEMENTS,
      };
    }

    if (key === 'RoundCoverage.topics') {
      const { cost, statements } = topicsComputation();
      return { cost: 1 + perRow(SHEETS.length, childCost), statements: SHEETS.length * childStatements, batchedCost: childBatchedCost + cost, batchedStatements: childBatchedStatements + statements };
    }
    if (key === 'PublishedFigure.computed') {
      const { cost, statements } = figureComputation();
      return { cost: 1 + childCost, statements: childStatements, batchedCost: childBatchedCost + cost, batchedStatements: childBatchedStatements + statements };
    }

    const rowsOf = ROWS_PER_PARENT[key];
    const rows = rowsOf ? rowsOf(sizes) : undefined;
    const cost = rows !== undefined ? 1 + perRow(rows, childCost) : 1 + childCost;
    const statements = rows !== undefined ? rows * childStatements : childStatements;
    const loaded = LOADED_FIELDS[key];
    if (loaded) {
      return { cost, statements, batchedCost: childBatchedCost + STATEMENT_COST * loaded, batchedStatements: childBatchedStatements + loaded };
    }
    return { cost, statements };
  };
}

/** True when a field's type is a list (for the test that every list below the root has a length). */
export const isListField = isList;
export const ROWS_PER_PARENT_FIELDS: ReadonlySet<string> = new Set(Object.keys(ROWS_PER_PARENT));
export const PER_OBJECT_FIELDS: ReadonlySet<string> = new Set(Object.keys(PER_OBJECT_STATS));

/** Depth, cost and statements of an operation under the hub's cost rules, in one linear pass. */
export function measureHubOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  sizes: ListSizes = UNREAD_SIZES,
): DocumentMeasure {
  return measureOperation(schema, document, operation, variables, hubFieldCost(schema, sizes));
}
