import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Gazetteer columns of `location`: names per language, the ISO 3166-2 code, where an area comes
 * from (COD-AB or ISO 3166-2) and the admin-1 area of an admin-2 area. The areas themselves (the
 * shipped COD-AB tables, ISO 3166-2 for every other country) load in the reference step
 * (`provisioning/reference-step.ts`); this migration loaded them until that step existed.
 */
export class Gazetteers1764400000000 implements MigrationInterface {
  name = 'Gazetteers1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('location', [
      new TableColumn({ name: 'names_json', type: 'text', isNullable: true }),
      new TableColumn({ name: 'iso_code', type: 'varchar', length: '10', isNullable: true }),
      new TableColumn({ name: 'source', type: 'varchar', length: '10', isNullable: true }),
      new TableColumn({ name: 'parent_pcode', type: 'varchar', length: '20', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DELETE FROM location WHERE source = 'iso-3166-2' OR level = 'admin2'");
    for (const column of ['parent_pcode', 'source', 'iso_code', 'names_json']) await q.dropColumn('location', column);
  }
}
