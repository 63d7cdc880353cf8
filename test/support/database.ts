import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/**
 * A private database for one test file: a fresh SQLite file, or, when the suite runs with
 * DATABASE_URL=postgres://..., a fresh PostgreSQL database created next to the one named
 * (so that parallel test files never see each other's rows). `drop()` removes it.
 */
export interface TestDatabase {
  config: { DATABASE_URL?: string; SQLITE_PATH: string };
  engine: 'sqlite' | 'postgres';
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `dtm_test_${randomBytes(6).toString('hex')}`;
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const own = new URL(url);
    own.pathname = `/${name}`;
    return {
      config: { DATABASE_URL: own.toString(), SQLITE_PATH: ':memory:' },
      engine: 'postgres',
      async drop() {
        const c = new Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'dtm-test-'));
  return {
    config: { SQLITE_PATH: path.join(dir, 'hub.sqlite') },
    engine: 'sqlite',
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
