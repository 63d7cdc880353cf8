import { CHILD_QUESTIONS } from './child-questions';
import { HOUSEHOLD_QUESTIONS } from './household-questions';
import type { Question, Sheet } from './question';
import { RESPONDENT_QUESTIONS } from './respondent-questions';
import { UNIT_DECLARATIONS, UNIT_NAMES } from './units';

/** Every question of the questionnaire, sheet by sheet, in column order: the one home of each. */
export const QUESTIONS: readonly Question[] = [...RESPONDENT_QUESTIONS, ...HOUSEHOLD_QUESTIONS, ...CHILD_QUESTIONS];

/**
 * The entries as written, each with its literal types (`as const`): the TypeScript types of the
 * entities' answers, of the filter fields and of the dimension and measure names derive from them.
 */
export type QuestionEntry = (typeof RESPONDENT_QUESTIONS | typeof HOUSEHOLD_QUESTIONS | typeof CHILD_QUESTIONS)[number];

export const SHEETS: readonly Sheet[] = UNIT_NAMES.map((u) => UNIT_DECLARATIONS[u].sheet);

export const questionsOf = (sheet: Sheet): readonly Question[] => QUESTIONS.filter((q) => q.sheet === sheet);

/** The question of a sheet's column; throws on a column the questionnaire does not have (a programming error). */
export function question(sheet: Sheet, column: string): Question {
  const q = QUESTIONS.find((x) => x.sheet === sheet && x.column === column);
  if (!q) throw new Error(`the questionnaire has no column ${column} in ${sheet}`);
  return q;
}

/** The multi-select questions, by the code stored in `respondent_choice.question`. */
export const CHOICE_QUESTIONS: readonly (Question & { answer: { kind: 'multi-select' } })[] = QUESTIONS.filter(
  (q): q is Question & { answer: { kind: 'multi-select' } } => q.answer.kind === 'multi-select',
);
