import { DIMENSIONS, dimensionSql, StatsDimension } from '../aggregation/dimensions';
import { MEASURES, StatsMeasure } from '../aggregation/measures';
import { MAX_GROUP_BY } from '../aggregation/stats.service';
import { Join, StatsUnit, UNITS } from '../aggregation/units';
import { ADMIN1_AREAS } from '../modules/location/location.data';

/**
 * What a stats query makes the database do, in cost points. One point is about 0.1 ms of
 * database time on the seed data (about 10,000 respondents, measured on SQLite and PostgreSQL,
 * see docs/limits.md); the constants are deliberately on the generous side of the measurements.
 *
 *   cost = rows x (1 + dimensions + measures) x multiSelect + possibleGroups x (1 + measures) / 10
 *
 * - rows: the unit's scan, with the joins its FROM clause needs (`UNIT_ROWS`);
 * - dimensions: each grouped dimension adds `DIMENSION`, plus `JOIN` for every table it joins in;
 * - measures: each adds `MEASURE` (a window sort for the median over every unit) plus its joins;
 * - multiSelect: a multi-select dimension (transit countries, violence types) counts a unit once
 *   per option chosen, so it doubles the rows;
 * - possibleGroups: the product of each dimension's number of codes (plus one for "no answer"):
 *   the rows the database groups, sorts and returns, and the hub formats, each once per measure.
 */
export const STATS_COST = {
  UNIT_ROWS: { [StatsUnit.RESPONDENT]: 100, [StatsUnit.HOUSEHOLD]: 150, [StatsUnit.CHILD]: 200 } as Record<StatsUnit, number>,
  DIMENSION: 0.5,
  JOIN: 0.5,
  MEASURE: 3,
  MULTI_SELECT_ROWS: 2,
  GROUPS_PER_POINT: 10,
} as const;

/**
 * Codes of the dimensions whose codes are open (places, rounds, months): documented estimates of
 * how many distinct codes the data can hold, since the database is not asked before costing.
 * Admin-1 dimensions take the number of areas of the country they refer to.
 */
export const OPEN_DIMENSION_CODES: Readonly<Record<string, number>> = {
  /** Country operations of DTM in the region the hub may hold. */
  COUNTRY: 10,
  /** Rounds of all operations (Peru has 6 so far). */
  ROUND: 12,
  /** Months of fieldwork over all rounds. */
  INTERVIEW_MONTH: 24,
  /** Survey points of all rounds (Peru has 6 so far). */
  SURVEY_POINT: 12,
  SURVEY_POINT_REGION: ADMIN1_AREAS.PER.length,
  /** Nationalities of respondents (almost all Venezuelan; a few others). */
  NATIONALITY: 10,
  ORIGIN_STATE: ADMIN1_AREAS.VEN.length,
  /** Countries crossed on the way: South America and Panama. */
  TRANSIT_COUNTRY: 13,
  /** Intended destinations: the Americas and Spain. */
  DESTINATION_COUNTRY: 20,
  DESTINATION_REGION: ADMIN1_AREAS.PER.length,
};

/** Codes a dimension can take, plus one for the units with no answer. */
export function codeCount(dimension: StatsDimension): number {
  const def = DIMENSIONS.get(dimension);
  if (!def) return 1;
  const codes = def.labels ? Object.keys(def.labels).length : OPEN_DIMENSION_CODES[dimension];
  return (codes ?? 1) + 1;
}

/** Upper bound of the groups a breakdown can return: the product of the dimensions' code counts. */
export function possibleGroups(groupBy: readonly StatsDimension[]): number {
  return groupBy.reduce((n, d) => n * codeCount(d), 1);
}

function joinsNeeded(unit: StatsUnit, joins: readonly Join[] | undefined): number {
  return (joins ?? []).filter((j) => !UNITS[unit].provides.includes(j.alias)).length;
}

/**
 * The cost of one stats statement (see STATS_COST). A request the stats service refuses before
 * running SQL (too many or repeated dimensions) costs only its scan: nothing else will run.
 */
export function statsCost(unit: StatsUnit, groupBy: readonly StatsDimension[], measures: readonly StatsMeasure[]): number {
  const rows = STATS_COST.UNIT_ROWS[unit];
  const dims = [...new Set(groupBy)];
  if (dims.length !== groupBy.length || dims.length > MAX_GROUP_BY) return rows;
  let factor = 1;
  let multiSelect = 1;
  for (const d of dims) {
    const def = DIMENSIONS.get(d);
    if (!def || dimensionSql(def, unit) === undefined) continue;
    factor += STATS_COST.DIMENSION + STATS_COST.JOIN * joinsNeeded(unit, def.joins);
    if (def.multiSelect) multiSelect = STATS_COST.MULTI_SELECT_ROWS;
  }
  const uniqueMeasures = [...new Set(measures)];
  for (const m of uniqueMeasures) {
    const def = MEASURES.get(m);
    factor += STATS_COST.MEASURE + STATS_COST.JOIN * joinsNeeded(unit, def?.joins);
  }
  const groups = possibleGroups(dims);
  return Math.ceil(rows * factor * multiSelect + (groups * (1 + uniqueMeasures.length)) / STATS_COST.GROUPS_PER_POINT);
}
