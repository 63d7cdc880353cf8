import type { Question } from '../questionnaire/question';
import { oneToOneUnits, unitDeclaration, unitOfSheet, unitsWithAtMostOne } from '../questionnaire/units';
import { Join, oneToOneJoins, StatsUnit } from './units';

/**
 * The SQL of a question's stored answer in a stats statement, with the joins it needs: a column of
 * its unit's table (`r`, `h`, `c`; a household's reached from its respondent by a LEFT JOIN), or
 * for a multi-select question the `code` of its `respondent_choice` rows (joined under an alias
 * made from `aliasHint`).
 */
export function answerSql(q: Question, aliasHint: string): { value: string; joins?: Join[] } {
  if (q.answer.kind === 'multi-select') {
    const alias = `ch_${aliasHint}`;
    const join = {
      alias,
      sql: `LEFT JOIN respondent_choice ${alias} ON ${alias}.respondent_id = r.id AND ${alias}.question = '${q.answer.choice}'`,
    };
    return { value: `${alias}.code`, joins: [join] };
  }
  const unit = unitOfSheet(q.sheet);
  const value = `${unitDeclaration(unit).alias}.${q.dbColumn}`;
  const joins = oneToOneJoins(unit);
  return joins.length > 0 ? { value, joins } : { value };
}

/**
 * The stats units a question's answer applies to by default. As a dimension, every unit with at
 * most one answer: a respondent's or a household's answer groups every unit (a child belongs to
 * one household and one respondent), a child's answer children only. As a measure, the units one
 * to one with the answer's: a respondent's or a household's answer is summed for adults only,
 * each counted once.
 */
export function unitsOfAnswer(q: Question, use: 'dimension' | 'measure'): readonly StatsUnit[] {
  const unit = unitOfSheet(q.sheet);
  return use === 'dimension' ? unitsWithAtMostOne(unit) : oneToOneUnits(unit);
}
