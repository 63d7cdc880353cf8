import { GraphQLSchema } from 'graphql';
import { StatsDimension } from '../aggregation/dimensions';
import { StatsMeasure } from '../aggregation/measures';
import { StatsUnit, UNITS } from '../aggregation/units';
import { MAX_PAGE_SIZE } from '../common/page';
import { RECONCILIATIONS } from '../aggregation/reconciliation';
import { DocumentMeasure, FieldCoster, FieldCostInput, measureOperation } from './document-walk';
import { statsCost } from './stats-cost';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';

/** The stats queries on the query root, by field name (`respondentStats` ...), and the unit each counts. */
const STATS_FIELDS: ReadonlyMap<string, StatsUnit> = new Map(Object.values(UNITS).map((u) => [u.query, u.unit]));

/**
 * `PublishedFigure.computed` runs the stats statements of the reconciliations, one per distinct
 * stats query whatever the number of figures asked (the loader shares them): charged as all of
 * them, since the cost is known before which figures the filter selects.
 */
let reconciliationCost: number | undefined;
export function figureComputationCost(): number {
  if (reconciliationCost === undefined) {
    const distinct = new Map(
      RECONCILIATIONS.map((r) => [JSON.stringify([r.stats.unit, r.stats.groupBy ?? [], r.stats.measures ?? [], r.stats.filter]), r.stats]),
    );
    reconciliationCost = [...distinct.values()].reduce((sum, q) => sum + statsCost(q.unit, q.groupBy ?? [], q.measures ?? []), 0);
  }
  return reconciliationCost;
}

/**
 * `Location.destinationRespondents` and `originRespondents` (federation): each runs one
 * respondent stats statement grouped by round, charged as that `respondentStats` query.
 */
const LOCATION_STATS_FIELDS: ReadonlySet<string> = new Set(['destinationRespondents', 'originRespondents']);

/** Root fields that resolve one object per item of a list argument: `_entities` (federation) and `nodes`. */
const LIST_ARGUMENTS: Readonly<Record<string, string>> = { _entities: 'representations', nodes: 'ids' };

/**
 * The hub's cost rules, field by field (see docs/limits.md):
 *
 * - a stats query (`respondentStats`, `householdStats`, `childStats`): what its statement makes
 *   the database do (`statsCost`), plus its selection;
 * - `PublishedFigure.computed`: the reconciliation statements (`figureComputationCost`);
 * - `Location.destinationRespondents` / `originRespondents`: one respondent stats query by round;
 * - a connection (`first: N`, default 50): 1 + N x its selection (N capped at the page maximum,
 *   so an oversized `first` reaches argument validation and its message);
 * - `_entities(representations)` (federation) and `nodes(ids)`: 1 + one selection per item;
 * - any other field: 1 + its selection; `__typename` is free.
 */
export const hubFieldCost: FieldCoster = ({ parentType, field, args, childCost }: FieldCostInput): number => {
  const unit = parentType.name === 'Query' ? STATS_FIELDS.get(field.name) : undefined;
  if (unit) {
    return statsCost(unit, (args.groupBy as StatsDimension[] | undefined) ?? [], (args.measures as StatsMeasure[] | undefined) ?? []) + childCost;
  }
  if (parentType.name === 'PublishedFigure' && field.name === 'computed') return figureComputationCost() + childCost;
  if (parentType.name === 'Location' && LOCATION_STATS_FIELDS.has(field.name)) return statsCost(StatsUnit.RESPONDENT, ['ROUND'], []) + childCost;
  if (typeof args.first === 'number') return 1 + Math.min(Math.max(args.first, 1), MAX_PAGE_SIZE) * Math.max(childCost, 1);
  const items = parentType.name === 'Query' ? args[LIST_ARGUMENTS[field.name] ?? ''] : undefined;
  if (Array.isArray(items)) return 1 + items.length * Math.max(childCost, 1);
  return 1 + childCost;
};

/** Depth and cost of an operation under the hub's cost rules, in one linear pass. */
export function measureHubOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): DocumentMeasure {
  return measureOperation(schema, document, operation, variables, hubFieldCost);
}
