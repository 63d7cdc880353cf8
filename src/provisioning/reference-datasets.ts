import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import countries from '../common/iso-countries';
import { EntityManager } from 'typeorm';
import { ViolationLog } from '../csv/violations';
import { readCodAbTable } from '../gazetteer/cod-ab-table';
import { insertIsoAreas, Queryable, roundsUsing } from '../gazetteer/gazetteer-store';
import { isoAdmin1 } from '../gazetteer/iso-3166-2';
import { applyGazetteer } from '../gazetteer/load-gazetteer';
import { FIGURE_FILES, replaceFigures } from './reference-data';
import { FIGURES_DATASET } from '../db/change-log';

/**
 * Raised when the loader that writes the datasets changes what it makes of the same files: every
 * version changes with it, so every dataset is reloaded once.
 */
const LOADER_REVISION = '1';

/** One dataset the hub ships, as the reference step sees it. */
export interface ReferenceDataset {
  /** Its name in `reference_dataset`: `countries`, `gazetteers/PE.csv`, `iso-3166-2`, `published-figures`. */
  name: string;
  /** ISO3 code of the country a gazetteer is of; absent for datasets of every country. */
  country?: string;
  /** A hash of what it would load; the step reloads it when this differs from the recorded one. */
  version: string;
  /**
   * For a dataset a data manager may replace (a country's gazetteer): a hash of the rows that hold
   * it now, null when there are none. The step replaces only rows that are still those it wrote.
   */
  rowsHash?(q: Queryable): Promise<string | null>;
  /** Writes the dataset inside the step's transaction; true when a row changed. */
  load(m: EntityManager): Promise<boolean>;
}

