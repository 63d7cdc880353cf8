import { randomBytes } from 'node:crypto';
import { codeHash, prunePostgres, pruneSqliteTemplates } from './template-store';

/**
 * Runs once per `jest` run, before any test file. The run id names this run's databases (so its
 * teardown can drop what a crashed file left); the source hash names the templates they are copied
 * from. Both reach the workers through the environment.
 */
export default async function globalSetup(): Promise<void> {
  process.env.DTM_TEST_RUN = randomBytes(3).toString('hex');
  delete process.env.DTM_TEST_CODE_HASH;
  codeHash();
  if (process.env.DATABASE_URL) await prunePostgres(process.env.DATABASE_URL);
  else pruneSqliteTemplates();
}
