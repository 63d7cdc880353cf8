import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

/**
 * The raw rows of the aggregation fixture bundle, and a plain re-implementation of the
 * statistics the hub must return, so that every expected value in the aggregation tests comes
 * from the CSV files and not from the code under test.
 */
export const FIXTURE = path.join(__dirname, '../fixtures/aggregation/round-90');
export const FIXTURE_ROUND = 90;

type Raw = Record<string, string>;
const read = (file: string): Raw[] => parse(readFileSync(path.join(FIXTURE, file), 'utf8'), { columns: true, bom: true, skip_empty_lines: true });

export const respondents = read('respondents.csv');
export const households = read('households.csv');
export const children = read('children.csv');

const householdById = new Map(households.map((h) => [h.household_id, h]));
const respondentById = new Map(respondents.map((r) => [r.respondent_id, r]));
const householdByRespondent = new Map(households.map((h) => [h.respondent_id, h]));

/** A respondent with its household (or undefined); a household with its respondent; a child with both. */
export interface Unit {
  r: Raw;
  h?: Raw;
  c?: Raw;
}
export const respondentUnits: Unit[] = respondents.map((r) => ({ r, h: householdByRespondent.get(r.respondent_id) }));
export const householdUnits: Unit[] = households.map((h) => ({ r: respondentById.get(h.respondent_id)!, h }));
export const childUnits: Unit[] = children.map((c) => {
  const h = householdById.get(c.household_id)!;
  return { r: respondentById.get(h.respondent_id)!, h, c };
});

const orNull = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());
const adultBand = (age: number) => (age <= 24 ? '18-24' : age <= 34 ? '25-34' : age <= 44 ? '35-44' : age <= 59 ? '45-59' : '60+');
const childBand = (age: number) => (age <= 5 ? '0-5' : age <= 11 ? '6-11' : '12-17');

/** The code(s) of a unit in a dimension: one code, null for no answer, or several for a multi-select. */
const round = JSON.parse(readFileSync(path.join(FIXTURE, 'round.json'), 'utf8')) as {
  country: string;
  number: number;
  surveyPoints: { code: string; direction: string; admin1Pcode: string }[];
};
const point = (code: string) => round.surveyPoints.find((p) => p.code === code)!;
const yesNo = (v: string | undefined) => orNull(v);
const positive = (v: string | undefined) => (orNull(v) === null ? null : Number(v) > 0 ? 'yes' : 'no');

export const KEY: Record<string, (u: Unit) => string | null | string[]> = {
  COUNTRY: () => round.country,
  ROUND: () => `${round.country}-${round.number}`,
  INTERVIEW_MONTH: (u) => u.r.interview_date.slice(0, 7),
  SURVEY_POINT: (u) => u.r.survey_point,
  SURVEY_POINT_REGION: (u) => point(u.r.survey_point).admin1Pcode,
  DIRECTION: (u) => point(u.r.survey_point).direction,
  NATIONALITY: (u) => u.r.nationality.toUpperCase(),
  ORIGIN_STATE: (u) => orNull(u.r.origin_state),
  EMPLOYED_BEFORE_LEAVING: (u) => yesNo(u.r.employed_before_leaving),
  REASON_FOR_LEAVING: (u) => orNull(u.r.reason_for_leaving),
  DOCUMENT_USED: (u) => orNull(u.r.document_used),
  PTP_STATUS: (u) => orNull(u.r.ptp_status),
  DESTINATION_REGION: (u) => orNull(u.r.destination_region),
  WORKED_IN_COUNTRY: (u) => yesNo(u.r.worked_in_peru),
  WORKED_IN_PERU: (u) => yesNo(u.r.worked_in_peru),
  DISCRIMINATION_REASON: (u) => orNull(u.r.discrimination_reason),
  TRAVELS_WITH_CHILDREN: (u) => positive(u.h?.travelling_children),
  CHILDREN_LEFT_IN_VENEZUELA: (u) => positive(u.h?.children_in_venezuela),
  ATTENDING_SCHOOL: (u) => yesNo(u.c!.attending_school),
  CAREGIVER: (u) => orNull(u.c!.caregiver),
  SEX: (u) => (u.c ? u.c.sex : u.r.sex),
  AGE_BAND: (u) => (u.c ? childBand(Number(u.c.age)) : adultBand(Number(u.r.age))),
  EDUCATION: (u) => orNull(u.r.education_level),
  MARITAL_STATUS: (u) => orNull(u.r.marital_status),
  DISCRIMINATED: (u) => orNull(u.r.discriminated),
  STAYED_OVER_30_DAYS: (u) => orNull(u.r.stayed_over_30_days),
  DESTINATION_COUNTRY: (u) => orNull(u.r.destination_country),
  TRANSIT_COUNTRY: (u) => (orNull(u.r.transit_countries) ? u.r.transit_countries.split(';').map((s) => s.toUpperCase()) : null),
  VIOLENCE_TYPE: (u) => (orNull(u.r.violence_types) ? u.r.violence_types.split(';') : null),
  MAIN_NEED: (u) => (orNull(u.r.main_needs) ? u.r.main_needs.split(';') : null),
  CHILD_STATUS: (u) => u.c!.status,
  SCHOOL_LEVEL: (u) => orNull(u.c!.school_level),
  EMOTIONAL_CHANGES: (u) => orNull(u.c!.emotional_changes),
  TRAVELLING_GROUP_SIZE: (u) => {
    if (!u.h) return null;
    const s = Number(u.h.travelling_size);
    return s === 1 ? '1' : s === 2 ? '2' : s <= 4 ? '3-4' : '5+';
  },
};

