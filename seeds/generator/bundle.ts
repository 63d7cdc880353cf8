import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { Child, RoundData } from './build';
import { caveat, SURVEY_POINTS } from './rounds';

/** Every column of /work/shared/import-format.md, in its order, so that every bundle has them all. */
export const RESPONDENT_COLUMNS = [
  'respondent_id',
  'survey_point',
  'interview_date',
  'sex',
  'age',
  'nationality',
  'marital_status',
  'origin_state',
  'education_level',
  'employed_before_leaving',
  'reason_for_leaving',
  'travel_days',
  'trip_cost_usd',
  'transit_countries',
  'document_used',
  'ptp_status',
  'destination_country',
  'destination_region',
  'stayed_over_30_days',
  'months_in_peru',
  'worked_in_peru',
  'monthly_income_usd',
  'discriminated',
  'discrimination_reason',
  'violence_types',
] as const;

export const HOUSEHOLD_COLUMNS = [
  'household_id',
  'respondent_id',
  'travelling_size',
  'travelling_children',
  'members_in_venezuela',
  'children_in_venezuela',
] as const;

export const CHILD_COLUMNS = [
  'child_id',
  'household_id',
  'status',
  'sex',
  'age',
  'school_level',
  'attending_school',
  'emotional_changes',
  'caregiver',
] as const;

type Cell = string | number | null;

/** Integers as written by String (exact); null as the empty cell. */
const cell = (value: Cell): string => (value === null ? '' : String(value));

/** Cents as a decimal with two places, without floating-point formatting. */
const usd = (cents: number | null): string =>
  cents === null ? '' : `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

function csv(columns: readonly string[], rows: Cell[][]): string {
  return stringify(
    rows.map((row) => row.map(cell)),
    { header: true, columns: [...columns], record_delimiter: '\n' },
  );
}

export function respondentsCsv(data: RoundData): string {
  return csv(
    RESPONDENT_COLUMNS,
    data.respondents.map((r) => [
      r.id,
      r.point,
      r.interviewDate,
      r.sex,
      r.age,
      r.nationality,
      r.maritalStatus,
      r.originState,
      r.educationLevel,
      r.employedBeforeLeaving,
      r.reasonForLeaving,
      r.travelDays,
      r.tripCostUsd,
      r.transitCountries.join(';'),
      r.documentUsed,
      r.ptpStatus,
      r.destinationCountry,
      r.destinationRegion,
      r.stayedOver30Days,
      r.monthsInPeru,
      r.workedInPeru,
      usd(r.monthlyIncomeCents),
      r.discriminated,
      r.discriminationReason,
      r.violenceTypes.join(';'),
    ]),
  );
}

export function householdsCsv(data: RoundData): string {
  return csv(
    HOUSEHOLD_COLUMNS,
    data.households.map((h) => [
      h.id,
      h.respondentId,
      1 + h.otherAdults + h.travelling.length,
      h.travelling.length,
      h.membersInVenezuela,
      h.leftInVenezuela.length,
    ]),
  );
}

export function childrenCsv(data: RoundData): string {
  const row = (householdId: string, c: Child): Cell[] => [
    c.id,
    householdId,
    c.status,
    c.sex,
    c.age,
    c.schoolLevel,
    c.attendingSchool,
    c.emotionalChanges,
    c.caregiver,
  ];
  return csv(
    CHILD_COLUMNS,
    data.households.flatMap((h) => [...h.travelling, ...h.leftInVenezuela].map((c) => row(h.id, c))),
  );
}

export function roundJson(data: RoundData): string {
  const { plan } = data;
  const round = {
    country: 'PER',
    number: plan.number,
    name: `Flow monitoring of the Venezuelan population in Peru, round ${plan.number} (synthetic, calibrated)`,
    fieldworkStart: plan.fieldworkStart,
    fieldworkEnd: plan.fieldworkEnd,
    publishedOn: plan.publishedOn,
    dataKind: 'synthetic_calibrated',
    caveat: caveat(plan),
    sourceUrl: plan.sourceUrl,
    surveyPoints: plan.points.map((p) => SURVEY_POINTS[p.code]),
  };
  return `${JSON.stringify(round, null, 2)}\n`;
}

/** Writes the bundle folder `per-round-N` under `outDir`; returns its path. */
export function writeBundle(outDir: string, data: RoundData): string {
  const dir = path.join(outDir, `per-round-${data.plan.number}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'round.json'), roundJson(data));
  writeFileSync(path.join(dir, 'respondents.csv'), respondentsCsv(data));
  writeFileSync(path.join(dir, 'households.csv'), householdsCsv(data));
  writeFileSync(path.join(dir, 'children.csv'), childrenCsv(data));
  return dir;
}
