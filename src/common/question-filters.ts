import { Max, Min, IsOptional } from 'class-validator';
import { Field, Int } from 'type-graphql';
import type { FilterSpec, Question, Sheet } from '../questionnaire/question';
import { questionsOf } from '../questionnaire/registry';
import { IsCountryCode } from './country-code';
import { answerType, countryCoded } from './answer-type';
import { WhereBuilder } from './where-builder';

/**
 * The filter fields of the questionnaire's questions, derived from their `filters` entries: added
 * to a sheet's GraphQL filter input (`addQuestionFilters`) and turned into SQL
 * (`questionWhere`). The filter inputs declare only what is not a question (round, survey point).
 */

type Decorate = (proto: object, field: string) => void;

/** Country codes and p-codes are stored upper case; the filter accepts any case. */
const upperCased = (q: Question) => countryCoded(q) || q.answer.kind === 'place' || q.answer.kind === 'place-in';

function decorate(proto: object, q: Question, spec: FilterSpec): void {
  const apply = (field: string, ...decorators: Decorate[]) => decorators.forEach((d) => d(proto, field));
  switch (spec.match) {
    case 'range': {
      for (const [end, word] of [['Min', 'Minimum'], ['Max', 'Maximum']] as const) {
        const field = `${spec.field}${end}`;
        const message = `${field} must be between ${spec.min} and ${spec.max} (got $value)`;
        apply(
          field,
          Field(() => Int, { nullable: true, description: `${word} ${spec.noun} (${spec.min}-${spec.max}), inclusive.` }) as Decorate,
          IsOptional() as Decorate,
          Min(spec.min, { message }) as Decorate,
          Max(spec.max, { message }) as Decorate,
        );
      }
      return;
    }
    case 'positive':
      apply(spec.field, Field(() => Boolean, { nullable: true, description: spec.description }) as Decorate);
      return;
    default: {
      const field = (name: string, deprecationReason?: string) => {
        // Registered now, not when the schema is built: the enum must exist before type-graphql looks it up.
        const type = answerType(q);
        const decorators: Decorate[] = [Field(() => type as never, { nullable: true, description: spec.description, deprecationReason }) as Decorate];
        if (countryCoded(q)) decorators.push(IsCountryCode() as Decorate);
        apply(name, ...decorators);
      };
      field(spec.field);
      if (spec.match === 'equal' && spec.deprecatedField) field(spec.deprecatedField, `Use ${spec.field}.`);
    }
  }
}

/** Adds the filter fields of a sheet's questions to a GraphQL input class. */
export function addQuestionFilters(target: { prototype: object }, sheet: Sheet): void {
  for (const q of questionsOf(sheet)) for (const spec of q.filters ?? []) decorate(target.prototype, q, spec);
}

/** A filter input: its question fields are typed by the registry (`QuestionFilters`), read here by name. */
export type FilterValues = object;

const given = (v: unknown) => v !== undefined && v !== null;

/**
 * Adds the clauses of a filter's question fields on the sheet's table aliased `alias`; `respondent`
 * is the alias of the respondent table, which multi-select answers hang from.
 */
export function questionWhere(where: WhereBuilder, filter: FilterValues, sheet: Sheet, alias: string, respondent = 'r'): WhereBuilder {
  const f = filter as Readonly<Record<string, unknown>>;
  for (const q of questionsOf(sheet)) {
    for (const spec of q.filters ?? []) {
      const column = `${alias}.${q.dbColumn}`;
      if (spec.match === 'range') {
        const [min, max] = [`${spec.field}Min`, `${spec.field}Max`];
        where.range(column, f[min] as number | null | undefined, f[max] as number | null | undefined, [min, max]);
        continue;
      }
      const value = f[spec.field] ?? (spec.match === 'equal' && spec.deprecatedField ? f[spec.deprecatedField] : undefined);
      if (!given(value)) continue;
      const v = upperCased(q) && typeof value === 'string' ? value.toUpperCase() : value;
      if (spec.match === 'positive') where.add(v ? `${column} > 0` : `${column} = 0`);
      else if (spec.match === 'equal') where.eq(column, v);
      else if (q.answer.kind === 'multi-select') {
        where.add(
          `EXISTS (SELECT 1 FROM respondent_choice rc WHERE rc.respondent_id = ${respondent}.id AND rc.question = ${where.bind(q.answer.choice)} AND rc.code = ${where.bind(v)})`,
        );
      }
    }
  }
  return where;
}

/** A field of a sheet's filter input that a question declares, with its question and spec. */
export interface QuestionFilterField {
  question: Question;
  spec: FilterSpec;
  /** For a range: which end the field is. */
  end?: 'Min' | 'Max';
}

/** The question behind a field of a sheet's filter input (`sex`, `ageMin`, an old name), if a question declares it. */
export function questionFilterField(sheet: Sheet, field: string): QuestionFilterField | undefined {
  for (const q of questionsOf(sheet)) {
    for (const spec of q.filters ?? []) {
      if (spec.match === 'range') {
        for (const end of ['Min', 'Max'] as const) if (field === `${spec.field}${end}`) return { question: q, spec, end };
      } else if (field === spec.field || (spec.match === 'equal' && field === spec.deprecatedField)) return { question: q, spec };
    }
  }
  return undefined;
}
