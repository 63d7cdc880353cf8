import type { Question, Sheet } from '../questionnaire/question';
import { questionsOf } from '../questionnaire/registry';

/**
 * Answers to questions that no published figure calibrates, for the synthetic seeds and the
 * generated benchmark bundles: each code of a multi-select question is chosen independently with
 * its `syntheticShares` percentage; a single-answer question gets one code drawn by those weights.
 * `draw` is the generator's own seeded uniform [0, 1), one stream per question, so adding a
 * question leaves every other column of a generated bundle as it was.
 */
export function syntheticAnswer(q: Question, draw: () => number): string {
  const shares = Object.entries(q.syntheticShares ?? {});
  if (shares.length === 0) throw new Error(`question ${q.sheet}.${q.column} has no syntheticShares: the generator cannot invent its answers`);
  if (q.answer.kind === 'multi-select') return shares.filter(([, pct]) => draw() * 100 < pct).map(([code]) => code).join(';');
  const total = shares.reduce((s, [, w]) => s + w, 0);
  let x = draw() * total;
  for (const [code, w] of shares) {
    if (x < w) return code;
    x -= w;
  }
  return shares[shares.length - 1][0];
}

/**
 * The columns of a sheet, in the questionnaire's order, and those of them a generator does not
 * produce itself: each must have `syntheticShares` (checked here, so that a new question cannot
 * silently stay empty in the seeds).
 */
export function sheetColumns(sheet: Sheet, produced: readonly string[]): { columns: string[]; synthetic: Question[] } {
  const questions = questionsOf(sheet);
  const synthetic = questions.filter((q) => !produced.includes(q.column));
  for (const q of synthetic) if (!q.syntheticShares) throw new Error(`the generator has no answers for ${q.sheet}.${q.column}: give the question syntheticShares`);
  const unknown = produced.filter((c) => !questions.some((q) => q.column === c));
  if (unknown.length) throw new Error(`the generator writes columns the questionnaire does not have: ${unknown.join(', ')}`);
  return { columns: questions.map((q) => q.column), synthetic };
}
