import { readdirSync } from 'node:fs';
import path from 'node:path';
import countries from 'i18n-iso-countries';
import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { projectRoot } from '../../common/project-root';
import { readCodAbTable } from '../../gazetteer/cod-ab-table';
import { insertIsoAreas } from '../../gazetteer/gazetteer-store';
import { applyGazetteer } from '../../gazetteer/load-gazetteer';
import { ViolationLog } from '../../csv/violations';

/** The COD-AB tables the hub ships (Peru, Venezuela), loaded like any table a user loads. */
export const SHIPPED_GAZETTEERS = path.join(projectRoot(), 'seeds', 'gazetteers');

/**
 * Gazetteers for every country: names per language, the ISO 3166-2 code, where an area comes
 * from (COD-AB or ISO 3166-2) and the admin-1 area of an admin-2 area. Countries get their ISO
 * 3166-2 subdivisions as admin-1 areas; Peru and Venezuela get their shipped COD-AB tables.
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
    const rows = (await q.query(
      "SELECT c.pcode FROM location c WHERE c.level = 'country' AND NOT EXISTS (SELECT 1 FROM location a WHERE a.country_iso3 = c.pcode AND a.level <> 'country') ORDER BY c.pcode",
    )) as { pcode: string }[];
    for (const { pcode } of rows) {
      const iso2 = countries.alpha3ToAlpha2(pcode);
      if (iso2) await insertIsoAreas(q, pcode, iso2);
    }
    for (const file of readdirSync(SHIPPED_GAZETTEERS).filter((f) => f.endsWith('.csv')).sort()) {
      const full = path.join(SHIPPED_GAZETTEERS, file);
      const log = new ViolationLog();
      const table = await readCodAbTable(full, log);
      const result = table ? await applyGazetteer(q, table, full, log, false) : null;
      if (!result?.ok) throw new Error(`The shipped gazetteer ${file} does not load:\n  ${log.kept.map((v) => v.message).join('\n  ')}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DELETE FROM location WHERE source = 'iso-3166-2' OR level = 'admin2'");
    for (const column of ['parent_pcode', 'source', 'iso_code', 'names_json']) await q.dropColumn('location', column);
  }
}
