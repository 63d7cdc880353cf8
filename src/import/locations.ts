import { DataSource } from 'typeorm';
import { foldName } from '../modules/location/location.data';

export interface Admin1Index {
  /** Folded name, alias or p-code -> p-code. */
  lookup: Map<string, string>;
  /** Names, for messages that list what is allowed. */
  names: string[];
}

/**
 * The reference locations an import resolves codes and names against, read once per import from
 * the `location` table (so the importer accepts exactly what the GraphQL layer can show).
 */
export class LocationIndex {
  private constructor(
    private readonly countries: Set<string>,
    private readonly admin1ByCountry: Map<string, Admin1Index>,
  ) {}

  static async load(dataSource: DataSource): Promise<LocationIndex> {
    const rows: { pcode: string; level: string; name: string; country_iso3: string; aliases: string | null }[] =
      await dataSource.query('SELECT pcode, level, name, country_iso3, aliases FROM location');
    const countries = new Set<string>();
    const admin1 = new Map<string, Admin1Index>();
    for (const r of rows) {
      if (r.level === 'country') {
        countries.add(r.pcode.toUpperCase());
        continue;
      }
      if (r.level !== 'admin1') continue;
      let idx = admin1.get(r.country_iso3);
      if (!idx) {
        idx = { lookup: new Map(), names: [] };
        admin1.set(r.country_iso3, idx);
      }
      idx.names.push(r.name);
      idx.lookup.set(foldName(r.pcode), r.pcode);
      idx.lookup.set(foldName(r.name), r.pcode);
      for (const alias of (r.aliases ?? '').split(';')) {
        if (alias.trim()) idx.lookup.set(foldName(alias), r.pcode);
      }
    }
    for (const idx of admin1.values()) idx.names.sort((a, b) => a.localeCompare(b, 'es'));
    return new LocationIndex(countries, admin1);
  }

  /** The upper-case ISO3 code, or undefined when no such country is known. */
  country(code: string): string | undefined {
    const c = code.toUpperCase();
    return this.countries.has(c) ? c : undefined;
  }

  /** The p-code of an admin-1 area of `country` named or coded `text`. */
  admin1(country: string, text: string): string | undefined {
    return this.admin1Index(country).lookup.get(foldName(text));
  }

  admin1Names(country: string): string[] {
    return this.admin1Index(country).names;
  }

  /** Any admin-1 p-code known to the hub (survey points may lie in any country). */
  anyAdmin1(text: string): string | undefined {
    const folded = foldName(text);
    for (const idx of this.admin1ByCountry.values()) {
      const hit = idx.lookup.get(folded);
      if (hit && foldName(hit) === folded) return hit;
    }
    return undefined;
  }

  private admin1Index(country: string): Admin1Index {
    return this.admin1ByCountry.get(country) ?? { lookup: new Map(), names: [] };
  }
}
