import { MigrationInterface, QueryRunner } from 'typeorm';
import countries from 'i18n-iso-countries';
import { ADMIN1_AREAS, foldName } from '../../modules/location/location.data';

/** Reference locations: every ISO 3166-1 country and the admin-1 areas of Peru and Venezuela. */
export class Locations1764201700000 implements MigrationInterface {
  name = 'Locations1764201700000';

  async up(q: QueryRunner): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
    const rows: [string, string, string, string, string | null][] = [];
    for (const [alpha2, name] of Object.entries(countries.getNames('en', { select: 'official' }))) {
      const iso3 = countries.alpha2ToAlpha3(alpha2);
      if (iso3) rows.push([iso3, 'country', name, iso3, null]);
    }
    for (const [iso3, areas] of Object.entries(ADMIN1_AREAS)) {
      for (const a of areas) {
        const aliases = [a.name, ...(a.aliases ?? [])].map(foldName).join(';');
        rows.push([a.pcode, 'admin1', a.name, iso3, aliases]);
      }
    }
    const isPostgres = q.connection.options.type === 'postgres';
    for (let i = 0; i < rows.length; i += 100) {
      const chunk = rows.slice(i, i + 100);
      const placeholders = chunk
        .map((_, r) => `(${[0, 1, 2, 3, 4].map((c) => (isPostgres ? `$${r * 5 + c + 1}` : '?')).join(', ')})`)
        .join(', ');
      await q.query(`INSERT INTO location (pcode, level, name, country_iso3, aliases) VALUES ${placeholders}`, chunk.flat());
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM location');
  }
}
