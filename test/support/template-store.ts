import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { hashFiles, listFiles, root } from '../../scripts/source-stamp';
import { serverDatabaseName } from './database';

/**
 * Where the template databases live and how they are named (template-database.ts builds and copies
 * them; the global set-up and teardown prune them). Light on purpose: the global set-up runs in
 * jest's main process, which need not load TypeORM.
 */

/**
 * The hash of what every template's content depends on: sources and seeds (the migrations,
 * reference data and importer live there), the installed packages (the lock file), and the
 * suite's seeding steps. Computed once per run by the global set-up, which passes it to the workers.
 */
export function codeHash(): string {
  return (process.env.DTM_TEST_CODE_HASH ??= hashFiles([
    ...listFiles(['src', 'seeds'], /./),
    'package-lock.json',
    'test/support/template-database.ts',
  ]).slice(0, 12));
}

/** Per checkout, so two working copies of the project never prune each other's templates. */
export function sqliteTemplateDir(): string {
  return path.join(tmpdir(), `dtm-hub-test-templates-${createHash('sha256').update(root).digest('hex').slice(0, 8)}`);
}

/** Removes this checkout's SQLite templates built from other sources than the current ones. */
export function pruneSqliteTemplates(): void {
  const dir = sqliteTemplateDir();
  if (!existsSync(dir)) return;
  for (const file of readdirSync(dir)) {
    if (!file.startsWith(`${codeHash()}-`)) rmSync(path.join(dir, file), { force: true });
  }
}

export async function onServer<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** `test` → `test_tmpl_`: the templates made beside the database DATABASE_URL names. */
export function postgresTemplatePrefix(url: string): string {
  return `${serverDatabaseName(url)}_tmpl_`;
}

/** Drops the templates of other sources than the current ones and, given a run's prefix, the databases its test files left. */
export async function prunePostgres(url: string, runPrefix?: string): Promise<void> {
  const prefix = postgresTemplatePrefix(url);
  await onServer(url, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database');
    for (const { datname } of rows) {
      const staleTemplate = datname.startsWith(prefix) && !datname.startsWith(`${prefix}${codeHash()}_`);
      const leftByRun = runPrefix !== undefined && datname.startsWith(`${runPrefix}_`);
      if (staleTemplate || leftByRun) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  });
}
