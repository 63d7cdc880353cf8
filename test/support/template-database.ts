import 'reflect-metadata';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { openDatabase } from '../../src/orm/data-source';
import { hashFiles, listFiles, root } from '../../scripts/source-stamp';
import { TestDatabase, testDatabasePrefix } from './database';
import { withLockFile } from './lock-file';
import { codeHash, markTemplate, onServer, postgresTemplatePrefix, sqliteTemplateDir } from './template-store';

/**
 * Migrating, loading the reference data and importing a seed round took most of a test file's
 * set-up, and every file did it again. A template holds that result once: a SQLite file copied per
 * test file, or a PostgreSQL database each file's own database is created from
 * (`CREATE DATABASE ... TEMPLATE`). A template is named by a hash of everything that shapes its
 * content (sources, seeds, the lock file, the bundles loaded), so any change builds a new one, and
 * it is built by the same functions the tests used before (openDatabase, runReferenceStep,
 * importBundle), so changes to those reach it without an edit here.
 */

/**
 * The record-key secret of the cell-key method is random per database; the suite fixes it so that
 * the published (perturbed) values, and so the privacy attack rates, are the same on every run.
 * `TEST_RECORD_KEY_SECRET=random` keeps each database's own random secret (to check that the
 * rates hold for other secrets): no template is used then, as a copy would share its secret.
 */
export const TEST_RECORD_KEY_SECRET = process.env.TEST_RECORD_KEY_SECRET ?? '5eed'.repeat(16);
export const TEMPLATES_ENABLED = TEST_RECORD_KEY_SECRET !== 'random';

/** Fills a migrated database: the suite's record-key secret, the reference data, then the bundles in order. */
export async function seedDatabase(ds: DataSource, bundles: string[]): Promise<void> {
  if (TEST_RECORD_KEY_SECRET !== 'random') {
    const p = ds.options.type === 'postgres' ? '$1' : '?';
    await ds.query(`UPDATE hub_setting SET value = ${p} WHERE key = 'record_key_secret'`, [TEST_RECORD_KEY_SECRET]);
  }
  // Loaded when a template is built, not by every test file that copies one (the reference step
  // brings the gazetteers, iso-3166 among them).
  const { runReferenceStep } = await import('../../src/provisioning/reference-step');
  await runReferenceStep(ds);
  await importBundles(ds, bundles);
}

export async function importBundles(ds: DataSource, bundles: string[]): Promise<void> {
  if (bundles.length === 0) return;
  const { importBundle } = await import('../../src/import/import-round');
  for (const bundle of bundles) {
    const result = await importBundle(ds, bundle);
    if (!result.ok) throw new Error(`fixture bundle ${bundle} did not import: ${result.violations[0]?.message}`);
  }
}

/** A bundle inside the project (seeds, test fixtures) can be part of a template; one made by a test in a temporary folder cannot. */
export function isTemplatable(bundle: string): boolean {
  const rel = path.relative(root, bundle);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

function variantHash(bundles: string[]): string {
  const files = bundles.map((b) => path.relative(root, b).split(path.sep).join('/'));
  const contents = files.flatMap((f) => (statSync(path.join(root, f)).isDirectory() ? listFiles([f], /./) : [f]));
  return createHash('sha256')
    .update(JSON.stringify([files, hashFiles(contents), TEST_RECORD_KEY_SECRET]))
    .digest('hex')
    .slice(0, 8);
}

/** A fresh database for one test file, holding the migrations, the reference data and `bundles` (project bundles only). */
export async function copyOfTemplate(bundles: string[]): Promise<TestDatabase> {
  const variant = variantHash(bundles);
  return process.env.DATABASE_URL ? copyPostgres(process.env.DATABASE_URL, variant, bundles) : copySqlite(variant, bundles);
}

// SQLite: a file in this checkout's template folder, copied.
async function copySqlite(variant: string, bundles: string[]): Promise<TestDatabase> {
  const dir = sqliteTemplateDir();
  mkdirSync(dir, { recursive: true });
  const template = path.join(dir, `${codeHash()}-${variant}.sqlite`);
  if (!existsSync(template)) {
    // Workers that need the same template wait for the one building it.
    await withLockFile(`${template}.lock`, async () => {
      if (existsSync(template)) return;
      const building = `${template}.${process.pid}.building`;
      const ds = await openDatabase({ SQLITE_PATH: building });
      try {
        await seedDatabase(ds, bundles);
        // Everything into the main file: the copy is of that file alone.
        await ds.query('PRAGMA wal_checkpoint(TRUNCATE)');
      } finally {
        await ds.destroy();
      }
      renameSync(building, template);
      for (const side of ['-wal', '-shm']) rmSync(building + side, { force: true });
    });
  }
  const own = mkdtempSync(path.join(tmpdir(), `${testDatabasePrefix()}-`));
  copyFileSync(template, path.join(own, 'hub.sqlite'));
  return {
    config: { SQLITE_PATH: path.join(own, 'hub.sqlite') },
    engine: 'sqlite',
    async drop() {
      rmSync(own, { recursive: true, force: true });
    },
  };
}

// PostgreSQL: databases beside the one DATABASE_URL names, created from the template.
function urlOf(url: string, database: string): string {
  const own = new URL(url);
  own.pathname = `/${database}`;
  return own.toString();
}

async function copyPostgres(url: string, variant: string, bundles: string[]): Promise<TestDatabase> {
  const template = `${postgresTemplatePrefix(url)}${codeHash()}_${variant}`;
  const name = `${testDatabasePrefix()}_${randomBytes(6).toString('hex')}`;
  await onServer(url, async (admin) => {
    const exists = async () => (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])).rowCount === 1;
    if (!(await exists())) {
      // Workers that need the same template wait for the one building it; the lock goes with its session.
      await admin.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
      try {
        if (!(await exists())) await buildPostgresTemplate(admin, url, template, bundles);
      } finally {
        await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
      }
    }
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  });
  return {
    config: { DATABASE_URL: urlOf(url, name), SQLITE_PATH: ':memory:' },
    engine: 'postgres',
    drop: () => onServer(url, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function buildPostgresTemplate(admin: Client, url: string, template: string, bundles: string[]): Promise<void> {
  // Built under another name and renamed when complete: a template that exists is a whole one.
  const building = `${template}_b`;
  await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${building}`);
  // Marked at once: another checkout's prune keeps what a living checkout builds.
  await markTemplate(admin, building);
  const ds = await openDatabase({ DATABASE_URL: urlOf(url, building), SQLITE_PATH: ':memory:' });
  try {
    await seedDatabase(ds, bundles);
  } finally {
    await ds.destroy();
  }
  await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
  // A copy fails while anyone is connected to its template: nobody can be.
  await admin.query(`ALTER DATABASE ${template} WITH ALLOW_CONNECTIONS false`);
}
