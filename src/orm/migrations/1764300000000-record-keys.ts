import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

/**
 * Record keys for the cell-key method: a `hub_setting` table holding a random secret made here
 * (and the data version, from 0), and a `record_key` column on respondent and child.
 *
 * The secret is made by the database (256 random bits on SQLite, two random UUIDs on PostgreSQL 13
 * and later: 244 bits), so that this migration needs no application code. The keys of rows
 * imported before it are written by `provisioning/record-key-backfill.ts` (it needs the keyed
 * hash), which this migration asks for with the `record_key_backfill` setting.
 */
export class RecordKeys1764300000000 implements MigrationInterface {
  name = 'RecordKeys1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'hub_setting',
        columns: [
          { name: 'key', type: 'varchar', length: '64', isPrimary: true },
          { name: 'value', type: 'varchar', length: '500' },
        ],
      }),
    );
    const random =
      q.connection.options.type === 'postgres' ? "replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')" : 'lower(hex(randomblob(32)))';
    await q.query(`INSERT INTO hub_setting (key, value) SELECT 'record_key_secret', ${random}`);
    await q.query("INSERT INTO hub_setting (key, value) VALUES ('data_version', '0')");
    await q.query("INSERT INTO hub_setting (key, value) SELECT 'record_key_backfill', 'pending' WHERE EXISTS (SELECT 1 FROM respondent)");
    for (const table of ['respondent', 'child']) {
      await q.addColumn(table, new TableColumn({ name: 'record_key', type: 'integer', isNullable: false, default: 0 }));
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('child', 'record_key');
    await q.dropColumn('respondent', 'record_key');
    await q.dropTable('hub_setting');
  }
}
