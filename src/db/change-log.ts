import { bumpDataVersion } from './data-version';

/**
 * The change log: one row for every change of the data served (a round imported, replaced or
 * deleted, a reference dataset reloaded, a gazetteer loaded), written inside the transaction that
 * makes the change, with the data version that change gave. Partners page it with `changes` and
 * filter `rounds`, `flowStatistics` and `publishedFigures` by it (`updatedSince`).
 */
export type ChangeKind =
  | 'ROUND_IMPORTED'
  | 'ROUND_REPLACED'
  | 'ROUND_DELETED'
  | 'REFERENCE_RELOADED'
  | 'GAZETTEER_LOADED'
  | 'CHANGE_LOG_STARTED';

/** What changed: a round (its id and country), or a dataset (its name, and its country when it has one). */
export interface ChangeSubject {
  kind: ChangeKind;
  roundId?: string | null;
  country?: string | null;
  dataset?: string | null;
}

/** The name of the reference dataset whose reload replaces the published figures and the official series. */
export const FIGURES_DATASET = 'published-figures';

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
  connection: { options: { type: string } };
}

const mark = (db: Queryable, i: number) => (db.connection.options.type === 'postgres' ? `$${i}` : '?');

/**
 * Bumps the data version and records the change with it; call it inside the transaction that
 * changes the data, in place of `bumpDataVersion`. The entry is written after the bump, whose row
 * lock orders concurrent writers: ids follow commit order on both engines, so a partner paging
 * by id (`changes(after:)`) never sees a later id commit before an earlier one.
 */
export async function recordChange(db: Queryable, change: ChangeSubject): Promise<number> {
  const version = await bumpDataVersion(db);
  await db.query(
    `INSERT INTO change_log (kind, round_id, country, dataset, data_version, changed_at) VALUES (${[1, 2, 3, 4, 5, 6].map((i) => mark(db, i)).join(', ')})`,
    [change.kind, change.roundId ?? null, change.country ?? null, change.dataset ?? null, version, new Date().toISOString()],
  );
  return version;
}
