import { questionFilterField } from '../common/question-filters';
import type { DisclosureSettings } from '../config/disclosure-settings';
import { questionKey, type PublicClasses, type Question, type Sheet } from '../questionnaire/question';
import type { ClassesDimension } from '../questionnaire/names';
import { QUESTIONS } from '../questionnaire/registry';
import type { Text } from '../questionnaire/text';
import { publicCount } from './disclosure';
import { DIMENSIONS, StatsDimension } from './dimensions';
import { DisclosureRule } from './stats.types';
import { StatsUnit, UNITS } from './units';

/**
 * The disclosure rules public tables go through on top of the cell-key method, as the census table
 * builders close averaging (docs/aggregation.md, "Disclosure rules"): fixed classifications for
 * ranges and a limit on the variables one table combines, both checked before any statement runs;
 * then, on the statement's counts, the threshold of the total and the sparsity rule per area.
 */

/** The dimensions that are areas for the sparsity rule: the first of them in a groupBy gives the areas. */
export const AREA_DIMENSIONS: readonly StatsDimension[] = ['COUNTRY', 'SURVEY_POINT', 'SURVEY_POINT_REGION'];

/** Dimensions and filter fields every table may use without counting them: the round is the table's frame. */
const FRAME_DIMENSIONS: ReadonlySet<string> = new Set(['COUNTRY', 'ROUND']);
const FRAME_FIELDS: ReadonlySet<string> = new Set(['country', 'round']);
/** Filter fields that are not questions, by the dimension that groups by the same variable. */
const SURVEY_FIELDS: Readonly<Record<string, StatsDimension>> = { surveyPoint: 'SURVEY_POINT', direction: 'DIRECTION' };
/** The nested filter of household and child filters, on the respondents sheet. */
const NESTED_RESPONDENT = 'respondent';

/** One field given in a filter: the variable it is and, for a range end, its question and classes. */
interface GivenField {
  /** The variable: a question (`sheet.column`) or a survey dimension's name. */
  variable: string;
  /** The field as the caller wrote it, nested ones with their path (`respondent.ageMin`). */
  path: string;
  value: unknown;
  range?: { question: Question; classes: PublicClasses; end: 'Min' | 'Max'; min: number; max: number };
}

const given = (v: unknown) => v !== undefined && v !== null;

/** The fields a filter gives, nested `respondent` filter included; country and round are left out. */
function givenFields(sheet: Sheet, filter: object | null | undefined, prefix = ''): GivenField[] {
  const out: GivenField[] = [];
  for (const [field, value] of Object.entries(filter ?? {})) {
    if (!given(value) || FRAME_FIELDS.has(field)) continue;
    const path = `${prefix}${field}`;
    if (field === NESTED_RESPONDENT && typeof value === 'object') {
      out.push(...givenFields('respondents', value as object, `${path}.`));
      continue;
    }
    const survey = SURVEY_FIELDS[field];
    if (survey) {
      out.push({ variable: survey, path, value });
      continue;
    }
    const q = questionFilterField(sheet, field);
    if (!q) {
      // Not declared by a question: a variable of its own, so that a new field is never free.
      out.push({ variable: `${sheet}.${field}`, path, value });
      continue;
    }
    const { spec } = q;
    const range = spec.match === 'range' && q.end ? { question: q.question, classes: spec.classes, end: q.end, min: spec.min, max: spec.max } : undefined;
    out.push({ variable: questionKey(q.question), path, value, range });
  }
  return out;
}

/** A variable of a table and the name the caller gave it first (a filter field or a dimension). */
export interface TableVariable {
  variable: string;
  name: string;
}

/**
 * The variables a table combines beyond country and round: every filter field given (both ends of
 * a range are one variable) and every grouping; a question filtered and grouped counts once.
 */
export function tableVariables(unit: StatsUnit, filter: object | null | undefined, groupBy: readonly StatsDimension[]): TableVariable[] {
  const seen = new Map<string, string>();
  for (const f of givenFields(UNITS[unit].sheet, filter)) if (!seen.has(f.variable)) seen.set(f.variable, f.path);
  for (const d of groupBy) {
    const def = DIMENSIONS.get(d);
    if (!def || FRAME_DIMENSIONS.has(def.name)) continue;
    const variable = def.question?.[unit] ?? def.name;
    if (!seen.has(variable)) seen.set(variable, d);
  }
  return [...seen].map(([variable, name]) => ({ variable, name }));
}

/** A range as [lowest, highest], both inclusive. */
export type Interval = readonly [number, number];

/**
 * The ranges a public caller may filter by: each class alone (from its lower bound to one below
 * the next, the last to the field's highest value) and the classification's reporting ranges.
 * Never a union of classes chosen by the caller: two nested unions differ by one class, so they
 * would give many different pairs of tables around the same few people (issue 20's averaging).
 */
export function publicRanges(spec: { min: number; max: number; classes: PublicClasses }): Interval[] {
  const lows = [...new Set(spec.classes.lowerBounds)].filter((b) => b >= spec.min && b <= spec.max).sort((a, b) => a - b);
  if (lows[0] !== spec.min) lows.unshift(spec.min);
  const classes: Interval[] = lows.map((lo, i) => [lo, i + 1 < lows.length ? lows[i + 1] - 1 : spec.max]);
  return [...classes, ...(spec.classes.reportingRanges ?? [])];
}

