import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * What the reference step (`provisioning/reference-step.ts`) loaded: per shipped dataset, the
 * version it loaded (a content hash) and, for a dataset a data manager may replace (a country's
 * gazetteer), a hash of the rows it wrote, so that it can tell later whether they are still its own.
 */
export class ReferenceDatasets1764610000000 implements MigrationInterface {
  name = 'ReferenceDatasets1764610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'reference_dataset',
        columns: [
          { name: 'name', type: 'varchar', length: '100', isPrimary: true },
          { name: 'version', type: 'varchar', length: '64' },
          { name: 'rows_hash', type: 'varchar', length: '64', isNullable: true },
          { name: 'loaded_at', type: 'varchar', length: '30' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('reference_dataset');
  }
}
