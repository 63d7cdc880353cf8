import { EntityManager } from 'typeorm';
import { badInput } from '../common/errors';
import type { HeavySql } from '../db/heavy-sql';
import { WhereBuilder } from '../common/where-builder';
import type { Lang, Text } from '../questionnaire/text';
import { Role } from '../common/roles';
import { DimensionDef, DIMENSIONS, dimensionsFor, dimensionSql, StatsDimension } from './dimensions';
import { MEASURES, measuresFor, StatsMeasure } from './measures';
import { buildStatsStatement, StatsEngine, StatsRow } from './stats-sql';
import type { DisclosureSettings } from '../config/disclosure-settings';
import { rulesBeforeSql, tableVariables } from './disclosure-rules';
import { classificationSuggestion, maxVariablesSuggestion } from './disclosure-suggestions';
import { blockedTable, exactTable, publicTable, type View } from './stats-views';
import { DisclosureInfo, DisclosureRule, StatsGroup, StatsResult } from './stats.types';
import { StatsUnit, UnitFilters, UNITS } from './units';
import { wilson } from './wilson';

export const MAX_GROUP_BY = 3;
/** The label of the group of units with no answer to a dimension. */
export const NO_ANSWER_LABEL: Text = { en: 'No answer', es: 'Sin respuesta' };

export interface StatsQuery<U extends StatsUnit = StatsUnit> {
  unit: U;
  filter?: UnitFilters[U] | null;
  groupBy?: readonly StatsDimension[] | null;
  measures?: readonly StatsMeasure[] | null;
  /** Language of the labels (default English). */
  lang?: Lang;
}

/** Who asks: partners see exact values; public callers get disclosure control with its settings. */
export interface StatsAccess extends DisclosureSettings {
  role: Role;
}

/** The access of a request's caller, from its context. */
export const statsAccess = (ctx: { role: Role; disclosure: DisclosureSettings }): StatsAccess => ({ role: ctx.role, ...ctx.disclosure });

const num = (v: string | number | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));

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
export type StatsSql = HeavySql;

/** Runs stats statements directly on an EntityManager (scripts, tests, the request's snapshot). */
export function statsSqlOn(manager: EntityManager): StatsSql {
  const run: StatsSql = (sql, params) => {
    const [text, bound] = manager.connection.driver.escapeQueryWithParameters(sql, params, {});
    return manager.query(text, bound);
  };
  run.engine = engineOf(manager);
  return run;
}

/** The stats dialect of a connection. */
export function engineOf(manager: EntityManager): StatsEngine {
  return manager.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
}

/**
 * Runs one stats query: one SQL statement (see stats-sql.ts), then disclosure control and the
 * Wilson intervals on the counts the database returned.
 */
