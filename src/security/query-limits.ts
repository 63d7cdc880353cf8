import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { DocumentNode, FragmentDefinitionNode, getVariableValues, GraphQLError, GraphQLSchema, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { LRU_ENTRY_BYTES, stringBytes } from '../common/heap-bytes';
import { measureHubOperation, sizesOf, STATEMENT_COST } from './cost-model';
import { COST_CEILING, DocumentMeasure } from './document-walk';
import { ListSizes, UNREAD_SIZES } from './list-sizes';
import { RateLimits, REQUEST_FLOOR } from './rate-limits';

/**
 * Largest number of tokens the parser reads (Apollo's `parseOptions.maxTokens`). The README's
 * operations take under 200 tokens and graphql-js's introspection query about 180; the 50-alias
 * stats request of the availability probe takes 1,600 and its five-measure variant 2,350 (both
 * refused by cost, which the response then reports). A longer document is refused while parsing, which
 * bounds validation: its overlapping-fields check grows with the square of repeated fields.
 */
export const MAX_QUERY_TOKENS = 3000;

export interface QueryLimitSettings {
  maxDepth: number;
  maxComplexity: number;
  /** Most fields an operation may ask on the query root, aliases and fragments included (MAX_ROOT_FIELDS). */
  maxRootFields: number;
}

/**
 * Fields an operation asks on the query root, with fragments expanded (each fragment counted once
 * and reused, so this stays linear). Every root field but `__typename` runs at least one
 * statement, and a few hundred cheap ones (300 aliases of `publishedFigures`) keep the process busy
 * for seconds while their cost stays small.
 */
export function rootFieldCount(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const memo = new Map<string, number>();
  const count = (set: SelectionSetNode, path: ReadonlySet<string>): number => {
    let n = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) n += sel.name.value === '__typename' ? 0 : 1;
      else if (sel.kind === Kind.INLINE_FRAGMENT) n += count(sel.selectionSet, path);
      else {
        const name = sel.name.value;
        const fragment = fragments.get(name);
        if (!fragment || path.has(name)) continue;
        if (!memo.has(name)) memo.set(name, count(fragment.selectionSet, new Set([...path, name])));
        n += memo.get(name)!;
      }
      if (n >= COST_CEILING) return COST_CEILING;
    }
    return n;
  };
  return count(operation.selectionSet, new Set());
}

/** What the limits found for one operation with its variables. */
type Measured =
  | { kind: 'uncosted' }
  | { kind: 'unreadable'; message: string }
  | { kind: 'measured'; measure: DocumentMeasure; roots: number };

/** A measure with the list sizes it was made with (a new data version measures again). */
interface Kept {
  sizes: ListSizes;
  measured: Measured;
}

/**
 * Heap bytes the kept measures of every operation may take together: their keys (the variables'
 * JSON), the measures and the LRU's bookkeeping. Kept per operation without a bound in bytes, a
 * small document sent with many different variables could pin megabytes for as long as Apollo
 * keeps the document.
 */
const MEASURES_BYTES = 4 * 2 ** 20;
/** The objects of one kept measure (the cost figures, statement and root counts), estimated. */
const MEASURE_BYTES = 512;
/** Variables longer than this (as JSON) are measured every time rather than kept. */
const MAX_REMEMBERED_VARIABLES = 4096;

const keptBytes = (entry: Kept, key: string) =>
  stringBytes(key) + LRU_ENTRY_BYTES + MEASURE_BYTES + (entry.measured.kind === 'unreadable' ? stringBytes(entry.measured.message) : 0);

/**
 * Measures an operation with its variables (coercion, the cost walk, the root-field count), and
 * keeps the result for the next request sending the same operation and variables: dashboards send
 * the same few operations again and again, and Apollo keeps one parsed document per query text, so
 * the operation node is the same object every time and a repetition (a cache hit, typically)
 * walks nothing.
 */
