import type { CodeList } from './code-list';
import type { Text } from './text';
import type { Sheet, UnitName } from './units';

export type { Sheet };

/** What kind of answer a question takes; the import rule, the GraphQL type and the filter follow from it. */
export type AnswerKind =
  /** The row's own id in the bundle. */
  | { kind: 'id' }
  /** The id of a row of another sheet. */
  | { kind: 'ref'; sheet: 'respondents' | 'households' }
  /** One of the round's survey point codes. */
  | { kind: 'survey-point' }
  /** One code of a closed list, stored as `varchar(length)`: the length is the column's, fixed by its migration. */
  | { kind: 'enum'; list: CodeList; length: number }
  /** Several codes separated by `;`, stored one `respondent_choice` row each under `choice`. */
  | { kind: 'multi-select'; options: CodeList | 'countries'; choice: string }
  /** ISO 3166-1 alpha-3 code of a country. */
  | { kind: 'country' }
  /** An admin-1 area of a country, by name, p-code or ISO 3166-2 code. */
  | { kind: 'place'; country: 'VEN' | 'PER' }
  /** An admin-1 area of the country another column of the row names (e.g. `destination_country`). */
  | { kind: 'place-in'; countryColumn: string }
  | { kind: 'integer'; min: number; max?: number }
  | { kind: 'decimal'; min: number; max: number }
  | { kind: 'date' }
  | { kind: 'yes-no' };

/** A band of an integer answer, for a stats dimension: codes by inclusive bounds. */
export interface Band {
  code: string;
  label: Text;
  min?: number;
  max?: number;
}

/**
 * The fixed classification public callers filter a range by: each class runs from its lower bound
 * to one below the next class's lower bound, the last one to the filter's maximum.
 */
export interface PublicClasses {
  /** Lower bounds of the classes, ascending. */
  lowerBounds: readonly number[];
  /** The stats dimension that groups by these classes (or by coarser ones), named in suggestions. */
  dimension: string;
  /**
   * Ranges of several classes that published reports use and public callers may filter by too
   * (e.g. children aged 3-17, whose schooling the reports give), as [lowest, highest].
   */
  reportingRanges?: readonly (readonly [number, number])[];
}

/** The lower bounds of an integer's bands: a band without a lower bound starts at `lowest`. */
export function bandLowerBounds(bands: readonly Band[], lowest: number): number[] {
  return bands.map((b) => b.min ?? lowest);
}

/** How a question filters the list and stats queries. */
export type FilterSpec =
  /** `field` equals the answer (codes, booleans; country codes and p-codes upper-cased); `deprecatedField` is an old name kept for one release. */
  | { match: 'equal'; field: string; description: string; deprecatedField?: string }
  /**
   * `<field>Min` / `<field>Max`, inclusive, within the given bounds. Partners may give any range;
   * public callers one class of `classes` or one of its reporting ranges (docs/aggregation.md,
   * "Disclosure rules").
   */
  | { match: 'range'; field: string; min: number; max: number; noun: string; classes: PublicClasses }
  /** `field: true` keeps answers above 0, `false` answers equal to 0. */
  | { match: 'positive'; field: string; description: string }
  /** The multi-select answer includes this code. */
  | { match: 'selected'; field: string; description: string };

/** A stats dimension the question provides. Several questions may feed one dimension (SEX of respondents and of children). */
export interface DimensionSpec {
  name: string;
  /** An old name of the dimension, still accepted for one release (deprecated in the schema). */
  deprecatedName?: string;
  /** Bands of an integer answer; absent: the answer's own codes. */
  bands?: readonly Band[];
  /** Header and GraphQL description of the dimension, given once, on its first question. */
  label?: Text;
  description?: string;
  hxl?: string;
  /** The stats units this question's answer applies to; default: those of the question's sheet. */
  units?: readonly UnitName[];
}

/** A stats measure (n, mean, median, min, max) the question provides. */
export interface MeasureSpec {
  name: string;
  /** An old name of the measure, still accepted for one release (deprecated in the schema). */
  deprecatedName?: string;
  label?: Text;
  description?: string;
  hxl?: string;
  units?: readonly UnitName[];
}

/**
 * One question of the flow-monitoring questionnaire: where it is in a bundle, where it is stored,
 * what it accepts, how Sandbox describes it, and whether it filters, groups or is summarised.
 * Everything else (GraphQL enums, filters, dimensions, measures, import rules, export columns)
 * is derived from these entries.
 */
export interface Question {
  sheet: Sheet;
  /** Column of the bundle's CSV sheet, e.g. `education_level`; also the question's code. */
  column: string;
  /** Column names older bundles used for the same question. */
  aliases?: readonly string[];
  /** Database column; `null` for multi-select answers (stored in `respondent_choice`). */
  dbColumn: string | null;
  /** GraphQL field of the row type, when the question is one. */
  field?: string;
  /** An old name of the row type's field, kept for one release (deprecated in the schema). */
  deprecatedField?: string;
  answer: AnswerKind;
  required: boolean;
  /** CSV header and what the question is called. */
  label: Text;
  /** What Sandbox shows for the row type's field (English). */
  description?: string;
  /** The question is only asked when another column of the row has this value. */
  onlyWhen?: { column: string; equals: string | boolean };
  /** The value must be smaller than another column of the row. */
  lessThan?: string;
  /** The value must not exceed another column of the row. */
  atMost?: string;
  /** The date must fall within the round's fieldwork period. */
  withinFieldwork?: boolean;
  filters?: readonly FilterSpec[];
  dimensions?: readonly DimensionSpec[];
  measure?: MeasureSpec;
  /**
   * For the synthetic seeds, when no published figure fixes the distribution: the share (%) of
   * respondents choosing each code, drawn independently. Documented in docs/seeds.md.
   */
  syntheticShares?: Readonly<Record<string, number>>;
}

/** A question's identity across the registry: `sheet.column`, e.g. `respondents.age`. */
export const questionKey = (q: Pick<Question, 'sheet' | 'column'>): string => `${q.sheet}.${q.column}`;
