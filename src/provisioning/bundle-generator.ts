import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CsvFileWriter } from '../import/csv-writer';
import { codesOf } from '../questionnaire/code-list';
import {
  CAREGIVER,
  DISCRIMINATION_REASON,
  DOCUMENT_USED,
  EDUCATION_LEVEL,
  MARITAL_STATUS,
  PTP_STATUS,
  REASON_FOR_LEAVING,
  SCHOOL_LEVEL,
} from '../questionnaire/code-lists';
import type { Question, Sheet } from '../questionnaire/question';
import { CHOICE_QUESTIONS, questionsOf } from '../questionnaire/registry';
import { sheetColumns, syntheticAnswer } from './synthetic-answers';

/**
 * Deterministic generator of valid round bundles of any size, for `dtm-hub bundle generate`, the
 * import benchmark and the import tests. Rows are produced one respondent at a time (never held in memory) and follow every
 * rule of the format, so any violation a test wants is one it introduces itself.
 */

export interface GeneratorOptions {
  respondents: number;
  country?: string;
  number?: number;
  seed?: number;
}

export interface GeneratedRespondent {
  respondent: Record<string, string>;
  household: Record<string, string>;
  children: Record<string, string>[];
}

export const SURVEY_POINTS = [
  { code: 'cebaf_tumbes', name: 'CEBAF Tumbes', kind: 'border_control_point', direction: 'entry', admin1Pcode: 'PE24', borderWith: 'ECU' },
  { code: 'santa_rosa_tacna', name: 'Complejo Fronterizo Santa Rosa', kind: 'border_control_point', direction: 'exit', admin1Pcode: 'PE23', borderWith: 'CHL' },
  { code: 'lima_plaza_norte', name: 'Terminal Plaza Norte, Lima', kind: 'bus_terminal', direction: 'both', admin1Pcode: 'PE15', borderWith: null },
  { code: 'lima_centro', name: 'Lima, city centre', kind: 'urban_flow_point', direction: 'both', admin1Pcode: 'PE15', borderWith: null },
];

export function roundJson(opts: GeneratorOptions): Record<string, unknown> {
  const number = opts.number ?? 99;
  return {
    country: opts.country ?? 'PER',
    number,
    name: `Generated flow monitoring round ${number} (${opts.respondents} respondents)`,
    fieldworkStart: '2018-10-01',
    fieldworkEnd: '2018-11-30',
    publishedOn: '2019-01-15',
    dataKind: 'synthetic_calibrated',
    caveat: 'Generated rows for tests and benchmarks; not IOM microdata.',
    sourceUrl: 'https://example.org/dtm/generated',
    surveyPoints: SURVEY_POINTS,
  };
}

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATES = ['Distrito Capital', 'Zulia', 'Carabobo', 'Lara', 'Táchira', 'Aragua', 'Anzoátegui', 'Bolívar', 'VE15', 'Mérida'];
const REGIONS = ['Lima', 'Arequipa', 'La Libertad', 'Tumbes', 'Piura', 'PE07', 'Cusco'];
const MARITAL = codesOf(MARITAL_STATUS);
const EDUCATION = codesOf(EDUCATION_LEVEL);
const REASONS = codesOf(REASON_FOR_LEAVING);
const TRANSIT = ['col;ecu', 'col;ecu', 'col', 'col;ecu;per', 'bra', ''];
const DOCUMENTS = codesOf(DOCUMENT_USED);
const PTP = codesOf(PTP_STATUS);
const DESTINATIONS = ['PER', 'PER', 'PER', 'CHL', 'ARG', 'ECU'];
const VIOLENCE = ['', '', '', 'verbal', 'robbery', 'verbal;physical', 'sexual'];
const DISCRIMINATION = codesOf(DISCRIMINATION_REASON);
const SCHOOL = codesOf(SCHOOL_LEVEL);
const CAREGIVERS = codesOf(CAREGIVER);

const pad = (n: number) => String(n).padStart(7, '0');

/** The columns this generator writes itself; the questionnaire's other columns get synthetic answers. */
const PRODUCED: Record<Sheet, readonly string[]> = {
  respondents: [
    'respondent_id', 'survey_point', 'interview_date', 'sex', 'age', 'nationality', 'marital_status', 'origin_state',
    'education_level', 'employed_before_leaving', 'reason_for_leaving', 'travel_days', 'trip_cost_usd', 'transit_countries',
    'document_used', 'ptp_status', 'destination_country', 'destination_region', 'stayed_over_30_days', 'months_in_country',
    'worked_in_country', 'monthly_income_usd', 'discriminated', 'discrimination_reason', 'violence_types',
  ],
  households: ['household_id', 'respondent_id', 'travelling_size', 'travelling_children', 'members_in_venezuela', 'children_in_venezuela'],
  children: ['child_id', 'household_id', 'status', 'sex', 'age', 'school_level', 'attending_school', 'emotional_changes', 'caregiver'],
};

/** Columns of each sheet, in the questionnaire's order. */
export const COLUMNS: Record<Sheet, string[]> = {
  respondents: questionsOf('respondents').map((q) => q.column),
  households: questionsOf('households').map((q) => q.column),
  children: questionsOf('children').map((q) => q.column),
};

