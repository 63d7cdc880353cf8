import { EntityManager } from 'typeorm';
import { badInput } from '../common/errors';
import { WhereBuilder } from '../common/where-builder';
import { Role } from '../security/roles';
import { Cell, cellsToSuppress } from './disclosure';
import { DimensionDef, DIMENSIONS, dimensionsFor, dimensionSql, StatsDimension } from './dimensions';
import { MEASURES, measuresFor, StatsMeasure } from './measures';
import { buildStatsStatement, StatsRow } from './stats-sql';
import { MeasureSummary, StatsGroup, StatsResult } from './stats.types';
import { StatsUnit, UnitFilters, UNITS } from './units';
import { wilson } from './wilson';

export const MAX_GROUP_BY = 3;
export const NO_ANSWER_LABEL = 'No answer';

export interface StatsQuery<U extends StatsUnit = StatsUnit> {
  unit: U;
  filter?: UnitFilters[U] | null;
  groupBy?: readonly StatsDimension[] | null;
  measures?: readonly StatsMeasure[] | null;
}

/** Who asks: partners see exact values; public callers get disclosure control with threshold k. */
export interface StatsAccess {
  role: Role;
  minCell: number;
}

const num = (v: string | number | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));
/** Means and medians are rounded to 1e-6 so that both engines print the same digits. */
const round6 = (v: number | null) => (v === null ? null : Math.round(v * 1e6) / 1e6);

/** Checks the dimensions and measures against the unit; every refusal lists what is allowed. */
function plan<U extends StatsUnit>(q: StatsQuery<U>) {
  const unit = UNITS[q.unit] as (typeof UNITS)[StatsUnit];
  const groupBy = [...(q.groupBy ?? [])];
  const measures = [...(q.measures ?? [])];
  const allowedDims = dimensionsFor(q.unit);
  if (groupBy.length > MAX_GROUP_BY) {
    throw badInput('groupBy', groupBy, `at most ${MAX_GROUP_BY} dimensions can be grouped at once; ${unit.query} accepts ${allowedDims.join(', ')}`);
  }
  const seen = new Set<string>();
  for (const d of groupBy) {
    const def = DIMENSIONS.get(d);
    if (!def) throw badInput('groupBy', d, `${unit.query} groups ${unit.noun} by ${allowedDims.join(', ')}`);
    if (dimensionSql(def, q.unit) === undefined) {
      throw badInput('groupBy', d, `${d} does not apply to ${unit.noun}; ${unit.query} groups by ${allowedDims.join(', ')}`);
    }
    if (seen.has(d)) throw badInput('groupBy', groupBy, `each dimension may appear once; ${d} is repeated`);
    seen.add(d);
  }
  const allowedMeasures = measuresFor(q.unit);
  const seenMeasures = new Set<string>();
  for (const m of measures) {
    const def = MEASURES.get(m);
    if (!def || def.sql[q.unit] === undefined) {
      throw badInput('measures', m, `${unit.query} summarises the numeric fields ${allowedMeasures.join(', ')}`);
    }
    if (seenMeasures.has(m)) throw badInput('measures', measures, `each measure may appear once; ${m} is repeated`);
    seenMeasures.add(m);
  }
  return { unit, groupBy, measures };
}

function orderOf(def: DimensionDef): (a: { code: string | null; label: string }, b: { code: string | null; label: string }) => number {
  const rank = def.labels ? new Map(Object.keys(def.labels).map((c, i) => [c, i])) : undefined;
  return (a, b) => {
    if (a.code === b.code) return 0;
    if (a.code === null) return 1;
    if (b.code === null) return -1;
    const ra = rank?.get(a.code) ?? Number.MAX_SAFE_INTEGER;
    const rb = rank?.get(b.code) ?? Number.MAX_SAFE_INTEGER;
    return ra - rb || a.label.localeCompare(b.label, 'en', { numeric: true }) || a.code.localeCompare(b.code);
  };
}

/**
 * Runs one stats statement (named parameters) and returns its rows. The request context supplies
 * one bound to its read snapshot, time budget and heavy-work gate; `statsSqlOn` is the plain one.
 */
export type StatsSql = (sql: string, params: Record<string, unknown>) => Promise<StatsRow[]>;

