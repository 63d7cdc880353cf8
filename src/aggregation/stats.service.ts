import { EntityManager } from 'typeorm';
import { badInput } from '../common/errors';
import type { HeavySql } from '../db/heavy-sql';
import { WhereBuilder } from '../common/where-builder';
import type { Lang, Text } from '../questionnaire/text';
import { Role } from '../common/roles';
import { MEDIAN_MIN_FACTOR, publicCount, publicMean, publicMedian } from './disclosure';
import { MAX_PERTURBATION } from './ptable';
import { DimensionDef, DIMENSIONS, dimensionsFor, dimensionSql, StatsDimension } from './dimensions';
import { MEASURES, measuresFor, StatsMeasure } from './measures';
import { buildStatsStatement, StatsEngine, StatsRow } from './stats-sql';
import { areaIndex, rulesBeforeSql, sparseAreas, tableVariables, type DisclosureSettings } from './disclosure-rules';
import { classificationSuggestion, maxVariablesSuggestion, sparsitySuggestion, thresholdSuggestion } from './disclosure-suggestions';
import {
  DisclosureInfo,
  DisclosureMethod,
  DisclosureRule,
  DisclosureStatus,
  MeasureSummary,
  StatsGroup,
  StatsKey,
  StatsResult,
} from './stats.types';
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
  const frame = { unit: q.unit, groupBy: groupBy as StatsDimension[], measures: measures as StatsMeasure[], multiSelect: dims.some((d) => d.multiSelect === true) };
  if (!exact) {
    // Refused before any statement runs: the answer depends on the request alone, not on the data.
    const before = rulesBeforeSql(q.unit, q.filter, variables, access);
    if (before.failed.length > 0) {
      const suggestion = [
        ...before.offClass.map((o) => classificationSuggestion(o, lang)),
        ...(before.failed.includes(DisclosureRule.MAX_VARIABLES) ? [maxVariablesSuggestion(variables, access.maxVariables, lang)] : []),
      ].join(' ');
      return blockedResult(frame, dims, access, { failedRules: before.failed, suggestion, variables: variables.length });
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

  if (exact) {
    const shown = exactView(raw, total, nonResponseCounts);
    return answer(frame, dims, shown, {
      ...EXACT_DISCLOSURE,
      status: DisclosureStatus.PUBLISHED,
      failedRules: [],
      suggestion: null,
      blockedAreas: [],
      variables: variables.length,
    });
  }
  const k = access.minCell;
  const cellKeyInfo = { method: DisclosureMethod.CELL_KEY, threshold: k, medianThreshold: MEDIAN_MIN_FACTOR * k, maxPerturbation: MAX_PERTURBATION, suppressedGroups: 0 };
  const totalShown = publicCount(total, totalKey, k);
  if (totalShown === null) {
    return blockedResult(frame, dims, access, { failedRules: [DisclosureRule.THRESHOLD], suggestion: thresholdSuggestion(k, lang), variables: variables.length });
  }
  const area = areaIndex(groupBy);
  const areaOf = (g: RawGroup) => (area < 0 ? '' : JSON.stringify(g.keys[area].code));
  const published = raw.map((g) => publicCount(g.count, g.keySum, k));
  const sparsity = sparseAreas(
    raw.map((g, i) => ({ area: areaOf(g), count: g.count, keySum: g.keySum, published: published[i] })),
    access,
  );
  const areaName = area < 0 ? null : groupBy[area];
  const sparse = sparsity.blocked.size > 0 ? sparsitySuggestion(areaName, sparsity.blocked.size, access.minListedShare, k, lang) : null;
  if (sparse && sparsity.passing === 0) {
    return blockedResult(frame, dims, access, { failedRules: [DisclosureRule.SPARSITY], suggestion: sparse, variables: variables.length });
  }
  const listed = raw.filter((g, i) => published[i] !== null && !sparsity.blocked.has(areaOf(g)));
  const unlisted = raw.filter((g) => !listed.includes(g));
  const blockedAreas = new Map<string, StatsKey>();
  for (const g of raw) if (sparsity.blocked.has(areaOf(g)) && !blockedAreas.has(areaOf(g))) blockedAreas.set(areaOf(g), g.keys[area]);
  const shown = publicView(listed, totalShown, nonResponseCounts, k);
  shown.unlisted = publicCount(
    unlisted.reduce((n, g) => n + g.count, 0),
    unlisted.reduce((n, g) => n + g.keySum, 0),
    k,
  );
  return answer(frame, dims, shown, {
    ...cellKeyInfo,
    status: sparse ? DisclosureStatus.PARTIAL : DisclosureStatus.PUBLISHED,
    failedRules: sparse ? [DisclosureRule.SPARSITY] : [],
    suggestion: sparse,
    blockedAreas: [...blockedAreas.values()],
    variables: variables.length,
  });
}

type Frame = Pick<StatsResult, 'unit' | 'groupBy' | 'measures' | 'multiSelect'>;

const EXACT_DISCLOSURE = { method: DisclosureMethod.EXACT, threshold: null, medianThreshold: null, maxPerturbation: 0, suppressedGroups: 0 };

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

/** A BLOCKED table: no total, no group, no non-response count, no unlisted count. */
function blockedResult(
  frame: Frame,
  dims: DimensionDef[],
  access: StatsAccess,
  verdict: { failedRules: DisclosureRule[]; suggestion: string; variables: number },
): StatsResult {
  const k = access.minCell;
  const empty: View = { total: null, groups: [], nonResponse: dims.map(() => null), unlisted: null };
  return answer(frame, dims, empty, {
    method: DisclosureMethod.CELL_KEY,
    threshold: k,
    medianThreshold: MEDIAN_MIN_FACTOR * k,
    maxPerturbation: MAX_PERTURBATION,
    suppressedGroups: 0,
    status: DisclosureStatus.BLOCKED,
    blockedAreas: [],
    ...verdict,
  });
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

interface RawMeasure {
  measure: StatsMeasure;
  n: number;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  top: number | null;
  keySum: number;
}
interface RawGroup {
  keys: StatsGroup['keys'];
  count: number;
  keySum: number;
  measures: RawMeasure[];
}
interface View {
  total: number | null;
  groups: { keys: StatsGroup['keys']; count: number; measures: MeasureSummary[] }[];
  nonResponse: (number | null)[];
  /** Units (or memberships) in groups not listed. */
  unlisted: number | null;
}

/** Partners see the exact values. */
function exactView(raw: RawGroup[], total: number, nonResponse: { count: number }[]): View {
  return {
    total,
    groups: raw.map((g) => ({
      keys: g.keys,
      count: g.count,
      measures: g.measures.map((m) => ({
        measure: m.measure, n: m.n, mean: round6(m.mean), median: round6(m.median), min: m.min, max: m.max, withheld: false,
      })),
    })),
    nonResponse: nonResponse.map((x) => x.count),
    // Partners see every group.
    unlisted: 0,
  };
}

/**
 * Public callers see the cell-key view (disclosure.ts) of the groups the rules list: every count
 * is perturbed by the key of its records, means and medians are perturbed or withheld, and
 * minimum and maximum (one person's answer each) are never shown.
 */
function publicView(listed: RawGroup[], total: number, nonResponse: { count: number; keySum: number }[], k: number): View {
  const groups: View['groups'] = listed.map((g) => ({
    keys: g.keys,
    count: publicCount(g.count, g.keySum, k)!,
    measures: g.measures.map((m) => {
      const n = publicCount(m.n, m.keySum, k);
      if (n === null) return { measure: m.measure, n: null, mean: null, median: null, min: null, max: null, withheld: true };
      const cell = { n: m.n, mean: m.mean, median: m.median, top: m.top, keySum: m.keySum };
      return { measure: m.measure, n, mean: round6(publicMean(cell, k)), median: round6(publicMedian(cell, k)), min: null, max: null, withheld: false };
    }),
  }));
  return { total, groups, nonResponse: nonResponse.map((x) => publicCount(x.count, x.keySum, k)), unlisted: null };
}
