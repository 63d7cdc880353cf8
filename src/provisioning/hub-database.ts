import { DataSource, Logger } from 'typeorm';
import type { Config } from '../config/config';
import { openDatabase } from '../orm/data-source';
import { backfillRecordKeys } from './record-key-backfill';
import { runReferenceStep } from './reference-step';

/**
 * The database as the hub and every `dtm-hub` command use it: schema migrated, then the data the
 * migrations cannot give (the reference datasets, the record keys of rows older than them).
 */
export async function openHubDatabase(config: Pick<Config, 'DATABASE_URL' | 'SQLITE_PATH'>, options: { logger?: Logger } = {}): Promise<DataSource> {
  const ds = await openDatabase(config, options);
  try {
    await backfillRecordKeys(ds);
    await runReferenceStep(ds);
  } catch (e) {
    await ds.destroy();
    throw e;
  }
  return ds;
}
