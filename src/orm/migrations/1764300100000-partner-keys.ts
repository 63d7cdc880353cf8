import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Partner keys managed with `dtm-hub keys`: their SHA-256 hash (never the key), holder name and
 * dates. Timestamps are `timestamptz` on PostgreSQL, so they mean the same instant whatever the
 * server's time zone, and `datetime` on SQLite (TypeORM stores UTC text there).
 */
export class PartnerKeys1764300100000 implements MigrationInterface {
  name = 'PartnerKeys1764300100000';

  async up(q: QueryRunner): Promise<void> {
    const timestamp = q.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await q.createTable(
      new Table({
        name: 'partner_key',
        columns: [
          { name: 'id', type: 'varchar', length: '20', isPrimary: true },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'key_hash', type: 'varchar', length: '64' },
          { name: 'created_at', type: timestamp },
          { name: 'last_used_at', type: timestamp, isNullable: true },
          { name: 'revoked_at', type: timestamp, isNullable: true },
        ],
        // Every keyed request looks its key up by hash: one unique index lookup.
        indices: [new TableIndex({ columnNames: ['key_hash'], isUnique: true })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('partner_key');
  }
}
