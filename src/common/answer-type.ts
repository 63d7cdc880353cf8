import { Float, Int } from 'type-graphql';
import type { Question } from '../questionnaire/question';
import { graphqlEnum } from './enum';

/**
 * The GraphQL type of one answer to a question: its code list's enum (for a multi-select, of one
 * selected code), Boolean, Int, Float, or String for ids, dates, countries and places.
 */
export function answerType(q: Question): object {
  const a = q.answer;
  if (a.kind === 'enum') return graphqlEnum(a.list);
  if (a.kind === 'multi-select' && a.options !== 'countries') return graphqlEnum(a.options);
  if (a.kind === 'yes-no') return Boolean;
  if (a.kind === 'integer') return Int;
  if (a.kind === 'decimal') return Float;
  return String;
}

/** Answers that are ISO 3166-1 alpha-3 country codes. */
export const countryCoded = (q: Question): boolean =>
  q.answer.kind === 'country' || (q.answer.kind === 'multi-select' && q.answer.options === 'countries');
