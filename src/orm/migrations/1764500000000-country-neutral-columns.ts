import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The questionnaire speaks of the country of the operation, not of Peru (issue 10): the columns
 * `months_in_peru` and `worked_in_peru` become `months_in_country` and `worked_in_country`. A
 * rename keeps every answer; both engines rename in place (SQLite since 3.25).
 */
export class CountryNeutralColumns1764500000000 implements MigrationInterface {
  name = 'CountryNeutralColumns1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE respondent RENAME COLUMN months_in_peru TO months_in_country');
    await q.query('ALTER TABLE respondent RENAME COLUMN worked_in_peru TO worked_in_country');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE respondent RENAME COLUMN months_in_country TO months_in_peru');
    await q.query('ALTER TABLE respondent RENAME COLUMN worked_in_country TO worked_in_peru');
  }
}
