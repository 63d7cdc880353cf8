import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { openDatabase } from '../../src/orm/data-source';
import { runReferenceStep } from '../../src/provisioning/reference-step';
import { createTestDatabase, TestDatabase } from '../support/database';
import { cli } from '../gazetteer/support';
import { removeTempDirs, tempDir } from '../import/support';

const SEEDS = path.join(__dirname, '../../seeds');
const ECUADOR_TABLE = path.join(__dirname, '../gazetteer/fixtures/ec-adm1.csv');

/**
 * The `location` table the migrations loaded before the reference step existed (measured on that
 * code path, commit cffd4d1, the same on SQLite and PostgreSQL): 250 countries, the 50 admin-1
 * areas of the shipped COD-AB tables of Peru and Venezuela, 3979 ISO 3166-2 subdivisions.
 */
const LOCATIONS_BEFORE_THE_STEP = { rows: 4279, sha256: 'b03a25768b61ecc123c4b866a1ec44b31e36414c794297f500b1accfeea82470' };

const DATASETS = ['countries', 'gazetteers/PE.csv', 'gazetteers/VE.csv', 'iso-3166-2', 'published-figures'];
const all = (outcome: string) => Object.fromEntries(DATASETS.map((d) => [d, outcome]));

async function locations(ds: DataSource, where = '1 = 1'): Promise<{ rows: number; sha256: string }> {
  const rows = (await ds.query(
    `SELECT pcode, level, name, country_iso3, aliases, names_json, iso_code, source, parent_pcode FROM location WHERE ${where} ORDER BY pcode`,
  )) as Record<string, unknown>[];
  const hash = createHash('sha256');
  for (const r of rows) hash.update(`${JSON.stringify(r)}\n`);
  return { rows: rows.length, sha256: hash.digest('hex') };
}