export function* generateRespondents(opts: GeneratorOptions): Generator<GeneratedRespondent> {
  const rand = prng(opts.seed ?? 20181101);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const yn = (p = 0.5) => (rand() < p ? 'yes' : 'no');
  const blank = (p: number, v: () => string) => (rand() < p ? '' : v());
  // The questions this generator does not answer itself, each from its own stream (syntheticShares).
  const synthetic = Object.fromEntries(
    (['respondents', 'households', 'children'] as const).map((sheet) => [sheet, sheetColumns(sheet, PRODUCED[sheet]).synthetic]),
  ) as Record<Sheet, Question[]>;
  const streams = new Map(Object.values(synthetic).flat().map((q, i) => [q, prng((opts.seed ?? 20181101) + 7919 * (i + 1))]));
  const fill = (sheet: Sheet, row: Record<string, string>) => {
    for (const q of synthetic[sheet]) row[q.column] = syntheticAnswer(q, streams.get(q)!);
    return row;
  };
  let childNo = 0;
  for (let i = 1; i <= opts.respondents; i++) {
    const day = int(0, 60);
    const date = new Date(Date.UTC(2018, 9, 1 + day)).toISOString().slice(0, 10);
    const destination = pick(DESTINATIONS);
    const stayed = yn(0.4);
    const worked = blank(0.1, () => yn(0.6));
    const discriminated = stayed === 'yes' ? blank(0.05, () => yn(0.35)) : '';
    const id = `r${pad(i)}`;
    const respondent: Record<string, string> = {
      respondent_id: id,
      survey_point: pick(SURVEY_POINTS).code,
      interview_date: date,
      sex: rand() < 0.55 ? 'male' : 'female',
      age: String(int(18, 75)),
      nationality: rand() < 0.97 ? 'VEN' : 'COL',
      marital_status: blank(0.05, () => pick(MARITAL)),
      origin_state: blank(0.05, () => pick(STATES)),
      education_level: blank(0.05, () => pick(EDUCATION)),
      employed_before_leaving: blank(0.05, () => yn(0.7)),
      reason_for_leaving: blank(0.05, () => pick(REASONS)),
      travel_days: blank(0.1, () => String(int(1, 40))),
      trip_cost_usd: blank(0.1, () => (int(2000, 90000) / 100).toFixed(2)),
      transit_countries: pick(TRANSIT),
      document_used: blank(0.05, () => pick(DOCUMENTS)),
      ptp_status: blank(0.2, () => pick(PTP)),
      destination_country: destination,
      destination_region: destination === 'PER' ? blank(0.1, () => pick(REGIONS)) : '',
      stayed_over_30_days: stayed,
      months_in_country: blank(0.2, () => (int(0, 240) / 10).toFixed(1)),
      worked_in_country: worked,
      monthly_income_usd: worked === 'yes' ? blank(0.1, () => String(int(100, 900))) : '',
      discriminated,
      discrimination_reason: discriminated === 'yes' ? blank(0.1, () => pick(DISCRIMINATION)) : '',
      violence_types: pick(VIOLENCE),
    };
    const size = int(1, 5);
    const travelling = int(0, size - 1);
    const members = int(0, 6);
    const left = members === 0 ? 0 : int(0, Math.min(members, 3));
    const hid = `h${pad(i)}`;
    const household = {
      household_id: hid,
      respondent_id: id,
      travelling_size: String(size),
      travelling_children: String(travelling),
      members_in_venezuela: String(members),
      children_in_venezuela: String(left),
    };
    const children: Record<string, string>[] = [];
    for (let k = 0; k < travelling + left; k++) {
      const isTravelling = k < travelling;
      children.push({
        child_id: `c${pad(++childNo)}`,
        household_id: hid,
        status: isTravelling ? 'travelling' : 'left_in_venezuela',
        sex: rand() < 0.5 ? 'male' : 'female',
        age: String(int(0, 17)),
        school_level: blank(0.2, () => pick(SCHOOL)),
        attending_school: blank(0.2, () => yn(0.5)),
        emotional_changes: blank(0.3, () => yn(0.3)),
        caregiver: isTravelling ? '' : blank(0.1, () => pick(CAREGIVERS)),
      });
    }
    yield { respondent: fill('respondents', respondent), household: fill('households', household), children: children.map((c) => fill('children', c)) };
  }
}

export interface GeneratedCounts {
  respondents: number;
  households: number;
  children: number;
  choices: number;
}

/** Writes a folder bundle (round.json + three CSV files) and returns its row counts. */
export async function writeGeneratedBundle(dir: string, opts: GeneratorOptions): Promise<GeneratedCounts> {
  mkdirSync(dir, { recursive: true });
  await writeFile(path.join(dir, 'round.json'), `${JSON.stringify(roundJson(opts), null, 2)}\n`);
  const r = new CsvFileWriter(path.join(dir, 'respondents.csv'), COLUMNS.respondents);
  const h = new CsvFileWriter(path.join(dir, 'households.csv'), COLUMNS.households);
  const c = new CsvFileWriter(path.join(dir, 'children.csv'), COLUMNS.children);
  const counts: GeneratedCounts = { respondents: 0, households: 0, children: 0, choices: 0 };
  for (const g of generateRespondents(opts)) {
    await r.write(g.respondent);
    await h.write(g.household);
    for (const child of g.children) await c.write(child);
    counts.respondents += 1;
    counts.households += 1;
    counts.children += g.children.length;
    for (const q of CHOICE_QUESTIONS) counts.choices += countChoices(g.respondent[q.column]);
  }
  await Promise.all([r.close(), h.close(), c.close()]);
  return counts;
}

function countChoices(v: string): number {
  return v === '' ? 0 : v.split(';').length;
}
