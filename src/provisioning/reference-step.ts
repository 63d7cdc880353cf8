import { DataSource, EntityManager } from 'typeorm';
import { recordChange } from '../db/change-log';
import { ReferenceDataset, shippedDatasets } from './reference-datasets';
import { SEEDS_DIR } from './seed-database';

/**
 * What the step did with a dataset: `current` (its recorded version is the shipped one),
 * `loaded` (written, and recorded), `kept` (a data manager replaced its rows: left as they are).
 */
export type ReferenceOutcome = 'current' | 'loaded' | 'kept';

interface Recorded {
  version: string;
  rowsHash: string | null;
}

/** The version recorded for a dataset whose rows, found without a record, were not the step's. */
const KEPT = 'kept';

/** Thrown inside a dataset's transaction to undo it: the rows it found were not its own. */
class NotOwnRows extends Error {}

const mark = (m: EntityManager, i: number) => (m.connection.options.type === 'postgres' ? `$${i}` : '?');

async function recorded(m: EntityManager, name: string): Promise<Recorded | null> {
  const rows = (await m.query(`SELECT version, rows_hash FROM reference_dataset WHERE name = ${mark(m, 1)}`, [name])) as { version: string; rows_hash: string | null }[];
  return rows[0] ? { version: rows[0].version, rowsHash: rows[0].rows_hash } : null;
}

async function record(m: EntityManager, name: string, version: string, rowsHash: string | null): Promise<void> {
  await m.query(`DELETE FROM reference_dataset WHERE name = ${mark(m, 1)}`, [name]);
  await m.query(`INSERT INTO reference_dataset (name, version, rows_hash, loaded_at) VALUES (${mark(m, 1)}, ${mark(m, 2)}, ${mark(m, 3)}, ${mark(m, 4)})`, [
    name,
    version,
    rowsHash,
    new Date().toISOString(),
  ]);
}

/**
 * Loads one dataset when its shipped version differs from the recorded one, in one transaction
 * that also records the new version and, when a row changed, bumps the data version (so cached
 * answers are dropped with the old data).
 *
 * Rows a data manager replaced (`dtm-hub locations import`) are theirs: the step replaces a
 * country's areas only while they hash to what it recorded. Without a record (a database loaded by
 * the migrations that carried this data before the step existed, or a row deleted to force a
 * reload) it loads the dataset, and keeps the result only if the rows were empty or come out
 * unchanged; otherwise they were someone else's: the transaction is undone, and the dataset
 * recorded as `kept` (no version), so that later starts leave it without trying again.
 */
async function refresh(ds: DataSource, d: ReferenceDataset): Promise<ReferenceOutcome> {
  const was = await recorded(ds.manager, d.name);
  if (was?.version === d.version) return 'current';
  if (was && d.rowsHash && (await d.rowsHash(ds.manager)) !== was.rowsHash) return 'kept';
  try {
    return await ds.transaction(async (m) => {
      // Two hubs starting together: the second waits here, then finds the version recorded.
      if (m.connection.options.type === 'postgres') await m.query('LOCK TABLE reference_dataset IN SHARE ROW EXCLUSIVE MODE');
      const now = await recorded(m, d.name);
      if (now?.version === d.version) return 'current';
      const before = d.rowsHash ? await d.rowsHash(m) : null;
      const adopting = !now && before !== null;
      let changed: boolean;
      try {
        changed = await d.load(m);
      } catch (e) {
        // The shipped table does not fit rows that rounds use: they are not the step's.
        if (adopting) throw new NotOwnRows();
        throw e;
      }
      const after = d.rowsHash ? await d.rowsHash(m) : null;
      if (adopting && before !== after) throw new NotOwnRows();
      await record(m, d.name, d.version, after);
      if (changed) await recordChange(m, { kind: 'REFERENCE_RELOADED', dataset: d.name, country: d.country ?? null });
      return 'loaded';
    });
  } catch (e) {
    if (!(e instanceof NotOwnRows)) throw e;
    await ds.transaction((m) => record(m, d.name, KEPT, null));
    return 'kept';
  }
}

/** The names of the datasets shipped under `seedsDir`, in load order. */
export function referenceDatasetNames(seedsDir = SEEDS_DIR): string[] {
  return shippedDatasets(seedsDir).map((d) => d.name);
}

/**
 * Drops the records of the named datasets, so that the next run loads them whatever version they
 * had (rows a data manager loaded are still kept: see `refresh`). An unknown name is an error.
 */
export async function forgetReferenceDatasets(ds: DataSource, names: string[], seedsDir = SEEDS_DIR): Promise<void> {
  const known = referenceDatasetNames(seedsDir);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) throw new UnknownDatasetError(`no reference dataset is named ${unknown.join(', ')}: the datasets are ${known.join(', ')}`);
  await ds.transaction(async (m) => {
    for (const name of names) await m.query(`DELETE FROM reference_dataset WHERE name = ${mark(m, 1)}`, [name]);
  });
}

export class UnknownDatasetError extends Error {}

/**
 * The reference step: brings every dataset the hub ships (countries, the COD-AB tables of
 * `seeds/gazetteers`, ISO 3166-2 areas, the published figures and official series of
 * `seeds/reference`) to its shipped version. Run after the migrations on every start; running it
 * again changes nothing.
 */
export async function runReferenceStep(ds: DataSource, seedsDir = SEEDS_DIR): Promise<Record<string, ReferenceOutcome>> {
  const outcomes: Record<string, ReferenceOutcome> = {};
  for (const d of shippedDatasets(seedsDir)) outcomes[d.name] = await refresh(ds, d);
  return outcomes;
}
