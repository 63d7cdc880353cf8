import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { DATA_VERSION_SETTING } from '../../db/data-version';
import { newRecordKeySecret, readRecordKeySecret, RECORD_KEY_SECRET_SETTING, recordKeyer } from '../../db/record-key';

const BATCH = 500;

/**
 * Record keys for the cell-key method: a `hub_setting` table holding a random secret made here
 * (and the data version, from 0), and a `record_key` column on respondent and child, filled for
 * the rows already imported.
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
    const pg = q.connection.options.type === 'postgres';
    await q.query(`INSERT INTO hub_setting (key, value) VALUES (${pg ? '$1, $2' : '?, ?'})`, [RECORD_KEY_SECRET_SETTING, newRecordKeySecret()]);
    // The data version caches key on (data-version.ts); imports and reference reloads bump it.
    await q.query(`INSERT INTO hub_setting (key, value) VALUES (${pg ? '$1, $2' : '?, ?'})`, [DATA_VERSION_SETTING, '0']);
    const secret = await readRecordKeySecret(q);
    for (const table of ['respondent', 'child']) {
      await q.addColumn(table, new TableColumn({ name: 'record_key', type: 'integer', isNullable: false, default: 0 }));
      await backfill(q, table, recordKeyer(secret), pg);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('child', 'record_key');
    await q.dropColumn('respondent', 'record_key');
    await q.dropTable('hub_setting');
  }
}

/** Gives the rows imported before this migration their keys, a batch of ids per statement. */
async function backfill(q: QueryRunner, table: string, keyOf: (id: string) => number, pg: boolean): Promise<void> {
  const ids = ((await q.query(`SELECT id FROM ${table} ORDER BY id`)) as { id: string }[]).map((r) => r.id);
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH);
    let n = 0;
    const p = () => (pg ? `$${++n}` : '?');
    const cases = chunk.map(() => `WHEN ${p()} THEN ${p()}`).join(' ');
    const list = chunk.map(() => p()).join(', ');
    const params = [...chunk.flatMap((id) => [id, keyOf(id)]), ...chunk];
    await q.query(`UPDATE ${table} SET record_key = CASE id ${cases} END WHERE id IN (${list})`, params);
  }
}