const sameInterval = (a: Interval, b: Interval) => a[0] === b[0] && a[1] === b[1];

/** A range filter that is neither one public class nor a reporting range. */
export interface OffClassRange {
  /** The range as the caller wrote it, e.g. `ageMin 23` or `respondent.ageMin 18, respondent.ageMax 44`. */
  given: string;
  /** The ranges allowed instead. */
  allowed: Interval[];
  /** The dimension that groups by the classes. */
  dimension: string;
  label: Text;
}

/**
 * The range filters of a filter that public callers may not give (rule CLASSIFICATION): both ends
 * of a range are read together (an end not given is the field's own bound); the range must be the
 * whole field (no restriction), one class or one reporting range.
 */
export function offClassRanges(unit: StatsUnit, filter: object | null | undefined): OffClassRange[] {
  const ranges = new Map<string, GivenField[]>();
  for (const f of givenFields(UNITS[unit].sheet, filter)) {
    if (!f.range) continue;
    const key = f.path.slice(0, -f.range.end.length);
    ranges.set(key, [...(ranges.get(key) ?? []), f]);
  }
  const out: OffClassRange[] = [];
  for (const ends of ranges.values()) {
    const { range } = ends[0];
    const spec = { min: range!.min, max: range!.max, classes: range!.classes };
    const end = (which: 'Min' | 'Max', fallback: number) => {
      const f = ends.find((e) => e.range!.end === which);
      return f ? Number(f.value) : fallback;
    };
    const asked: Interval = [end('Min', spec.min), end('Max', spec.max)];
    const allowed = publicRanges(spec);
    if (sameInterval(asked, [spec.min, spec.max]) || allowed.some((r) => sameInterval(r, asked))) continue;
    out.push({ given: ends.map((e) => `${e.path} ${String(e.value)}`).join(', '), allowed, dimension: spec.classes.dimension, label: range!.question.label });
  }
  return out;
}

/** One public classification, as disclosurePolicy lists it: from the questions' range filters. */
export interface ClassificationEntry {
  sheet: Sheet;
  field: string;
  label: Text;
  ranges: Interval[];
  dimension: StatsDimension;
}

export const CLASSIFICATIONS: readonly ClassificationEntry[] = QUESTIONS.flatMap((q) =>
  (q.filters ?? []).flatMap((spec) =>
    spec.match === 'range' ? [{ sheet: q.sheet, field: spec.field, label: q.label, ranges: publicRanges(spec), dimension: spec.classes.dimension as ClassesDimension }] : [],
  ),
);

/** The rules a table fails before any statement runs (CLASSIFICATION, MAX_VARIABLES). */
export function rulesBeforeSql(
  unit: StatsUnit,
  filter: object | null | undefined,
  variables: readonly TableVariable[],
  settings: DisclosureSettings,
): { failed: DisclosureRule[]; offClass: OffClassRange[] } {
  const offClass = offClassRanges(unit, filter);
  const failed: DisclosureRule[] = [];
  if (offClass.length > 0) failed.push(DisclosureRule.CLASSIFICATION);
  if (variables.length > settings.maxVariables) failed.push(DisclosureRule.MAX_VARIABLES);
  return { failed, offClass };
}

/** The index, in the groupBy list, of the dimension whose values are the areas of the sparsity rule; -1: the table is one area. */
export function areaIndex(groupBy: readonly StatsDimension[]): number {
  return groupBy.findIndex((d) => AREA_DIMENSIONS.includes(DIMENSIONS.get(d)?.name ?? d));
}

/** What the sparsity rule needs of a group: its area, its exact count and key sum, and its published count. */
export interface AreaCell {
  area: string;
  count: number;
  keySum: number;
  /** The group's published count; null when it is not listed (below k). */
  published: number | null;
}

/**
 * The sparsity rule (Cantabular's, per area): an area is blocked when its listed groups' published
 * counts add up to less than `minListedShare` of the area's own published count (the area's exact
 * count perturbed with the key sum of its records). Only published quantities decide, so the
 * status reveals nothing the published values do not. An area below k has no published count: it
 * is neither blocked nor passing, just absent like a small group.
 */
export function sparseAreas(cells: readonly AreaCell[], settings: DisclosureSettings): { blocked: Set<string>; passing: number } {
  const areas = new Map<string, { count: number; keySum: number; listed: number }>();
  for (const c of cells) {
    const a = areas.get(c.area) ?? { count: 0, keySum: 0, listed: 0 };
    a.count += c.count;
    a.keySum += c.keySum;
    a.listed += c.published ?? 0;
    areas.set(c.area, a);
  }
  const blocked = new Set<string>();
  let passing = 0;
  for (const [area, a] of areas) {
    const published = publicCount(a.count, a.keySum, settings.minCell);
    if (published === null) continue;
    if (a.listed < settings.minListedShare * published) blocked.add(area);
    else passing += 1;
  }
  return { blocked, passing };
}
