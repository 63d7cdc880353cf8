import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/**
 * A throw-away database for a test file or a benchmark run: a fresh SQLite file in a temporary
 * folder or, when DATABASE_URL names a PostgreSQL server, a fresh database created beside the one
 * named (so parallel runs never see each other's rows). `drop()` removes it.
 */
export interface ScratchDatabase {
  config: { DATABASE_URL?: string; SQLITE_PATH: string };
  engine: 'sqlite' | 'postgres';
  drop(): Promise<void>;
}

async function onServer(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createScratchDatabase(prefix: string, url = process.env.DATABASE_URL): Promise<ScratchDatabase> {
  if (url) {
    const name = `${prefix}_${randomBytes(6).toString('hex')}`;
    await onServer(url, `CREATE DATABASE ${name}`);
    const own = new URL(url);
    own.pathname = `/${name}`;
    return {
      config: { DATABASE_URL: own.toString(), SQLITE_PATH: ':memory:' },
      engine: 'postgres',
      drop: () => onServer(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  return {
    config: { SQLITE_PATH: path.join(dir, 'hub.sqlite') },
    engine: 'sqlite',
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
