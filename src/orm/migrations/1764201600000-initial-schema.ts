import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

type Col = ConstructorParameters<typeof Table>[0] extends infer O
  ? O extends { columns?: (infer C)[] }
    ? C
    : never
  : never;

const str = (name: string, length: number, nullable = false): Col => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const int = (name: string, nullable = false): Col => ({ name, type: 'integer', isNullable: nullable });
const dbl = (name: string, nullable = false): Col => ({ name, type: 'double precision', isNullable: nullable });
const bool = (name: string): Col => ({ name, type: 'boolean', isNullable: true });
const date = (name: string, nullable = false): Col => ({ name, type: 'date', isNullable: nullable });
const text = (name: string): Col => ({ name, type: 'text', isNullable: true });
const pk = (name: string, length: number): Col => ({ ...str(name, length), isPrimary: true });
const serial = (): Col => ({ name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' });

const cascade = (column: string, table: string, referenced = 'id') =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: [referenced], onDelete: 'CASCADE' });

/**
 * The whole schema, written with TypeORM's Table API so that the same migration runs on SQLite
 * and PostgreSQL. Row tables cascade from their round, so replacing a round is one DELETE.
 */
export class InitialSchema1764201600000 implements MigrationInterface {
  name = 'InitialSchema1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'location',
        columns: [pk('pcode', 20), str('level', 10), str('name', 120), str('country_iso3', 3), text('aliases')],
        indices: [new TableIndex({ columnNames: ['country_iso3', 'level'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'round',
        columns: [
          pk('id', 20), str('country', 3), int('number'), str('name', 300), date('fieldwork_start'), date('fieldwork_end'),
          date('published_on', true), int('sample_size'), str('data_kind', 30), text('caveat'), str('source_url', 500, true),
        ],
        uniques: [{ columnNames: ['country', 'number'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'survey_point',
        columns: [
          pk('id', 100), str('round_id', 20), str('code', 60), str('name', 200), str('kind', 30), str('direction', 10),
          str('admin1_pcode', 20), str('border_with', 3, true), int('sample_size'),
        ],
        indices: [new TableIndex({ columnNames: ['round_id', 'code'], isUnique: true })],
        foreignKeys: [cascade('round_id', 'round')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'respondent',
        columns: [
          pk('id', 120), str('round_id', 20), str('code', 80), str('survey_point_id', 100), date('interview_date'),
          str('sex', 10), int('age'), str('nationality', 3), str('marital_status', 20, true), str('origin_state_pcode', 20, true),
          str('education_level', 20, true), bool('employed_before_leaving'), str('reason_for_leaving', 30, true),
          int('travel_days', true), dbl('trip_cost_usd', true), str('document_used', 30, true), str('ptp_status', 20, true),
          str('destination_country', 3, true), str('destination_region_pcode', 20, true), bool('stayed_over_30_days'),
          dbl('months_in_peru', true), bool('worked_in_peru'), dbl('monthly_income_usd', true), bool('discriminated'),
          str('discrimination_reason', 20, true),
        ],
        indices: [
          new TableIndex({ columnNames: ['round_id', 'id'] }),
          new TableIndex({ columnNames: ['survey_point_id'] }),
        ],
        foreignKeys: [cascade('round_id', 'round'), cascade('survey_point_id', 'survey_point')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'respondent_choice',
        columns: [
          { ...str('respondent_id', 120), isPrimary: true }, { ...str('question', 20), isPrimary: true },
          { ...str('code', 30), isPrimary: true }, str('round_id', 20),
        ],
        indices: [new TableIndex({ columnNames: ['question', 'code'] })],
        foreignKeys: [cascade('respondent_id', 'respondent'), cascade('round_id', 'round')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'household',
        columns: [
          pk('id', 120), str('round_id', 20), str('code', 80), str('respondent_id', 120), int('travelling_size'),
          int('travelling_children'), int('members_in_venezuela', true), int('children_in_venezuela', true),
        ],
        indices: [
          new TableIndex({ columnNames: ['round_id'] }),
          new TableIndex({ columnNames: ['respondent_id'], isUnique: true }),
        ],
        foreignKeys: [cascade('round_id', 'round'), cascade('respondent_id', 'respondent')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'child',
        columns: [
          pk('id', 120), str('round_id', 20), str('code', 80), str('household_id', 120), str('status', 20), str('sex', 10),
          int('age'), str('school_level', 20, true), bool('attending_school'), bool('emotional_changes'), str('caregiver', 20, true),
        ],
        indices: [new TableIndex({ columnNames: ['round_id'] }), new TableIndex({ columnNames: ['household_id'] })],
        foreignKeys: [cascade('round_id', 'round'), cascade('household_id', 'household')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'flow_statistic',
        columns: [
          serial(), str('publisher', 20), str('indicator', 40), str('country', 3), str('admin1_pcode', 20, true),
          str('border_point', 100, true), date('reference_period_start', true), date('reference_period_end'), date('as_of', true),
          dbl('value'), str('unit', 40), str('source', 300, true), str('source_url', 500, true), text('note'),
        ],
        indices: [new TableIndex({ columnNames: ['indicator', 'country'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'published_figure',
        columns: [
          serial(), str('country', 3), int('round'), str('indicator', 80), str('breakdown', 200), dbl('value', true),
          str('unit', 60), text('base_note'), str('source', 300, true), str('source_url', 500, true), str('confidence', 20),
        ],
        indices: [new TableIndex({ columnNames: ['country', 'round'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['published_figure', 'flow_statistic', 'child', 'household', 'respondent_choice', 'respondent', 'survey_point', 'round', 'location']) {
      await q.dropTable(t);
    }
  }
}
