import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { Child, RoundData } from './build';
import { caveat, SURVEY_POINTS } from './rounds';
import { Rng } from './random';
import type { Sheet } from '../../src/questionnaire/question';
import { questionsOf } from '../../src/questionnaire/registry';
import { sheetColumns, syntheticAnswer } from '../../src/provisioning/synthetic-answers';

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

/** One row of a sheet in the questionnaire's column order: the generator's calibrated values, then the synthetic answers. */
function rows<T>(sheet: Sheet, items: readonly T[], calibrated: (item: T) => Record<string, Cell>, seed: string): { columns: string[]; rows: Cell[][] } {
  const values = items.map(calibrated);
  const { columns, synthetic } = values.length ? sheetColumns(sheet, Object.keys(values[0])) : { columns: questionsOf(sheet).map((q) => q.column), synthetic: [] };
  for (const q of synthetic) {
    // One stream per question and round: the calibrated columns stay exactly as they were.
    const rng = new Rng(`${seed}:${q.column}`);
    for (const v of values) v[q.column] = syntheticAnswer(q, () => rng.float());
  }
  return { columns, rows: values.map((v) => columns.map((c) => v[c])) };
}

const respondentValues = (r: RoundData['respondents'][number]): Record<string, Cell> => ({
  respondent_id: r.id,
  survey_point: r.point,
  interview_date: r.interviewDate,
  sex: r.sex,
  age: r.age,
  nationality: r.nationality,
  marital_status: r.maritalStatus,
  origin_state: r.originState,
  education_level: r.educationLevel,
  employed_before_leaving: r.employedBeforeLeaving,
  reason_for_leaving: r.reasonForLeaving,
  travel_days: r.travelDays,
  trip_cost_usd: r.tripCostUsd,
  transit_countries: r.transitCountries.join(';'),
  document_used: r.documentUsed,
  ptp_status: r.ptpStatus,
  destination_country: r.destinationCountry,
  destination_region: r.destinationRegion,
  stayed_over_30_days: r.stayedOver30Days,
  months_in_country: r.monthsInPeru,
  worked_in_country: r.workedInPeru,
  monthly_income_usd: usd(r.monthlyIncomeCents),
  discriminated: r.discriminated,
  discrimination_reason: r.discriminationReason,
  violence_types: r.violenceTypes.join(';'),
});

export function respondentsCsv(data: RoundData): string {
  const sheet = rows('respondents', data.respondents, respondentValues, `per-${data.plan.number}`);
  return csv(sheet.columns, sheet.rows);
}

export function householdsCsv(data: RoundData): string {
  const sheet = rows(
    'households',
    data.households,
    (h) => ({
      household_id: h.id,
      respondent_id: h.respondentId,
      travelling_size: 1 + h.otherAdults + h.travelling.length,
      travelling_children: h.travelling.length,
      members_in_venezuela: h.membersInVenezuela,
      children_in_venezuela: h.leftInVenezuela.length,
    }),
    `per-${data.plan.number}`,
  );
  return csv(sheet.columns, sheet.rows);
}

export function childrenCsv(data: RoundData): string {
  const children = data.households.flatMap((h) => [...h.travelling, ...h.leftInVenezuela].map((c) => ({ householdId: h.id, c })));
  const sheet = rows(
    'children',
    children,
    ({ householdId, c }: { householdId: string; c: Child }) => ({
      child_id: c.id,
      household_id: householdId,
      status: c.status,
      sex: c.sex,
      age: c.age,
      school_level: c.schoolLevel,
      attending_school: c.attendingSchool,
      emotional_changes: c.emotionalChanges,
      caregiver: c.caregiver,
    }),
    `per-${data.plan.number}`,
  );
  return csv(sheet.columns, sheet.rows);
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
