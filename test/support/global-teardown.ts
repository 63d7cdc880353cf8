import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testDatabasePrefix } from './database';
import { prunePostgres } from './template-store';

/** Drops the databases of this run that a test file did not drop itself (it crashed, or forgot). Templates stay for the next run. */
export default async function globalTeardown(): Promise<void> {
  const prefix = testDatabasePrefix();
  if (process.env.DATABASE_URL) {
    await prunePostgres(process.env.DATABASE_URL, prefix);
    return;
  }
  for (const entry of readdirSync(tmpdir())) {
    if (entry.startsWith(`${prefix}-`)) rmSync(path.join(tmpdir(), entry), { recursive: true, force: true });
  }
}
