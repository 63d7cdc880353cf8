import { GraphQLLocalDate } from 'graphql-scalars';
import { Field } from 'type-graphql';
import { Column } from 'typeorm';
import { questionColumns } from '../questionnaire/columns';
import type { Question, Sheet } from '../questionnaire/question';
import { answerType } from './answer-type';

type Decorate = (proto: object, property: string) => void;

/** The GraphQL type of a row type's answer field: the answer's type, a calendar date for dates. */
const fieldType = (q: Question): object => (q.answer.kind === 'date' ? GraphQLLocalDate : answerType(q));

/**
 * Maps a sheet's questions on its entity: a TypeORM column per stored answer and, for a question
 * with a `field`, the GraphQL field of the row type, as `@Column` and `@Field` would. Called where
 * the entity class is declared, so the decorators are in place before TypeORM reads its metadata
 * and type-graphql builds the schema; the class declares only what is not a question.
 */
export function addQuestionColumns(entity: { prototype: object }, sheet: Sheet): void {
  for (const c of questionColumns(sheet)) {
    const q = c.question;
    (Column({ name: c.name, type: c.type, length: c.length, nullable: c.nullable }) as Decorate)(entity.prototype, c.property);
    if (!q.field) continue;
    if (!q.description) throw new Error(`question ${q.sheet}.${q.column} has a field but no description`);
    // Built now, not when the schema is built: the enum must be registered before type-graphql looks it up.
    const type = fieldType(q);
    (Field(() => type as never, { nullable: c.nullable, description: q.description }) as Decorate)(entity.prototype, c.property);
  }
}