export async function computeStats<U extends StatsUnit>(runSql: StatsSql, q: StatsQuery<U>, access: StatsAccess): Promise<StatsResult> {
  const { unit, groupBy, measures } = plan(q);
  const lang = q.lang ?? 'en';
  const dims = groupBy.map((d) => DIMENSIONS.get(d)!);
  const measureDefs = measures.map((m) => MEASURES.get(m)!);
  // Built first, so that a filter that contradicts itself stays a client mistake (400) for everyone; no statement runs yet.
  const where = (unit.where as (w: WhereBuilder, f: UnitFilters[U] | null | undefined) => WhereBuilder)(new WhereBuilder(), q.filter);
  const exact = access.role === Role.PARTNER;
  const variables = tableVariables(q.unit, q.filter, groupBy);
  const frame: Frame = { unit: q.unit, groupBy: groupBy as StatsDimension[], measures: measures as StatsMeasure[], multiSelect: dims.some((d) => d.multiSelect === true) };
  if (!exact) {
    // Refused before any statement runs: the answer depends on the request alone, not on the data.
    const before = rulesBeforeSql(q.unit, q.filter, variables, access);
    if (before.failed.length > 0) {
      const suggestion = [
        ...before.offClass.map((o) => classificationSuggestion(o, lang)),
        ...(before.failed.includes(DisclosureRule.MAX_VARIABLES) ? [maxVariablesSuggestion(variables, access.maxVariables, lang)] : []),
      ].join(' ');
      const blocked = blockedTable(dims.length, access.minCell, before.failed, suggestion);
      return answer(frame, dims, blocked.view, { ...blocked.disclosure, variables: variables.length });
    }
  }
  const statement = buildStatsStatement({ unit, where, dimensions: dims, measures: measureDefs, engine: runSql.engine });
  const rows = await runSql(statement.sql, statement.params);

  const { total, totalKey, nonResponseCounts } = statement.totalsInRows ? totalsFromRow(rows[0], dims.length) : totalsFromGroups(rows, dims.length);
  const raw = rows
    .filter((r) => Number(r.n ?? 0) > 0)
    .map((r) => ({
      keys: dims.map((d, i) => {
        const code = r[`d${i}`] === null || r[`d${i}`] === undefined ? null : String(r[`d${i}`]);
        const sqlLabel = d.labelSql ? r[`l${i}`] : null;
        const label =
          code === null ? NO_ANSWER_LABEL[lang] : (d.labels?.[code]?.[lang] ?? (sqlLabel === null || sqlLabel === undefined ? code : String(sqlLabel)));
        return { dimension: d.name as StatsDimension, code, label };
      }),
      count: Number(r.n),
      keySum: Number(r.k ?? 0),
      measures: measureDefs.map((m, i) => ({
        measure: m.name as StatsMeasure,
        n: Number(r[`m${i}_n`] ?? 0),
        mean: num(r[`m${i}_mean`]),
        median: num(r[`m${i}_median`]),
        min: num(r[`m${i}_min`]),
        max: num(r[`m${i}_max`]),
        top: num(r[`m${i}_top`]),
        keySum: Number(r[`m${i}_k`] ?? 0),
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

  const totals = { count: total, keySum: totalKey };
  const shown = exact ? exactTable(raw, totals, nonResponseCounts) : publicTable(raw, totals, nonResponseCounts, groupBy, access, lang);
  return answer(frame, dims, shown.view, { ...shown.disclosure, variables: variables.length });
}

type Frame = Pick<StatsResult, 'unit' | 'groupBy' | 'measures' | 'multiSelect'>;

/** The result from what is shown: shares and Wilson intervals from the shown counts. */
function answer(frame: Frame, dims: DimensionDef[], shown: View, disclosure: DisclosureInfo): StatsResult {
  const groups: StatsGroup[] = shown.groups.map((g) => ({
    keys: g.keys,
    count: g.count,
    // A perturbed count may exceed the perturbed total by a few units: shares stay proportions.
    share: shown.total ? Math.min(g.count, shown.total) / shown.total : null,
    ci95: shown.total ? wilson(Math.min(g.count, shown.total), shown.total) : null,
    suppressed: false,
    measures: g.measures,
  }));
  const nonResponse = dims.map((d, i) => ({
    dimension: d.name as StatsDimension,
    count: shown.nonResponse[i],
    suppressed: shown.nonResponse[i] === null,
  }));
  return { ...frame, total: shown.total, groups, nonResponse, unlistedCount: shown.unlisted, disclosure };
}

interface Totals {
  total: number;
  totalKey: number;
  nonResponseCounts: { count: number; keySum: number }[];
}

/** Totals as the statement returned them (with a multi-select dimension). */
function totalsFromRow(row: StatsRow | undefined, dims: number): Totals {
  return {
    total: Number(row?.total ?? 0),
    totalKey: Number(row?.total_k ?? 0),
    nonResponseCounts: [...Array(dims).keys()].map((i) => ({ count: Number(row?.[`nr${i}`] ?? 0), keySum: Number(row?.[`nr${i}_k`] ?? 0) })),
  };
}

/** Totals as sums over the groups: every unit is in exactly one group when no dimension is multi-select. */
function totalsFromGroups(rows: StatsRow[], dims: number): Totals {
  const out: Totals = { total: 0, totalKey: 0, nonResponseCounts: [...Array(dims).keys()].map(() => ({ count: 0, keySum: 0 })) };
  for (const r of rows) {
    const n = Number(r.n ?? 0);
    const k = Number(r.k ?? 0);
    out.total += n;
    out.totalKey += k;
    for (let i = 0; i < dims; i++) {
      if (r[`d${i}`] === null || r[`d${i}`] === undefined) {
        out.nonResponseCounts[i].count += n;
        out.nonResponseCounts[i].keySum += k;
      }
    }
  }
  return out;
}