const sha256 = (...parts: (string | Buffer)[]) => {
  const h = createHash('sha256').update(LOADER_REVISION);
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

const mark = (q: Queryable, i: number) => (q.connection.options.type === 'postgres' ? `$${i}` : '?');

/** Hash of the selected `location` rows in p-code order; null when there are none. */
async function locationRowsHash(q: Queryable, where: string, params: unknown[]): Promise<string | null> {
  const rows = (await q.query(
    `SELECT pcode, level, name, country_iso3, aliases, names_json, iso_code, source, parent_pcode FROM location WHERE ${where} ORDER BY pcode`,
    params,
  )) as Record<string, unknown>[];
  return rows.length === 0 ? null : createHash('sha256').update(rows.map((r) => JSON.stringify(r)).join('\n')).digest('hex');
}

/** Every ISO 3166-1 country by its official English name, in code order: [iso3, iso2, name]. */
function countryList(): [string, string, string][] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
  const list: [string, string, string][] = [];
  for (const [iso2, name] of Object.entries(countries.getNames('en', { select: 'official' }))) {
    const iso3 = countries.alpha2ToAlpha3(iso2);
    if (iso3) list.push([iso3, iso2, name]);
  }
  return list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The country rows: added when missing, renamed when ISO renames; never removed (rounds name them). */
function countriesDataset(list: [string, string, string][]): ReferenceDataset {
  return {
    name: 'countries',
    version: sha256(JSON.stringify(list)),
    async load(m) {
      const have = new Map(
        ((await m.query("SELECT pcode, name FROM location WHERE level = 'country'")) as { pcode: string; name: string }[]).map((r) => [r.pcode, r.name]),
      );
      const renamed = list.filter(([iso3, , name]) => have.has(iso3) && have.get(iso3) !== name);
      for (const [iso3, , name] of renamed) await m.query(`UPDATE location SET name = ${mark(m, 1)} WHERE pcode = ${mark(m, 2)}`, [name, iso3]);
      const added = list.filter(([iso3]) => !have.has(iso3));
      for (let i = 0; i < added.length; i += 100) {
        const chunk = added.slice(i, i + 100);
        const values = chunk.map((_, r) => `(${mark(m, 3 * r + 1)}, 'country', ${mark(m, 3 * r + 2)}, ${mark(m, 3 * r + 3)})`).join(', ');
        await m.query(`INSERT INTO location (pcode, level, name, country_iso3) VALUES ${values}`, chunk.flatMap(([iso3, , name]) => [iso3, name, iso3]));
      }
      return renamed.length + added.length > 0;
    },
  };
}

/** A shipped COD-AB table, loaded like any table a data manager loads. */
function gazetteerDataset(file: string): ReferenceDataset {
  const iso2 = path.basename(file, '.csv');
  const iso3 = countries.alpha2ToAlpha3(iso2);
  if (!iso3) throw new Error(`the shipped gazetteer ${file} is not named by an ISO 3166-1 alpha-2 code`);
  const rowsHash = (q: Queryable) => locationRowsHash(q, `country_iso3 = ${mark(q, 1)} AND level <> 'country'`, [iso3]);
  return {
    name: `gazetteers/${path.basename(file)}`,
    country: iso3,
    version: sha256(readFileSync(file)),
    rowsHash,
    async load(m) {
      const log = new ViolationLog();
      const table = await readCodAbTable(file, log);
      const before = await rowsHash(m);
      const result = table ? await applyGazetteer(m, table, file, log, false) : null;
      if (!result?.ok) throw new Error(`The shipped gazetteer ${file} does not load:\n  ${log.kept.map((v) => v.message).join('\n  ')}`);
      return (await rowsHash(m)) !== before;
    },
  };
}

/**
 * ISO 3166-2 subdivisions as the admin-1 areas of every country that has no COD-AB table. A
 * country whose areas are COD-AB (shipped or loaded by a data manager) is left alone, and so is
 * one whose ISO areas a round uses: the new list would have to keep them.
 */
function isoDataset(list: [string, string, string][]): ReferenceDataset {
  const subdivisions = list.map(([iso3, iso2]) => [iso3, isoAdmin1(iso2)] as const);
  const isoRowsHash = (q: Queryable) => locationRowsHash(q, "source = 'iso-3166-2'", []);
  return {
    name: 'iso-3166-2',
    version: sha256(JSON.stringify(subdivisions)),
    async load(m) {
      const before = await isoRowsHash(m);
      // One read of every country's areas: a new database has none, and then only inserts run.
      const areas = new Map<string, { pcode: string; source: string | null }[]>();
      for (const a of (await m.query("SELECT country_iso3, pcode, source FROM location WHERE level <> 'country'")) as {
        country_iso3: string;
        pcode: string;
        source: string | null;
      }[]) {
        areas.set(a.country_iso3, [...(areas.get(a.country_iso3) ?? []), a]);
      }
      for (const [iso3, iso2] of list) {
        const had = areas.get(iso3) ?? [];
        if (had.some((a) => a.source !== 'iso-3166-2')) continue;
        if (had.length > 0) {
          if ((await roundsUsing(m, had.map((a) => a.pcode))).size > 0) continue;
          await m.query(`DELETE FROM location WHERE country_iso3 = ${mark(m, 1)} AND level <> 'country'`, [iso3]);
        }
        await insertIsoAreas(m, iso3, iso2);
      }
      return (await isoRowsHash(m)) !== before;
    },
  };
}

/** The published figures and the official series that cite them (the reference folder). */
function figuresDataset(referenceDir: string): ReferenceDataset {
  return {
    name: FIGURES_DATASET,
    version: sha256(...FIGURE_FILES.map((f) => readFileSync(path.join(referenceDir, f)))),
    async load(m) {
      await replaceFigures(m, referenceDir);
      return true;
    },
  };
}

/**
 * The datasets shipped under `seedsDir`, in load order: countries first (areas belong to one),
 * the COD-AB tables before ISO 3166-2 (which fills only the countries left without areas).
 */
export function shippedDatasets(seedsDir: string): ReferenceDataset[] {
  const list = countryList();
  const gazetteers = path.join(seedsDir, 'gazetteers');
  const tables = readdirSync(gazetteers)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => gazetteerDataset(path.join(gazetteers, f)));
  return [countriesDataset(list), ...tables, isoDataset(list), figuresDataset(path.join(seedsDir, 'reference'))];
}
