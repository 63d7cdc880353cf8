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

/** This working copy of the project, in a few characters: templates are named per checkout. */
function checkoutTag(length: number): string {
  return createHash('sha256').update(root).digest('hex').slice(0, length);
}

/** Per checkout, so two working copies of the project never prune each other's templates. */
export function sqliteTemplateDir(): string {
  return path.join(tmpdir(), `dtm-hub-test-templates-${checkoutTag(8)}`);
}

/** Removes the entries of `dir` (files or folders) named for other sources than the current ones. */
export function pruneOtherSources(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    if (!entry.startsWith(`${codeHash()}-`)) rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
}

/** Removes this checkout's SQLite templates built from other sources than the current ones. */
export function pruneSqliteTemplates(): void {
  pruneOtherSources(sqliteTemplateDir());
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

/** `test` → `test_tmpl_`: what every checkout's templates beside the database DATABASE_URL names start with. */
function templatesPrefix(url: string): string {
  // Cut so that the longest name, `<prefix><checkout>_<code hash>_<variant>_b`, stays within PostgreSQL's 63 bytes.
  return `${serverDatabaseName(url).slice(0, 24)}_tmpl_`;
}

/**
 * `test` → `test_tmpl_1a2b3c_`: this checkout's templates. Per checkout, as the SQLite ones, so that
 * two working copies testing against one server (a clone for CI, a second worktree) never prune
 * each other's templates while they build or copy them.
 */
export function postgresTemplatePrefix(url: string): string {
  return `${templatesPrefix(url)}${checkoutTag(6)}_`;
}

/** Marks a template database (as soon as it is created) with the checkout it belongs to, for `prunePostgres`. */
export async function markTemplate(admin: Client, database: string): Promise<void> {
  await admin.query(`COMMENT ON DATABASE "${database}" IS ${admin.escapeLiteral(root)}`);
}

/**
 * Drops this checkout's templates of other sources than the current ones, the templates of
 * checkouts that no longer exist on this machine (or that carry no mark: made before templates
 * were named per checkout) and, given a run's prefix, the databases its test files left.
 */
export async function prunePostgres(url: string, runPrefix?: string): Promise<void> {
  const all = templatesPrefix(url);
  const own = postgresTemplatePrefix(url);
  await onServer(url, async (admin) => {
    const { rows } = await admin.query<{ datname: string; checkout: string | null }>(
      "SELECT datname, shobj_description(oid, 'pg_database') AS checkout FROM pg_database",
    );
    for (const { datname, checkout } of rows) {
      const ownStale = datname.startsWith(own) && !datname.startsWith(`${own}${codeHash()}_`);
      const orphan = datname.startsWith(all) && !datname.startsWith(own) && !(checkout && existsSync(checkout));
      const leftByRun = runPrefix !== undefined && datname.startsWith(`${runPrefix}_`);
      if (ownStale || orphan || leftByRun) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  });
}
