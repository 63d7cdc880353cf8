import DataLoader from 'dataloader';
import type { Reads } from '../../db/read-session';
import { WhereBuilder } from '../../common/where-builder';
import { type Question, questionKey } from '../../questionnaire/question';
import { CHOICE_QUESTIONS, QUESTIONS, SHEETS } from '../../questionnaire/registry';
import { type Sheet, unitDeclaration, unitOfSheet } from '../../questionnaire/units';

/** Questions proper: not the row's id, its parent's id or its survey point (every row has those). */
const ASKED = (q: Question) => q.answer.kind !== 'id' && q.answer.kind !== 'ref' && q.answer.kind !== 'survey-point';

/** The column questions of each sheet, in registry order. */
const COLUMN_QUESTIONS: ReadonlyMap<Sheet, readonly Question[]> = new Map(
  SHEETS.map((s) => [s, QUESTIONS.filter((q) => q.sheet === s && q.dbColumn !== null && ASKED(q))]),
);

/** The questions a round asked, by sheet (the registry's groups), in registry order. */
export type AskedQuestions = ReadonlyMap<Sheet, readonly string[]>;

/**
 * Which questions each round asked: those with at least one answer among its rows. One grouped
 * statement per sheet counts the answers of every column question of the batch's rounds, and one
 * lists the multi-select questions answered (`respondent_choice`). The database scans the rounds'
 * rows once per sheet, as a stats query without `groupBy` does.
 */
export function createCoverageLoaders(db: Reads) {
  return {
    questionsAskedByRoundId: new DataLoader<string, AskedQuestions>(async (roundIds) => {
      const asked = new Map<string, Set<string>>(roundIds.map((id) => [id, new Set()]));
      await db.run(async (m) => {
        for (const [sheet, questions] of COLUMN_QUESTIONS) {
          const alias = unitDeclaration(unitOfSheet(sheet)).alias;
          const where = new WhereBuilder();
          let qb = m
            .createQueryBuilder()
            .from(unitDeclaration(unitOfSheet(sheet)).table, alias)
            .select(`${alias}.round_id`, 'roundId')
            .where(`${alias}.round_id IN (${roundIds.map((id) => where.bind(id)).join(', ')})`)
            .groupBy(`${alias}.round_id`);
          questions.forEach((q, i) => (qb = qb.addSelect(`COUNT(${alias}.${q.dbColumn})`, `q${i}`)));
          for (const row of await qb.setParameters(where.params).getRawMany<Record<string, unknown>>()) {
            questions.forEach((q, i) => Number(row[`q${i}`]) > 0 && asked.get(String(row.roundId))?.add(questionKey(q)));
          }
        }
        const where = new WhereBuilder();
        const choices = await m
          .createQueryBuilder()
          .from('respondent_choice', 'rc')
          .select('rc.round_id', 'roundId')
          .addSelect('rc.question', 'question')
          .distinct(true)
          .where(`rc.round_id IN (${roundIds.map((id) => where.bind(id)).join(', ')})`)
          .setParameters(where.params)
          .getRawMany<{ roundId: string; question: string }>();
        for (const c of choices) {
          const q = CHOICE_QUESTIONS.find((x) => x.answer.choice === c.question);
          if (q) asked.get(c.roundId)?.add(questionKey(q));
        }
      });
      return roundIds.map((id) => {
        const keys = asked.get(id)!;
        return new Map(SHEETS.map((s) => [s, QUESTIONS.filter((q) => q.sheet === s && keys.has(questionKey(q))).map(questionKey)]));
      });
    }),
  };
}