function operationMeasurer(schema: GraphQLSchema) {
  // Each operation node gets a number for the keys; the node and its number go with the document.
  const operationIds = new WeakMap<OperationDefinitionNode, number>();
  let nextId = 0;
  const kept = new LRUCache<string, Kept>({ maxSize: MEASURES_BYTES, sizeCalculation: keptBytes });
  const compute = (document: DocumentNode, operation: OperationDefinitionNode, raw: Record<string, unknown>, sizes: ListSizes): Measured => {
    const variables = getVariableValues(schema, operation.variableDefinitions ?? [], raw, { maxErrors: 1 });
    if (variables.errors) return { kind: 'uncosted' };
    try {
      return { kind: 'measured', measure: measureHubOperation(schema, document, operation, variables.coerced, sizes), roots: rootFieldCount(document, operation) };
    } catch (e) {
      return { kind: 'unreadable', message: (e as Error).message };
    }
  };
  return (document: DocumentNode, operation: OperationDefinitionNode, raw: Record<string, unknown> | undefined, sizes: ListSizes): Measured => {
    let variablesKey: string | undefined;
    try {
      variablesKey = JSON.stringify(raw ?? {});
    } catch {
      // Variables too deeply nested to serialise: measured (and refused) without a memo.
    }
    if (variablesKey === undefined || variablesKey.length > MAX_REMEMBERED_VARIABLES) return compute(document, operation, raw ?? {}, sizes);
    let id = operationIds.get(operation);
    if (id === undefined) operationIds.set(operation, (id = nextId++));
    const key = `${id}:${variablesKey}`;
    let entry = kept.get(key);
    if (!entry || entry.sizes !== sizes) {
      entry = { sizes, measured: compute(document, operation, raw ?? {}, sizes) };
      kept.set(key, entry);
    }
    return entry.measured;
  };
}

/** What every response says about its cost: `extensions.cost`. */
export interface CostReport {
  /** The operation's cost; absent when it was not computed (syntax or validation errors). */
  requested?: number;
  /** The largest cost one operation may have (MAX_QUERY_COMPLEXITY). */
  limit: number;
  /** The client's cost budget a minute (RATE_LIMIT_COST_PER_MINUTE), when requests are rate limited. */
  budgetPerMinute?: number;
  /** What is left of it in the current minute, after this request. */
  remainingThisMinute?: number;
}

const shown = (cost: number) => (cost >= COST_CEILING ? `at least ${COST_CEILING}` : String(cost));

function refuse(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
}

/**
 * Refuses operations too deep or too costly before anything runs, charges the cost of the rest
 * to the client's budget (when the request came through HTTP, see `RateLimits.chargeTo`), and reports the
 * cost in every response's `extensions.cost`.
 *
 * An answer served from the response cache is charged the request floor alone: it runs no
 * statement, and costs the server about what `{ __typename }` does (docs/limits.md). Whether it is
 * one is asked (`servedFromCache`) only once the operation passed the depth and cost limits, so
 * the same operation is refused alike whether or not its answer is cached.
 *
 * Depth and cost come from one linear walk of the document (document-walk.ts) under the hub's
 * cost rules (cost-model.ts). An operation that cannot be chosen (unknown operationName, several
 * anonymous ones) is left alone: it never executes, and Apollo answers it with 400.
 */
