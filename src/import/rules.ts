import { codesOf } from '../questionnaire/code-list';
import type { Question, Sheet } from '../questionnaire/question';
import { questionsOf, SHEETS } from '../questionnaire/registry';
import { hasOwnRecordKey, unitDeclaration, unitOfSheet } from '../questionnaire/units';

/**
 * The column rules of the row sheets, derived from the questionnaire (src/questionnaire/): its
 * units (questionnaire/units.ts) give each sheet's table and the sheet its rows reference, its
 * questions the columns. The validator checks a row with them, the writer stores the row with
 * them, and the exporter writes it back with them. Changing a column of the format is changing
 * its question.
 */

export type TableSheet = Sheet;
export const TABLE_SHEETS: readonly TableSheet[] = SHEETS;

export type CellType =
  /** The row's own id: text of at most 80 characters, unique in the bundle. */
  | { kind: 'id' }
  /** The id of a row of another sheet. */
  | { kind: 'ref'; sheet: TableSheet }
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
  /** Name, p-code or ISO 3166-2 code of an admin-1 area of the country in another column of the row. */
  | { kind: 'admin1-of'; countryColumn: string }
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
  | { kind: 'choice'; question: string };

export interface ColumnRule {
  column: string;
  /** Names older bundles used for the column, accepted in headers. */
  aliases?: readonly string[];
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
  /** Whether its rows carry a record key (`record_key`, the cell-key method counts them). */
  keyed: boolean;
  idColumn: string;
  columns: ColumnRule[];
}

/** What a question's answer accepts, as the validator checks it. */
function cellType(q: Question): CellType {
  const a = q.answer;
  switch (a.kind) {
    case 'enum':
      return { kind: 'code', codes: codesOf(a.list) };
    case 'multi-select':
      return a.options === 'countries' ? { kind: 'countries' } : { kind: 'codes', codes: codesOf(a.options) };
    case 'place':
      return { kind: 'admin1', country: a.country };
    case 'place-in':
      return { kind: 'admin1-of', countryColumn: a.countryColumn };
    case 'decimal':
      return { kind: 'number', min: a.min, max: a.max };
    default:
      return a;
  }
}

/** Where a question's answer is stored. */
function storage(q: Question): Storage {
  if (q.answer.kind === 'id') return { kind: 'own-id' };
  if (q.answer.kind === 'multi-select') return { kind: 'choice', question: q.answer.choice };
  if (!q.dbColumn) throw new Error(`question ${q.sheet}.${q.column} has no database column`);
  if (q.answer.kind === 'ref' || q.answer.kind === 'survey-point') return { kind: 'ref-id', column: q.dbColumn };
  return { kind: 'column', column: q.dbColumn };
}

/** The column rule of one question. */
function columnRule(q: Question): ColumnRule {
  const { column, aliases, required, onlyWhen, lessThan, atMost, withinFieldwork } = q;
  return { column, aliases, required, type: cellType(q), store: storage(q), onlyWhen, lessThan, atMost, withinFieldwork };
}

/**
 * The reference of a sheet's row to its parent's, from the unit declaration; its question must
 * name the same sheet and store the parent's column (a programming error otherwise).
 */
function parentReference(q: Question): CellType {
  const parent = unitDeclaration(unitOfSheet(q.sheet)).parent;
  const sheet = parent && unitDeclaration(parent.unit).sheet;
  if (!parent || q.answer.kind !== 'ref' || q.answer.sheet !== sheet || q.dbColumn !== parent.column) {
    throw new Error(`question ${q.sheet}.${q.column} does not reference the parent its unit declares (${sheet ?? 'none'}, ${parent?.column ?? '-'})`);
  }
  return { kind: 'ref', sheet };
}

/** The rules of a sheet, derived from its unit and its questions in column order. */
function sheetRules(sheet: TableSheet): SheetRules {
  const questions = questionsOf(sheet);
  const unit = unitOfSheet(sheet);
  const id = questions.find((q) => q.answer.kind === 'id');
  if (!id) throw new Error(`the questionnaire has no id column in ${sheet}, the sheet of the unit ${unit}`);
  return {
    sheet,
    file: `${sheet}.csv`,
    table: unitDeclaration(unit).table,
    keyed: hasOwnRecordKey(unit),
    idColumn: id.column,
    columns: questions.map((q) => (q.answer.kind === 'ref' ? { ...columnRule(q), type: parentReference(q) } : columnRule(q))),
  };
}

export const SHEET_RULES = Object.fromEntries(SHEETS.map((s) => [s, sheetRules(s)])) as Record<TableSheet, SheetRules>;

export const RESPONDENT_RULES: SheetRules = SHEET_RULES.respondents;
export const HOUSEHOLD_RULES: SheetRules = SHEET_RULES.households;
export const CHILD_RULES: SheetRules = SHEET_RULES.children;

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
    case 'admin1-of':
      return `an admin-1 area (name, p-code or ISO 3166-2 code) of the country in ${type.countryColumn}`;
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
