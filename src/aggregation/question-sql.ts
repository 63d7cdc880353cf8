import type { Question } from '../questionnaire/question';
import { Join, JOINS, StatsUnit } from './units';

/** The alias of each sheet's table in stats statements (units.ts). */
const SHEET_ALIAS = { respondents: 'r', households: 'h', children: 'c' } as const;

/**
 * The SQL of a question's stored answer in a stats statement, with the joins it needs: a column of
 * `r`, `h` or `c`, or for a multi-select question the `code` of its `respondent_choice` rows
 * (joined under an alias made from `aliasHint`).
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
  const alias = SHEET_ALIAS[q.sheet];
  const value = `${alias}.${q.dbColumn}`;
  return alias === 'h' ? { value, joins: [JOINS.household] } : { value };
}

/**
 * The stats units a question's answer applies to by default: a respondent's or a household's
 * answer groups every unit (a child belongs to one household and one respondent) but is summed
 * for adults only; a child's answer applies to children.
 */
export function unitsOfAnswer(q: Question, use: 'dimension' | 'measure'): readonly StatsUnit[] {
  if (q.sheet === 'children') return [StatsUnit.CHILD];
  return use === 'dimension' ? [StatsUnit.RESPONDENT, StatsUnit.HOUSEHOLD, StatsUnit.CHILD] : [StatsUnit.RESPONDENT, StatsUnit.HOUSEHOLD];
}
