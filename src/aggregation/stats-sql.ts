import { WhereBuilder } from '../common/where-builder';
import { DimensionDef, dimensionSql } from './dimensions';
import { MeasureDef } from './measures';
import { Join, UnitDef } from './units';

/** What one stats statement computes: the unit, its filter, up to three dimensions and the measures. */
export interface StatsPlan {
  unit: UnitDef;
  where: WhereBuilder;
  dimensions: readonly DimensionDef[];
  measures: readonly MeasureDef[];
}

/** One row of the statement's result (engines return numbers as numbers or strings). */
export type StatsRow = Record<string, string | number | null>;

/**
 * Builds the single SQL statement of a stats query. The database does all of the counting:
 *
 * - `base`: one row per unit (per selected option for a multi-select dimension) with the codes
 *   `d0..d2`, their labels `l0..l2` and the measure values `m0..`, filtered by the WhereBuilder's
 *   clauses (bound parameters only).
 * - `ranked`: for medians, each measure's non-null values numbered within their group with
 *   ROW_NUMBER/COUNT OVER (PARTITION BY the codes); nulls sort after the values on both engines.
 * - `grouped`: GROUP BY the codes: count, and per measure n, mean, median (mean of the middle one
 *   or two values), min and max.
 * - `totals`: distinct units in the filter, and per dimension the distinct units with no answer.
 *
 * The result is `totals LEFT JOIN grouped`, so an empty selection still returns its total (0).
 * The same text runs on SQLite and PostgreSQL: standard CASE/CAST/window functions only, integer
 * division for the middle positions on both.
 */
export function buildStatsStatement(plan: StatsPlan): { sql: string; params: Record<string, unknown> } {
  const { unit, where, dimensions, measures } = plan;
  const joins: Join[] = [];
  const need = (list: readonly Join[] | undefined) => {
    for (const j of list ?? []) {
      if (!unit.provides.includes(j.alias) && !joins.some((x) => x.alias === j.alias)) joins.push(j);
    }
  };
  const baseColumns = [`${unit.alias}.id AS unit_id`];
  dimensions.forEach((d, i) => {
    need(d.joins);
    baseColumns.push(`${dimensionSql(d, unit.unit)} AS d${i}`);
    if (d.labelSql) baseColumns.push(`${d.labelSql} AS l${i}`);
  });
  measures.forEach((m, i) => {
    need(m.joins);
    baseColumns.push(`${m.sql[unit.unit]} AS m${i}`);
  });

  const codes = dimensions.map((_d, i) => `d${i}`);
  const partition = codes.length ? `PARTITION BY ${codes.join(', ')}` : '';
  const ctes = [
    `base AS (SELECT ${baseColumns.join(', ')} FROM ${unit.from} ${joins.map((j) => j.sql).join(' ')} WHERE ${where.sql()})`,
  ];
  let grouped = 'base';
  if (measures.length) {
    const windows = measures.flatMap((_m, i) => [
      `ROW_NUMBER() OVER (${partition} ORDER BY CASE WHEN m${i} IS NULL THEN 1 ELSE 0 END, m${i}) AS rn${i}`,
      `COUNT(m${i}) OVER (${partition}) AS c${i}`,
    ]);
    ctes.push(`ranked AS (SELECT base.*, ${windows.join(', ')} FROM base)`);
    grouped = 'ranked';
  }
  const groupColumns = [
    ...codes,
    ...dimensions.flatMap((d, i) => (d.labelSql ? [`MIN(l${i}) AS l${i}`] : [])),
    'COUNT(*) AS n',
    ...measures.flatMap((_m, i) => [
      `COUNT(m${i}) AS m${i}_n`,
      `AVG(m${i}) AS m${i}_mean`,
      `AVG(CASE WHEN rn${i} = (c${i} + 1) / 2 OR rn${i} = (c${i} + 2) / 2 THEN m${i} END) AS m${i}_median`,
      `MIN(m${i}) AS m${i}_min`,
      `MAX(m${i}) AS m${i}_max`,
    ]),
  ];
  ctes.push(`grouped AS (SELECT ${groupColumns.join(', ')} FROM ${grouped}${codes.length ? ` GROUP BY ${codes.join(', ')}` : ''})`);
  const totalColumns = [
    'COUNT(DISTINCT unit_id) AS total',
    ...codes.map((c, i) => `COUNT(DISTINCT CASE WHEN ${c} IS NULL THEN unit_id END) AS nr${i}`),
  ];
  ctes.push(`totals AS (SELECT ${totalColumns.join(', ')} FROM base)`);
  return {
    sql: `WITH ${ctes.join(', ')} SELECT totals.*, grouped.* FROM totals LEFT JOIN grouped ON 1 = 1`,
    params: where.params,
  };
}
