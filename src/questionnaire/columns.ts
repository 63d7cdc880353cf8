import type { Question, Sheet } from './question';
import { questionsOf, type QuestionEntry } from './registry';

/**
 * The database columns of the questions, derived from their entries: the entities map them
 * (`common/question-columns.ts` applies the TypeORM and GraphQL decorators), the migrations must
 * create them (`test/questionnaire/registry.test.ts` compares a migrated database both ways).
 */

/** SQL types of stored answers: the same names on SQLite and PostgreSQL. */
export type AnswerSqlType = 'varchar' | 'boolean' | 'integer' | 'double precision' | 'date';

/** One question's column: where it is stored and what the entity property is called. */
export interface QuestionColumn {
  question: Question;
  /** Property of the entity: the GraphQL field, or the column in camelCase when the question has no field (places). */
  property: string;
  /** Database column (`dbColumn`). */
  name: string;
  type: AnswerSqlType;
  /** Length of a varchar. */
  length?: number;
  /** Not required questions may be unanswered. */
  nullable: boolean;
}

/** A p-code of an admin-1 area, e.g. `VE20`, `PE15`. */
const PCODE_LENGTH = 20;
/** ISO 3166-1 alpha-3. */
const COUNTRY_LENGTH = 3;

const camelCase = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The SQL type of a question's answer; undefined for what is not a stored answer (ids, links, multi-select). */
function sqlTypeOf(q: Question): Pick<QuestionColumn, 'type' | 'length'> | undefined {
  const a = q.answer;
  switch (a.kind) {
    case 'enum':
      return { type: 'varchar', length: a.length };
    case 'country':
      return { type: 'varchar', length: COUNTRY_LENGTH };
    case 'place':
    case 'place-in':
      return { type: 'varchar', length: PCODE_LENGTH };
    case 'yes-no':
      return { type: 'boolean' };
    case 'integer':
      return { type: 'integer' };
    case 'decimal':
      return { type: 'double precision' };
    case 'date':
      return { type: 'date' };
    default:
      // id, ref and survey-point columns are the entity's own keys; multi-select answers live in respondent_choice.
      return undefined;
  }
}

/** The answer columns of a sheet's table, in column order. */
export function questionColumns(sheet: Sheet): QuestionColumn[] {
  return questionsOf(sheet).flatMap((q) => {
    const sql = sqlTypeOf(q);
    if (!sql || !q.dbColumn) return [];
    return [{ question: q, property: q.field ?? camelCase(q.dbColumn), name: q.dbColumn, ...sql, nullable: !q.required }];
  });
}

/** The column type as DDL writes it, e.g. `varchar(30)`. */
export const columnDdlType = (c: Pick<QuestionColumn, 'type' | 'length'>): string => (c.length === undefined ? c.type : `${c.type}(${c.length})`);

/* The same columns as TypeScript types, from the literal entries. */

type StoredKind = 'enum' | 'country' | 'place' | 'place-in' | 'yes-no' | 'integer' | 'decimal' | 'date';
type StoredEntry<S extends Sheet> = Extract<QuestionEntry, { sheet: S; answer: { kind: StoredKind } }>;

type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;
type PropertyOf<Q> = Q extends { field: infer F extends string } ? F : Q extends { dbColumn: infer C extends string } ? CamelCase<C> : never;

/** The stored codes of a code list, e.g. `'male' | 'female'`. */
export type CodeOf<L> = L extends { codes: infer C } ? { [K in keyof C]: C[K] extends { code: infer V } ? V : never }[keyof C] : never;

/** The value of one answer: a code of its list, a boolean, a number, or a string (ISO dates, country codes, p-codes). */
export type AnswerValue<A> = A extends { kind: 'enum'; list: infer L }
  ? CodeOf<L>
  : A extends { kind: 'multi-select'; options: infer O }
    ? O extends 'countries'
      ? string
      : CodeOf<O>
    : A extends { kind: 'yes-no' }
      ? boolean
      : A extends { kind: 'integer' | 'decimal' }
        ? number
        : string;

/**
 * The answer properties of a sheet's entity, e.g. `{ sex: 'male' | 'female'; maritalStatus: ... | null }`:
 * entities declare `interface Respondent extends QuestionColumns<'respondents'> {}`.
 */
export type QuestionColumns<S extends Sheet> = {
  -readonly [Q in StoredEntry<S> as PropertyOf<Q>]: AnswerValue<Q['answer']> | (Q['required'] extends true ? never : null);
};
