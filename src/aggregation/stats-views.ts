import type { Lang } from '../questionnaire/text';
import { MEDIAN_MIN_FACTOR, publicCount, publicMean, publicMedian } from './disclosure';
import type { DisclosureSettings } from '../config/disclosure-settings';
import { areaIndex, sparseAreas } from './disclosure-rules';
import { sparsitySuggestion, thresholdSuggestion } from './disclosure-suggestions';
import type { StatsDimension } from './dimensions';
import type { StatsMeasure } from './measures';
import { MAX_PERTURBATION } from './ptable';
import { DisclosureInfo, DisclosureMethod, DisclosureRule, DisclosureStatus, MeasureSummary, StatsGroup, StatsKey } from './stats.types';

/**
 * What each caller is shown of a stats statement's groups: partners the exact values; public
 * callers the cell-key view (disclosure.ts) of the groups the disclosure rules list
 * (disclosure-rules.ts), with the rules' verdict.
 */

export interface RawMeasure {
  measure: StatsMeasure;
  n: number;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  top: number | null;
  keySum: number;
}

/** One group as the statement returned it: exact counts and the key sums of their records. */
export interface RawGroup {
  keys: StatsGroup['keys'];
  count: number;
  keySum: number;
  measures: RawMeasure[];
}

/** An exact count with the sum of its records' keys. */
export interface KeyedCount {
  count: number;
  keySum: number;
}

export interface View {
  total: number | null;
  groups: { keys: StatsGroup['keys']; count: number; measures: MeasureSummary[] }[];
  nonResponse: (number | null)[];
  /** Units (or memberships) in groups not listed. */
  unlisted: number | null;
}

/** A table as shown, with what disclosure control says of it (the variables are added by the caller). */
export interface Shown {
  view: View;
  disclosure: Omit<DisclosureInfo, 'variables'>;
}

/** Means and medians are rounded to 1e-6 so that both engines print the same digits. */
export const round6 = (v: number | null) => (v === null ? null : Math.round(v * 1e6) / 1e6);

const cellKeyMethod = (k: number) => ({
  method: DisclosureMethod.CELL_KEY,
  threshold: k,
  medianThreshold: MEDIAN_MIN_FACTOR * k,
  maxPerturbation: MAX_PERTURBATION,
  suppressedGroups: 0,
});

/** Partners see the exact values of every group; no rule applies. */
export function exactTable(raw: RawGroup[], total: KeyedCount, nonResponse: KeyedCount[]): Shown {
  return {
    view: {
      total: total.count,
      groups: raw.map((g) => ({
        keys: g.keys,
        count: g.count,
        measures: g.measures.map((m) => ({
          measure: m.measure, n: m.n, mean: round6(m.mean), median: round6(m.median), min: m.min, max: m.max, withheld: false,
        })),
      })),
      nonResponse: nonResponse.map((x) => x.count),
      // Every group is listed.
      unlisted: 0,
    },
    disclosure: {
      method: DisclosureMethod.EXACT,
      threshold: null,
      medianThreshold: null,
      maxPerturbation: 0,
      suppressedGroups: 0,
      status: DisclosureStatus.PUBLISHED,
      failedRules: [],
      suggestion: null,
      blockedAreas: [],
    },
  };
}

/** A BLOCKED table: no total, no group, no non-response count, no unlisted count. */
export function blockedTable(dimensions: number, k: number, failedRules: DisclosureRule[], suggestion: string): Shown {
  return {
    view: { total: null, groups: [], nonResponse: Array.from({ length: dimensions }, () => null), unlisted: null },
    disclosure: { ...cellKeyMethod(k), status: DisclosureStatus.BLOCKED, failedRules, suggestion, blockedAreas: [] },
  };
}

/**
 * Public callers: THRESHOLD on the total, then SPARSITY per area; the listed groups (at least k
 * units, in an area that passes) are shown through the cell-key method, and the units of the
 * others are counted in `unlisted`, perturbed by their own records' keys.
 */
export function publicTable(
  raw: RawGroup[],
  total: KeyedCount,
  nonResponse: KeyedCount[],
  groupBy: readonly StatsDimension[],
  settings: DisclosureSettings,
  lang: Lang,
): Shown {
  const k = settings.minCell;
  const totalShown = publicCount(total.count, total.keySum, k);
  if (totalShown === null) return blockedTable(groupBy.length, k, [DisclosureRule.THRESHOLD], thresholdSuggestion(k, lang));

  const area = areaIndex(groupBy);
  const areaOf = (g: RawGroup) => (area < 0 ? '' : JSON.stringify(g.keys[area].code));
  const published = raw.map((g) => publicCount(g.count, g.keySum, k));
  const sparsity = sparseAreas(
    raw.map((g, i) => ({ area: areaOf(g), count: g.count, keySum: g.keySum, published: published[i] })),
    settings,
  );
  const suggestion = sparsity.blocked.size > 0 ? sparsitySuggestion(area < 0 ? null : groupBy[area], sparsity.blocked.size, settings.minListedShare, k, lang) : null;
  if (suggestion && sparsity.passing === 0) return blockedTable(groupBy.length, k, [DisclosureRule.SPARSITY], suggestion);

  const listed: { group: RawGroup; count: number }[] = [];
  const unlisted: KeyedCount = { count: 0, keySum: 0 };
  const blockedAreas = new Map<string, StatsKey>();
  raw.forEach((g, i) => {
    const blocked = sparsity.blocked.has(areaOf(g));
    if (blocked && !blockedAreas.has(areaOf(g))) blockedAreas.set(areaOf(g), g.keys[area]);
    const count = published[i];
    if (count !== null && !blocked) listed.push({ group: g, count });
    else {
      unlisted.count += g.count;
      unlisted.keySum += g.keySum;
    }
  });
  return {
    view: {
      total: totalShown,
      groups: listed.map(({ group, count }) => ({ keys: group.keys, count, measures: group.measures.map((m) => publicMeasure(m, k)) })),
      nonResponse: nonResponse.map((x) => publicCount(x.count, x.keySum, k)),
      unlisted: publicCount(unlisted.count, unlisted.keySum, k),
    },
    disclosure: {
      ...cellKeyMethod(k),
      status: suggestion ? DisclosureStatus.PARTIAL : DisclosureStatus.PUBLISHED,
      failedRules: suggestion ? [DisclosureRule.SPARSITY] : [],
      suggestion,
      blockedAreas: [...blockedAreas.values()],
    },
  };
}

/** A measure as published: n perturbed like a count, mean and median perturbed or withheld, never min or max. */
function publicMeasure(m: RawMeasure, k: number): MeasureSummary {
  const n = publicCount(m.n, m.keySum, k);
  if (n === null) return { measure: m.measure, n: null, mean: null, median: null, min: null, max: null, withheld: true };
  const cell = { n: m.n, mean: m.mean, median: m.median, top: m.top, keySum: m.keySum };
  return { measure: m.measure, n, mean: round6(publicMean(cell, k)), median: round6(publicMedian(cell, k)), min: null, max: null, withheld: false };
}