const count = async (ds: DataSource, table: string) => Number((await ds.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
const dataVersion = async (ds: DataSource) => Number((await ds.query("SELECT value FROM hub_setting WHERE key = 'data_version'"))[0].value);
const nameOf = async (ds: DataSource, pcode: string) => (await ds.query(`SELECT name FROM location WHERE pcode = '${pcode}'`))[0]?.name;
const recorded = (ds: DataSource) => ds.query('SELECT name, version, rows_hash, loaded_at FROM reference_dataset ORDER BY name');

/** A copy of the shipped datasets (seeds/gazetteers, seeds/reference), as a later release would ship them. */
function nextRelease(edit: { gazetteers?: Record<string, (csv: string) => string>; figures?: (f: { value: number | null }[]) => void }): string {
  const dir = tempDir('dtm-reference-');
  for (const sub of ['gazetteers', 'reference']) cpSync(path.join(SEEDS, sub), path.join(dir, sub), { recursive: true });
  for (const [file, change] of Object.entries(edit.gazetteers ?? {})) {
    const full = path.join(dir, 'gazetteers', file);
    writeFileSync(full, change(readFileSync(full, 'utf8')));
  }
  if (edit.figures) {
    const full = path.join(dir, 'reference', 'published-figures.json');
    const figures = JSON.parse(readFileSync(full, 'utf8'));
    edit.figures(figures);
    writeFileSync(full, JSON.stringify(figures, null, 2));
  }
  return dir;
}

describe('Reference step: the shipped datasets, each loaded when its version changes', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.config);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
    removeTempDirs();
  });

  it('loads every dataset into a new database: the same locations the migrations loaded, and every figure and series of the reference files', async () => {
    expect(await runReferenceStep(ds)).toEqual(all('loaded'));
    expect(await locations(ds)).toEqual(LOCATIONS_BEFORE_THE_STEP);
    const figures = JSON.parse(readFileSync(path.join(SEEDS, 'reference/published-figures.json'), 'utf8')) as unknown[];
    const series = JSON.parse(readFileSync(path.join(SEEDS, 'reference/flow-statistics.json'), 'utf8')).statistics as unknown[];
    expect(await count(ds, 'published_figure')).toBe(figures.length);
    expect(await count(ds, 'flow_statistic')).toBe(series.length);
    const versions = (await recorded(ds)) as { name: string; version: string }[];
    expect(versions.map((v) => v.name)).toEqual(DATASETS);
    expect(versions.every((v) => /^[0-9a-f]{64}$/.test(v.version))).toBe(true);
  });

  it('changes nothing when run again: same rows, same records, same data version', async () => {
    const before = { locations: await locations(ds), figures: await count(ds, 'published_figure'), series: await count(ds, 'flow_statistic') };
    const records = await recorded(ds);
    const version = await dataVersion(ds);
    expect(await runReferenceStep(ds)).toEqual(all('current'));
    expect({ locations: await locations(ds), figures: await count(ds, 'published_figure'), series: await count(ds, 'flow_statistic') }).toEqual(before);
    expect(await recorded(ds)).toEqual(records);
    expect(await dataVersion(ds)).toBe(version);
  });

  it('gives a database loaded by an earlier release the datasets a later release changed, and only those', async () => {
    const release = nextRelease({
      gazetteers: { 'PE.csv': (csv) => csv.replace('Perú,PE,Amazonas,PE01', 'Perú,PE,Amazonas Norte,PE01') },
      figures: (figures) => {
        figures[0].value = 2_600_001;
      },
    });
    const version = await dataVersion(ds);
    expect(await runReferenceStep(ds, release)).toEqual({ ...all('current'), 'gazetteers/PE.csv': 'loaded', 'published-figures': 'loaded' });
    expect(await nameOf(ds, 'PE01')).toBe('Amazonas Norte');
    const [figure] = await ds.query("SELECT value FROM published_figure WHERE round = 4 AND indicator = 'venezuelans_residing_abroad'");
    expect(Number(figure.value)).toBe(2_600_001);
    // One transaction per changed dataset, each bumping the version caches key on.
    expect(await dataVersion(ds)).toBe(version + 2);
    expect(await runReferenceStep(ds, release)).toEqual(all('current'));
    expect(await dataVersion(ds)).toBe(version + 2);
  });

  it('takes over the rows the migrations loaded before the step existed without writing them again', async () => {
    await runReferenceStep(ds);
    const before = await locations(ds);
    const version = await dataVersion(ds);
    // A database migrated by an earlier release has the rows and no record of them.
    await ds.query('DELETE FROM reference_dataset');
    expect(await runReferenceStep(ds)).toEqual(all('loaded'));
    expect(await locations(ds)).toEqual(before);
    // The figures cannot tell whose they are and are written again: one bump, no other.
    expect(await dataVersion(ds)).toBe(version + 1);
    expect(await runReferenceStep(ds)).toEqual(all('current'));
  });

  it("keeps a country's table that a data manager loaded with `dtm-hub locations import` when a later release changes the shipped one", async () => {
    const own = path.join(tempDir('dtm-reference-'), 'VE.csv');
    writeFileSync(own, readFileSync(path.join(SEEDS, 'gazetteers/VE.csv'), 'utf8').replace('Venezuela,VE,Amazonas,VE02', 'Venezuela,VE,Amazonas (estado),VE02'));
    expect((await cli(db, 'locations', 'import', own)).code).toBe(0);
    const theirs = await locations(ds, "country_iso3 = 'VEN'");
    const release = nextRelease({ gazetteers: { 'VE.csv': (csv) => csv.replace('Venezuela,VE,Apure,VE04', 'Venezuela,VE,Apure Sur,VE04') } });
    expect(await runReferenceStep(ds, release)).toEqual({ ...all('current'), 'gazetteers/VE.csv': 'kept' });
    expect(await locations(ds, "country_iso3 = 'VEN'")).toEqual(theirs);
    expect([await nameOf(ds, 'VE02'), await nameOf(ds, 'VE04')]).toEqual(['Amazonas (estado)', 'Apure']);
  });

  it('keeps a table a data manager loaded before the step existed, and stops trying once it knows', async () => {
    const theirs = await locations(ds, "country_iso3 = 'VEN'");
    const version = await dataVersion(ds);
    // As on a database set up before the step: the rows are there, the record is not.
    await ds.query("DELETE FROM reference_dataset WHERE name = 'gazetteers/VE.csv'");
    expect(await runReferenceStep(ds)).toEqual({ ...all('current'), 'gazetteers/VE.csv': 'kept' });
    expect(await locations(ds, "country_iso3 = 'VEN'")).toEqual(theirs);
    expect(await ds.query("SELECT version, rows_hash FROM reference_dataset WHERE name = 'gazetteers/VE.csv'")).toEqual([{ version: 'kept', rows_hash: null }]);
    const records = await recorded(ds);
    expect(await runReferenceStep(ds)).toEqual({ ...all('current'), 'gazetteers/VE.csv': 'kept' });
    // Not loaded and undone again: that would record `kept` anew, at a later time.
    expect(await recorded(ds)).toEqual(records);
    expect(await locations(ds, "country_iso3 = 'VEN'")).toEqual(theirs);
    expect(await dataVersion(ds)).toBe(version);
  });

  it('keeps a COD-AB table of a country without a shipped one when the ISO 3166-2 areas are reloaded (a deleted record forces the reload)', async () => {
    expect((await cli(db, 'locations', 'import', ECUADOR_TABLE)).code).toBe(0);
    const ecuador = await locations(ds, "country_iso3 = 'ECU'");
    const iso = await locations(ds, "source = 'iso-3166-2'");
    // The fixture's five provinces, from the COD-AB table instead of ISO 3166-2's 24.
    expect(ecuador.rows).toBe(1 + 5);
    await ds.query("DELETE FROM reference_dataset WHERE name = 'iso-3166-2'");
    expect((await runReferenceStep(ds))['iso-3166-2']).toBe('loaded');
    expect(await locations(ds, "country_iso3 = 'ECU'")).toEqual(ecuador);
    expect(await locations(ds, "source = 'iso-3166-2'")).toEqual(iso);
  });
});
