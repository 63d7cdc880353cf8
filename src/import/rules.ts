import { enumCodes } from '../common/enum';
import { Caregiver, ChildStatus, SchoolLevel } from '../modules/child/child.enums';
import {
  ChoiceQuestion,
  DiscriminationReason,
  DocumentUsed,
  EducationLevel,
  MaritalStatus,
  PtpStatus,
  ReasonForLeaving,
  Sex,
  ViolenceType,
} from '../modules/respondent/respondent.enums';

/**
 * The column rules of the three row sheets, in one declarative table: the validator checks a row
 * with it, the writer stores the row with it, and the exporter writes it back with it. Changing a
 * column of the format is changing one entry here.
 */

export type TableSheet = 'respondents' | 'households' | 'children';
export const TABLE_SHEETS: readonly TableSheet[] = ['respondents', 'households', 'children'];

export type CellType =
  /** The row's own id: text of at most 80 characters, unique in the bundle. */
  | { kind: 'id' }
  /** The id of a row of another sheet. */
  | { kind: 'ref'; sheet: 'respondents' | 'households' }
  /** One of the round's survey point codes. */
  | { kind: 'survey-point' }
  | { kind: 'code'; codes: readonly string[] }
  /** Multi-select: codes separated by `;`. */
  | { kind: 'codes'; codes: readonly string[] }
  /** ISO 3166-1 alpha-3 code of a country known to the hub. */
  | { kind: 'country' }
  | { kind: 'countries' }
  /** Name or p-code of an admin-1 area of the given country. */
  | { kind: 'admin1'; country: 'VEN' | 'PER' }
  | { kind: 'integer'; min: number; max?: number }
  | { kind: 'number'; min: number; max: number }
  | { kind: 'date' }
  | { kind: 'yes-no' };

export type Storage =
  /** `id` = `${roundId}:${value}` and `code` = value. */
  | { kind: 'own-id' }
  /** The id of the referenced row: `${roundId}:${value}` (codes lower-cased). */
  | { kind: 'ref-id'; column: string }
  | { kind: 'column'; column: string }
  /** One `respondent_choice` row per selected code. */
  | { kind: 'choice'; question: ChoiceQuestion };

export interface ColumnRule {
  column: string;
  required: boolean;
  type: CellType;
  store: Storage;
  /** The question is only asked when another column of the row has this value. */
  onlyWhen?: { column: string; equals: string | boolean };
  /** The value must be smaller than another column of the row. */
  lessThan?: string;
  /** The value must not exceed another column of the row. */
  atMost?: string;
  /** The date must fall within the round's fieldwork period. */
  withinFieldwork?: boolean;
}

export interface SheetRules {
  sheet: TableSheet;
  /** File name in a folder bundle. */
  file: string;
  table: string;
  idColumn: string;
  columns: ColumnRule[];
}

const col = (column: string): Storage => ({ kind: 'column', column });
const codes = (e: Record<string, string>): readonly string[] => enumCodes(e);

export const RESPONDENT_RULES: SheetRules = {
  sheet: 'respondents',
  file: 'respondents.csv',
  table: 'respondent',
  idColumn: 'respondent_id',
  columns: [
    { column: 'respondent_id', required: true, type: { kind: 'id' }, store: { kind: 'own-id' } },
    { column: 'survey_point', required: true, type: { kind: 'survey-point' }, store: { kind: 'ref-id', column: 'survey_point_id' } },
    { column: 'interview_date', required: true, type: { kind: 'date' }, store: col('interview_date'), withinFieldwork: true },
    { column: 'sex', required: true, type: { kind: 'code', codes: codes(Sex) }, store: col('sex') },
    { column: 'age', required: true, type: { kind: 'integer', min: 18, max: 100 }, store: col('age') },
    { column: 'nationality', required: true, type: { kind: 'country' }, store: col('nationality') },
    { column: 'marital_status', required: false, type: { kind: 'code', codes: codes(MaritalStatus) }, store: col('marital_status') },
    { column: 'origin_state', required: false, type: { kind: 'admin1', country: 'VEN' }, store: col('origin_state_pcode') },
    { column: 'education_level', required: false, type: { kind: 'code', codes: codes(EducationLevel) }, store: col('education_level') },
    { column: 'employed_before_leaving', required: false, type: { kind: 'yes-no' }, store: col('employed_before_leaving') },
    { column: 'reason_for_leaving', required: false, type: { kind: 'code', codes: codes(ReasonForLeaving) }, store: col('reason_for_leaving') },
    { column: 'travel_days', required: false, type: { kind: 'integer', min: 0, max: 365 }, store: col('travel_days') },
    { column: 'trip_cost_usd', required: false, type: { kind: 'number', min: 0, max: 20000 }, store: col('trip_cost_usd') },
    {
      column: 'transit_countries',
      required: false,
      type: { kind: 'countries' },
      store: { kind: 'choice', question: ChoiceQuestion.TRANSIT_COUNTRY },
    },
    { column: 'document_used', required: false, type: { kind: 'code', codes: codes(DocumentUsed) }, store: col('document_used') },
    { column: 'ptp_status', required: false, type: { kind: 'code', codes: codes(PtpStatus) }, store: col('ptp_status') },
    { column: 'destination_country', required: false, type: { kind: 'country' }, store: col('destination_country') },
    {
      column: 'destination_region',
      required: false,
      type: { kind: 'admin1', country: 'PER' },
      store: col('destination_region_pcode'),
      onlyWhen: { column: 'destination_country', equals: 'PER' },
    },
    { column: 'stayed_over_30_days', required: false, type: { kind: 'yes-no' }, store: col('stayed_over_30_days') },
    { column: 'months_in_peru', required: false, type: { kind: 'number', min: 0, max: 120 }, store: col('months_in_peru') },
    { column: 'worked_in_peru', required: false, type: { kind: 'yes-no' }, store: col('worked_in_peru') },
    {
      column: 'monthly_income_usd',
      required: false,
      type: { kind: 'number', min: 0, max: 20000 },
      store: col('monthly_income_usd'),
      onlyWhen: { column: 'worked_in_peru', equals: true },
    },
    {
      column: 'discriminated',
      required: false,
      type: { kind: 'yes-no' },
      store: col('discriminated'),
      onlyWhen: { column: 'stayed_over_30_days', equals: true },
    },
    {
      column: 'discrimination_reason',
      required: false,
      type: { kind: 'code', codes: codes(DiscriminationReason) },
      store: col('discrimination_reason'),
      onlyWhen: { column: 'discriminated', equals: true },
    },
    {
      column: 'violence_types',
      required: false,
      type: { kind: 'codes', codes: codes(ViolenceType) },
      store: { kind: 'choice', question: ChoiceQuestion.VIOLENCE_TYPE },
    },
  ],
};

