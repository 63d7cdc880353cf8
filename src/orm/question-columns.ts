import type { QueryRunner } from 'typeorm';

/*
 * The column of a new survey question, for its migration. Migrations import nothing else of the
 * application, so that an old migration replays the same forever: this file imports only types.
 *
 * Never TypeORM's `queryRunner.addColumn` / `dropColumn` for this: on SQLite they rebuild the whole
 * table from TypeORM's cached description of it, which does not see what an earlier migration
 * changed with plain SQL (1764500000000-country-neutral-columns.ts renames two columns), so the
 * rebuild silently undoes the rename and the hub fails at start. `ALTER TABLE ... ADD COLUMN` and
 * `DROP COLUMN` change the table in place on both engines (SQLite 3.35 and later).
 */

/** The SQL types of answers (the registry's `questionColumns`), the same on SQLite and PostgreSQL. */
export type QuestionSqlType = 'boolean' | 'integer' | 'double precision' | 'date' | `varchar(${number})`;

const IDENTIFIER = /^[a-z][a-z0-9_]*$/;

function identifiers(...names: string[]): void {
  for (const name of names) if (!IDENTIFIER.test(name)) throw new Error(`not a plain snake_case identifier: ${name}`);
}

/**
 * Adds a question's answer column, e.g. `addQuestionColumn(q, 'respondent', 'transport_mode', 'varchar(20)')`.
 * Always nullable: the rows imported before the question was asked have no answer, which is why
 * a new question is `required: false` in the registry.
 */
export async function addQuestionColumn(q: QueryRunner, table: string, column: string, sqlType: QuestionSqlType): Promise<void> {
  identifiers(table, column);
  await q.query(`ALTER TABLE ${table} ADD COLUMN ${column} ${sqlType} NULL`);
}

/** Drops a question's column again (the migration's `down`). */
export async function dropQuestionColumn(q: QueryRunner, table: string, column: string): Promise<void> {
  identifiers(table, column);
  await q.query(`ALTER TABLE ${table} DROP COLUMN ${column}`);
}