const numberOrNull = (v: string | undefined) => (orNull(v) === null ? null : Number(v));

export const VALUE: Record<string, (u: Unit) => number | null> = {
  TRAVEL_DAYS: (u) => numberOrNull(u.r.travel_days),
  TRAVELLING_CHILDREN: (u) => numberOrNull(u.h?.travelling_children),
  MEMBERS_IN_VENEZUELA: (u) => numberOrNull(u.h?.members_in_venezuela),
  CHILDREN_IN_VENEZUELA: (u) => numberOrNull(u.h?.children_in_venezuela),
  AGE: (u) => Number(u.c ? u.c.age : u.r.age),
  MONTHLY_INCOME_USD: (u) => (orNull(u.r.monthly_income_usd) === null ? null : Number(u.r.monthly_income_usd)),
  TRIP_COST_USD: (u) => (orNull(u.r.trip_cost_usd) === null ? null : Number(u.r.trip_cost_usd)),
  MONTHS_IN_COUNTRY: (u) => (orNull(u.r.months_in_peru) === null ? null : Number(u.r.months_in_peru)),
  MONTHS_IN_PERU: (u) => (orNull(u.r.months_in_peru) === null ? null : Number(u.r.months_in_peru)),
  TRAVELLING_SIZE: (u) => (u.h ? Number(u.h.travelling_size) : null),
};

export interface ExpectedGroup {
  codes: (string | null)[];
  count: number;
  measures: { n: number; mean: number | null; median: number | null; min: number | null; max: number | null }[];
}

function summary(values: number[]) {
  if (values.length === 0) return { n: 0, mean: null, median: null, min: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return {
    n: values.length,
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    median: sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2,
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

/** Groups units by the dimensions' codes (a multi-select unit lands in each of its options). */
export function expectedStats(units: Unit[], dims: string[], measures: string[] = []) {
  const groups = new Map<string, { codes: (string | null)[]; members: Unit[] }>();
  for (const u of units) {
    let combos: (string | null)[][] = [[]];
    for (const d of dims) {
      const k = KEY[d](u);
      const options = Array.isArray(k) ? k : [k];
      combos = combos.flatMap((c) => options.map((o) => [...c, o]));
    }
    for (const codes of combos) {
      const key = JSON.stringify(codes);
      if (!groups.has(key)) groups.set(key, { codes, members: [] });
      groups.get(key)!.members.push(u);
    }
  }
  const nonResponse = dims.map((d) => units.filter((u) => KEY[d](u) === null).length);
  return {
    total: units.length,
    nonResponse,
    groups: [...groups.values()].map(
      (g): ExpectedGroup => ({
        codes: g.codes,
        count: g.members.length,
        measures: measures.map((m) => summary(g.members.map(VALUE[m]).filter((v): v is number => v !== null))),
      }),
    ),
  };
}

/** Wilson score interval, written out from its textbook form. */
export function wilsonBounds(x: number, n: number): { low: number; high: number } {
  const z = 1.959963984540054;
  const p = x / n;
  const a = p + (z * z) / (2 * n);
  const b = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  const c = 1 + (z * z) / n;
  return { low: (a - b) / c, high: (a + b) / c };
}
