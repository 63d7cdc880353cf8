import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * The change log (`db/change-log.ts`): every import, replacement and deletion of a round and
 * every reference reload, with the data version it made and when, as ISO 8601 UTC text
 * (`2026-12-07T15:04:05.123Z`, which sorts as it reads on both engines). A database that already
 * holds rounds gets one `CHANGE_LOG_STARTED` entry: its rounds and figures changed at the latest
 * then, as far as the log can tell.
 */
export class ChangeLog1764700000000 implements MigrationInterface {
  name = 'ChangeLog1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'change_log',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'kind', type: 'varchar', length: '30' },
          { name: 'round_id', type: 'varchar', length: '20', isNullable: true },
          { name: 'country', type: 'varchar', length: '3', isNullable: true },
          { name: 'dataset', type: 'varchar', length: '100', isNullable: true },
          { name: 'data_version', type: 'integer' },
          { name: 'changed_at', type: 'varchar', length: '24' },
        ],
        // `updatedSince` reads a round's latest entry and the figures' latest reload.
        indices: [new TableIndex({ columnNames: ['round_id', 'changed_at'] }), new TableIndex({ columnNames: ['dataset', 'changed_at'] })],
      }),
    );
    const now =
      q.connection.options.type === 'postgres'
        ? `to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
        : `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
    await q.query(
      `INSERT INTO change_log (kind, data_version, changed_at) SELECT 'CHANGE_LOG_STARTED', CAST(value AS INTEGER), ${now} FROM hub_setting WHERE key = 'data_version' AND EXISTS (SELECT 1 FROM round)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('change_log');
  }
}