/** Runs stats statements directly on an EntityManager (scripts, tests, the request's snapshot). */
export function statsSqlOn(manager: EntityManager): StatsSql {
  return (sql, params) => {
    const [text, bound] = manager.connection.driver.escapeQueryWithParameters(sql, params, {});
    return manager.query(text, bound);
  };
}

/**
 * Runs one stats query: one SQL statement (see stats-sql.ts), then disclosure control and the
 * Wilson intervals on the counts the database returned.
 */
export async function computeStats<U extends StatsUnit>(runSql: StatsSql, q: StatsQuery<U>, access: StatsAccess): Promise<StatsResult> {
  const { unit, groupBy, measures } = plan(q);
  const dims = groupBy.map((d) => DIMENSIONS.get(d)!);
  const measureDefs = measures.map((m) => MEASURES.get(m)!);
  const where = (unit.where as (w: WhereBuilder, f: UnitFilters[U] | null | undefined) => WhereBuilder)(new WhereBuilder(), q.filter);
  const statement = buildStatsStatement({ unit, where, dimensions: dims, measures: measureDefs });
  const rows = await runSql(statement.sql, statement.params);

  const total = Number(rows[0]?.total ?? 0);
  const nonResponseCounts = dims.map((_d, i) => Number(rows[0]?.[`nr${i}`] ?? 0));
  const raw = rows
    .filter((r) => Number(r.n ?? 0) > 0)
    .map((r) => ({
      keys: dims.map((d, i) => {
        const code = r[`d${i}`] === null || r[`d${i}`] === undefined ? null : String(r[`d${i}`]);
        const sqlLabel = d.labelSql ? r[`l${i}`] : null;
        const label = code === null ? NO_ANSWER_LABEL : (d.labels?.[code] ?? (sqlLabel === null || sqlLabel === undefined ? code : String(sqlLabel)));
        return { dimension: d.name as StatsDimension, code, label };
      }),
      count: Number(r.n),
      measures: measureDefs.map((m, i) => ({
        measure: m.name as StatsMeasure,
        n: Number(r[`m${i}_n`] ?? 0),
        mean: round6(num(r[`m${i}_mean`])),
        median: round6(num(r[`m${i}_median`])),
        min: num(r[`m${i}_min`]),
        max: num(r[`m${i}_max`]),
      })),
    }));
  const orders = dims.map(orderOf);
  raw.sort((a, b) => {
    for (let i = 0; i < orders.length; i++) {
      const c = orders[i](a.keys[i], b.keys[i]);
      if (c !== 0) return c;
    }
    return 0;
  });

  const exact = access.role === Role.PARTNER;
  const k = access.minCell;
  const totalHidden = !exact && total > 0 && total < k;
  const cells: Cell[] = raw.map((g) => ({ keys: g.keys.map((key) => key.code), count: g.count }));
  const hidden = exact ? new Set<number>() : totalHidden ? new Set(raw.map((_g, i) => i)) : cellsToSuppress(cells, k);

  const groups: StatsGroup[] = raw.map((g, i) => {
    const suppressed = hidden.has(i);
    return {
      keys: g.keys,
      count: suppressed ? null : g.count,
      share: suppressed || total === 0 ? null : g.count / total,
      ci95: suppressed || total === 0 ? null : wilson(g.count, total),
      suppressed,
      measures: g.measures.map((m): MeasureSummary => {
        const withheld = !exact && (suppressed || (m.n > 0 && m.n < k));
        if (withheld) return { measure: m.measure, n: null, mean: null, median: null, min: null, max: null, withheld: true };
        // The smallest and largest values are single persons' answers: partners only.
        return exact ? { ...m, withheld: false } : { ...m, min: null, max: null, withheld: false };
      }),
    };
  });

  const nonResponse = dims.map((d, i) => {
    const count = nonResponseCounts[i];
    const withheld =
      !exact && (totalHidden || (count > 0 && count < k) || raw.some((g, gi) => hidden.has(gi) && g.keys[i].code === null));
    return { dimension: d.name as StatsDimension, count: withheld ? null : count, suppressed: withheld };
  });

  return {
    unit: q.unit,
    groupBy: groupBy as StatsDimension[],
    measures: measures as StatsMeasure[],
    total: totalHidden ? null : total,
    multiSelect: dims.some((d) => d.multiSelect === true),
    groups,
    nonResponse,
    disclosure: { threshold: exact ? null : k, suppressedGroups: hidden.size },
  };
}
