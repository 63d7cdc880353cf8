import { DataSource, Logger } from 'typeorm';
import type { Config } from '../config/config';
import { openDatabase } from '../orm/data-source';
import { backfillRecordKeys } from './record-key-backfill';
import { forgetReferenceDatasets, ReferenceOutcome, runReferenceStep } from './reference-step';

/**
 * What a migrated database is given that the migrations cannot give: the record keys of rows
 * older than them, and the reference datasets. `reload` names datasets to load again whatever
 * version was recorded (`dtm-hub migrate --reload`).
 */
export async function provisionDatabase(ds: DataSource, options: { reload?: string[] } = {}): Promise<Record<string, ReferenceOutcome>> {
  await backfillRecordKeys(ds);
  if (options.reload?.length) await forgetReferenceDatasets(ds, options.reload);
  return runReferenceStep(ds);
}

/** The database as the hub and every `dtm-hub` command use it: migrated, then provisioned. */
export async function openHubDatabase(config: Pick<Config, 'DATABASE_URL' | 'SQLITE_PATH'>, options: { logger?: Logger } = {}): Promise<DataSource> {
  const ds = await openDatabase(config, options);
  try {
    await provisionDatabase(ds);
  } catch (e) {
    await ds.destroy();
    throw e;
  }
  return ds;
}