export function queryLimitsPlugin<C extends BaseContext>(
  schema: GraphQLSchema,
  settings: QueryLimitSettings,
  rateLimits?: RateLimits,
  servedFromCache?: (requestContext: GraphQLRequestContext<C>) => Promise<boolean>,
  listSizes?: () => Promise<ListSizes>,
): ApolloServerPlugin<C> {
  const measure = operationMeasurer(schema);
  sizesOf(schema);
  return {
    async serverWillStart() {
      return {
        async serverWillStop() {
          await rateLimits?.close();
        },
      };
    },
    async requestDidStart({ contextValue }) {
      // Only this hub's own HTTP requests are charged (in-process operations have no client).
      const scope = rateLimits?.clientOf(contextValue);
      let requested: number | undefined;
      let charged = false;
      let remaining: number | undefined;
      const charge = async (points: number) => {
        charged = true;
        if (!scope) return undefined;
        const outcome = await scope.limits.chargeCost(scope.key, points, REQUEST_FLOOR);
        remaining = outcome.remaining;
        return outcome;
      };

      return {
        async didResolveOperation(requestContext) {
          const { request, document, operation } = requestContext;
          if (!operation) return;
          const measured = measure(document, operation, request.variables, (await listSizes?.()) ?? UNREAD_SIZES);
          // Execution refuses these variables before any resolver runs: nothing to cost.
          if (measured.kind === 'uncosted') return;
          // An argument that cannot be read is the client's mistake, refused before anything runs.
          if (measured.kind === 'unreadable') throw refuse(measured.message);
          const { measure: m, roots } = measured;
          requested = m.cost;
          if (m.depth > settings.maxDepth) {
            throw refuse(`Query depth ${m.depth} is over the limit of ${settings.maxDepth}; ask for fewer nested levels.`);
          }
          const statementsAllowed = Math.floor(Math.min(m.cost, settings.maxComplexity) / STATEMENT_COST);
          if (m.cost > settings.maxComplexity) {
            const statements =
              m.statements > statementsAllowed ? ` It could run ${shown(m.statements)} SQL statements; the limit allows ${statementsAllowed}.` : '';
            throw refuse(
              `Query cost ${shown(m.cost)} is over the limit of ${settings.maxComplexity} per operation; ask for fewer aliases, ` +
                'fewer or coarser groupBy dimensions, fewer measures, smaller pages (first) or shorter lists (filter by country or level).' +
                `${statements} How costs add up: docs/limits.md.`,
            );
          }
          // The price covers STATEMENT_COST per statement by construction (cost-model.ts); this
          // refuses an operation whose statements outgrow its price should a rule ever miss some.
          if (m.statements > statementsAllowed) {
            throw refuse(
              `Query cost ${shown(m.cost)} allows at most ${statementsAllowed} SQL statements ` +
                `(${STATEMENT_COST} points each, limit ${settings.maxComplexity} per operation), and this operation could run ${shown(m.statements)}; ` +
                'ask for fewer items, or send several requests. How costs add up: docs/limits.md.',
            );
          }
          if (roots > settings.maxRootFields) {
            throw refuse(
              `The operation asks ${shown(roots)} fields on the query root, over the limit of ${settings.maxRootFields}; ` +
                'send fewer aliases, or several requests.',
            );
          }
          const fromCache = (await servedFromCache?.(requestContext)) ?? false;
          const outcome = await charge(REQUEST_FLOOR + (fromCache ? 0 : m.cost));
          if (scope && outcome && !outcome.allowed) {
            throw new GraphQLError(
              `Too much work asked: this operation costs ${fromCache ? 0 : m.cost} (plus ${REQUEST_FLOOR} per request) and ${outcome.remaining} of this ` +
                `client's ${scope.limits.cost.points} cost points a minute remain. Retry after ${outcome.retryAfterSeconds} s (Retry-After header), or ask for less.`,
              {
                extensions: {
                  code: 'RATE_LIMITED',
                  http: { status: 429, headers: new HeaderMap([['retry-after', String(outcome.retryAfterSeconds)]]) },
                },
              },
            );
          }
        },

        async willSendResponse({ response }) {
          // Requests refused before costing (syntax, validation, limits) still count with the floor.
          if (!charged) await charge(REQUEST_FLOOR);
          if (response.body.kind !== 'single') return;
          const cost: CostReport = { ...(requested === undefined ? {} : { requested }), limit: settings.maxComplexity };
          if (scope) Object.assign(cost, { budgetPerMinute: scope.limits.cost.points, remainingThisMinute: remaining });
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost };
        },
      };
    },
  };
}
