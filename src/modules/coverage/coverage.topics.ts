import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import type { Reads } from '../../db/read-session';
import { WhereBuilder } from '../../common/where-builder';
import { type Question, questionKey } from '../../questionnaire/question';
import { CHOICE_QUESTIONS, QUESTIONS, SHEETS } from '../../questionnaire/registry';
import { type Sheet, type UnitName, unitDeclaration, unitOfSheet } from '../../questionnaire/units';

/** Questions proper: not the row's id, its parent's id or its survey point (every row has those). */
const ASKED = (q: Question) => q.answer.kind !== 'id' && q.answer.kind !== 'ref' && q.answer.kind !== 'survey-point';

/** One statement's probes: each question and the SQL that finds an answer to it among a round's rows (`ro.id`). */
type Probes = readonly { question: Question; unit: UnitName; choice?: boolean; answered: (where: WhereBuilder) => string }[];

/** A probe per column question of each sheet, and one per multi-select question; in registry order. */
const PROBES: readonly Probes[] = [
  ...SHEETS.map((sheet: Sheet) => {
    const { table, alias } = unitDeclaration(unitOfSheet(sheet));
    return QUESTIONS.filter((q) => q.sheet === sheet && q.dbColumn !== null && ASKED(q)).map((question) => ({
      question,
      unit: unitOfSheet(sheet),
      answered: () => `SELECT 1 FROM ${table} ${alias} WHERE ${alias}.round_id = ro.id AND ${alias}.${question.dbColumn} IS NOT NULL`,
    }));
  }),
  CHOICE_QUESTIONS.map((question) => ({
    question,
    unit: unitOfSheet(question.sheet),
    choice: true,
    answered: (where: WhereBuilder) => `SELECT 1 FROM respondent_choice rc WHERE rc.round_id = ro.id AND rc.question = ${where.bind(question.answer.choice)}`,
  })),
];

/**
 * What the topics of an answer's rounds read, for the cost model: one statement per entry, and,
 * at worst (a round that answers none of them), a scan of the unit's rows per probe (of the
 * respondents' choices for a multi-select question).
 */
export const TOPIC_STATEMENTS: readonly { probes: readonly { unit: UnitName; choice: boolean }[] }[] = PROBES.map((probes) => ({
  probes: probes.map((p) => ({ unit: p.unit, choice: p.choice === true })),
}));

/**
 * For each round, whether each probe finds an answer: one statement. EXISTS stops at the first
 * answer (the round_id index leads to the round's rows), so only a question no row of a round
 * answers makes the database read that round's rows for it.
 */
async function probe(m: EntityManager, roundIds: readonly string[], probes: Probes, asked: Map<string, Set<string>>): Promise<void> {
  const where = new WhereBuilder();
  const qb = m
    .createQueryBuilder()
    .from('round', 'ro')
    .select('ro.id', 'roundId')
    .where(`ro.id IN (${roundIds.map((id) => where.bind(id)).join(', ')})`);
  probes.forEach((p, i) => qb.addSelect(`CASE WHEN EXISTS (${p.answered(where)}) THEN 1 ELSE 0 END`, `q${i}`));
  for (const row of await qb.setParameters(where.params).getRawMany<Record<string, unknown>>()) {
    probes.forEach((p, i) => Number(row[`q${i}`]) > 0 && asked.get(String(row.roundId))?.add(questionKey(p.question)));
  }
}

/** The questions a round asked, by sheet (the registry's groups), in registry order. */
export type AskedQuestions = ReadonlyMap<Sheet, readonly string[]>;

/**
 * Which questions each round asked: those with at least one answer among its rows. One statement
 * per sheet, and one for the multi-select questions (`respondent_choice`), for the whole batch.
 */
export function createCoverageLoaders(db: Reads) {
  return {
    questionsAskedByRoundId: new DataLoader<string, AskedQuestions>(async (roundIds) => {
      const asked = new Map<string, Set<string>>(roundIds.map((id) => [id, new Set()]));
      await db.run(async (m) => {
        for (const probes of PROBES) await probe(m, roundIds, probes, asked);
      });
      return roundIds.map((id) => {
        const keys = asked.get(id)!;
        return new Map(SHEETS.map((s) => [s, QUESTIONS.filter((q) => q.sheet === s && keys.has(questionKey(q))).map(questionKey)]));
      });
    }),
  };
}