export const HOUSEHOLD_RULES: SheetRules = {
  sheet: 'households',
  file: 'households.csv',
  table: 'household',
  idColumn: 'household_id',
  columns: [
    { column: 'household_id', required: true, type: { kind: 'id' }, store: { kind: 'own-id' } },
    { column: 'respondent_id', required: true, type: { kind: 'ref', sheet: 'respondents' }, store: { kind: 'ref-id', column: 'respondent_id' } },
    { column: 'travelling_size', required: true, type: { kind: 'integer', min: 1, max: 50 }, store: col('travelling_size') },
    {
      column: 'travelling_children',
      required: true,
      type: { kind: 'integer', min: 0 },
      store: col('travelling_children'),
      lessThan: 'travelling_size',
    },
    { column: 'members_in_venezuela', required: false, type: { kind: 'integer', min: 0 }, store: col('members_in_venezuela') },
    {
      column: 'children_in_venezuela',
      required: false,
      type: { kind: 'integer', min: 0 },
      store: col('children_in_venezuela'),
      atMost: 'members_in_venezuela',
    },
  ],
};

export const CHILD_RULES: SheetRules = {
  sheet: 'children',
  file: 'children.csv',
  table: 'child',
  idColumn: 'child_id',
  columns: [
    { column: 'child_id', required: true, type: { kind: 'id' }, store: { kind: 'own-id' } },
    { column: 'household_id', required: true, type: { kind: 'ref', sheet: 'households' }, store: { kind: 'ref-id', column: 'household_id' } },
    { column: 'status', required: true, type: { kind: 'code', codes: codes(ChildStatus) }, store: col('status') },
    { column: 'sex', required: true, type: { kind: 'code', codes: codes(Sex) }, store: col('sex') },
    { column: 'age', required: true, type: { kind: 'integer', min: 0, max: 17 }, store: col('age') },
    { column: 'school_level', required: false, type: { kind: 'code', codes: codes(SchoolLevel) }, store: col('school_level') },
    { column: 'attending_school', required: false, type: { kind: 'yes-no' }, store: col('attending_school') },
    { column: 'emotional_changes', required: false, type: { kind: 'yes-no' }, store: col('emotional_changes') },
    {
      column: 'caregiver',
      required: false,
      type: { kind: 'code', codes: codes(Caregiver) },
      store: col('caregiver'),
      onlyWhen: { column: 'status', equals: ChildStatus.LEFT_IN_VENEZUELA },
    },
  ],
};

export const SHEET_RULES: Record<TableSheet, SheetRules> = {
  respondents: RESPONDENT_RULES,
  households: HOUSEHOLD_RULES,
  children: CHILD_RULES,
};

/** Longest id the tables can hold once prefixed with the round id. */
export const MAX_ID_LENGTH = 80;

/** The database columns of a sheet's table, in insert order (choices go to `respondent_choice`). */
export function tableColumns(rules: SheetRules): string[] {
  const out = ['id', 'round_id', 'code'];
  for (const c of rules.columns) {
    if (c.store.kind === 'column' || c.store.kind === 'ref-id') out.push(c.store.column);
  }
  return out;
}

/** Human text of what a column accepts, used in violation messages and the docs. */
export function describeAllowed(type: CellType): string {
  switch (type.kind) {
    case 'id':
      return `a non-empty text of at most ${MAX_ID_LENGTH} characters, unique in the bundle`;
    case 'ref':
      return `the id of a row of ${type.sheet}`;
    case 'survey-point':
      return "one of the round's survey point codes";
    case 'code':
      return `one of ${type.codes.join(', ')}`;
    case 'codes':
      return `codes separated by ";", each one of ${type.codes.join(', ')}`;
    case 'country':
      return 'an ISO 3166-1 alpha-3 country code (e.g. VEN)';
    case 'countries':
      return 'ISO 3166-1 alpha-3 country codes separated by ";" (e.g. col;ecu)';
    case 'admin1':
      return type.country === 'VEN' ? 'a Venezuelan state (name or p-code)' : 'a Peruvian department (name or p-code)';
    case 'integer':
      return type.max === undefined ? `an integer ≥ ${type.min}` : `an integer from ${type.min} to ${type.max}`;
    case 'number':
      return `a number from ${type.min} to ${type.max} (decimal separator ".")`;
    case 'date':
      return 'a date written YYYY-MM-DD';
    case 'yes-no':
      return 'yes or no (also true/false, 1/0, si/sí)';
  }
}
