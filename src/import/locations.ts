import { DataSource } from 'typeorm';
import { closestNames } from '../gazetteer/closest-names';
import { foldName } from '../modules/location/location.data';

interface Area {
  pcode: string;
  name: string;
  /** Folded p-code, ISO 3166-2 code, names in every language and alternative names. */
  spellings: string[];
}

export interface Admin1Index {
  /** Folded name (any language), alias, ISO 3166-2 code or p-code -> p-code. */
  lookup: Map<string, string>;
  /** Names, for messages that list what is allowed. */
  names: string[];
  areas: Area[];
}

interface LocationRow {
  pcode: string;
  level: string;
  name: string;
  country_iso3: string;
  aliases: string | null;
  names_json: string | null;
  iso_code: string | null;
}

/**
 * The reference locations an import resolves codes and names against, read once per import from
 * the `location` table (so the importer accepts exactly what the GraphQL layer can show): every
 * country's admin-1 areas, from its COD-AB table or else from ISO 3166-2.
 */
export class LocationIndex {
  private constructor(
    private readonly countries: Set<string>,
    private readonly admin1ByCountry: Map<string, Admin1Index>,
    /** Folded p-code or ISO 3166-2 code -> p-code: codes are unique across countries, names are not. */
    private readonly codes: Map<string, string>,
  ) {}

  static async load(dataSource: DataSource): Promise<LocationIndex> {
    const rows: LocationRow[] = await dataSource.query('SELECT pcode, level, name, country_iso3, aliases, names_json, iso_code FROM location');
    const countries = new Set<string>();
    const admin1 = new Map<string, Admin1Index>();
    const codes = new Map<string, string>();
    for (const r of rows) {
      if (r.level === 'country') {
        countries.add(r.pcode.toUpperCase());
        continue;
      }
      if (r.level !== 'admin1') continue;
      let idx = admin1.get(r.country_iso3);
      if (!idx) {
        idx = { lookup: new Map(), names: [], areas: [] };
        admin1.set(r.country_iso3, idx);
      }
      const names = r.names_json ? Object.values(JSON.parse(r.names_json) as Record<string, string>) : [];
      const spellings = [r.pcode, r.iso_code ?? '', r.name, ...names, ...(r.aliases ?? '').split(';')].map(foldName).filter((s) => s !== '');
      idx.names.push(r.name);
      idx.areas.push({ pcode: r.pcode, name: r.name, spellings: [...new Set(spellings)] });
      for (const s of spellings) idx.lookup.set(s, r.pcode);
      codes.set(foldName(r.pcode), r.pcode);
      if (r.iso_code) codes.set(foldName(r.iso_code), r.pcode);
    }
    for (const idx of admin1.values()) {
      idx.names.sort((a, b) => a.localeCompare(b, 'es'));
      idx.areas.sort((a, b) => a.name.localeCompare(b.name, 'es'));
    }
    return new LocationIndex(countries, admin1, codes);
  }

  /** The upper-case ISO3 code, or undefined when no such country is known. */
  country(code: string): string | undefined {
    const c = code.toUpperCase();
    return this.countries.has(c) ? c : undefined;
  }

  /** The p-code of an admin-1 area of `country` named or coded `text` (p-code, ISO 3166-2 code, name in any language). */
  admin1(country: string, text: string): string | undefined {
    return this.admin1Index(country).lookup.get(foldName(text));
  }

  admin1Names(country: string): string[] {
    return this.admin1Index(country).names;
  }

  /** Any admin-1 area known to the hub by p-code or ISO 3166-2 code (survey points may lie in any country). */
  anyAdmin1(text: string): string | undefined {
    return this.codes.get(foldName(text));
  }

  /**
   * What to tell an operator whose `text` names no admin-1 area of `country`: the closest areas,
   * and that a missing area comes with the country's COD-AB table.
   */
  unknownAdmin1(country: string, text: string): string {
    const closest = closestNames(foldName(text), this.admin1Index(country).areas.map((a) => ({ item: a, spellings: a.spellings })));
    const shown = closest.map((a) => `${a.name} (${a.pcode})`).join(', ');
    return (
      `must be the p-code, ISO 3166-2 code or name of an admin-1 area of ${country}` +
      (shown ? `; closest: ${shown}` : '') +
      `; if the area is missing, load the COD-AB table of ${country} with \`dtm-hub locations import\``
    );
  }

  private admin1Index(country: string): Admin1Index {
    return this.admin1ByCountry.get(country) ?? { lookup: new Map(), names: [], areas: [] };
  }
}
