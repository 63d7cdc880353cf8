import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { openHubDatabase } from '../../src/provisioning/hub-database';
import { createTestDatabase, TestDatabase } from '../support/database';

/** The small valid bundle every import test starts from (round PER-7, 5 respondents). */
export const FIXTURE = path.join(__dirname, 'fixtures', 'valid-round');

export const ROW_TABLES = ['round', 'survey_point', 'respondent', 'respondent_choice', 'household', 'child'] as const;

const ORDER: Record<(typeof ROW_TABLES)[number], string> = {
  round: 'id',
  survey_point: 'id',
  respondent: 'id',
  respondent_choice: 'respondent_id, question, code',
  household: 'id',
  child: 'id',
};

export interface OpenDb {
  ds: DataSource;
  db: TestDatabase;
  close(): Promise<void>;
}

export async function openTestDb(): Promise<OpenDb> {
  const db = await createTestDatabase();
  const ds = await openHubDatabase(db.config);
  return {
    ds,
    db,
    async close() {
      await ds.destroy();
      await db.drop();
    },
  };
}

function normalise(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return v;
}

/** Row count and a SHA-256 of every row (in key order) of each table an import writes. */
export async function snapshot(ds: DataSource): Promise<Record<string, { rows: number; sha256: string }>> {
  const out: Record<string, { rows: number; sha256: string }> = {};
  for (const table of ROW_TABLES) {
    const rows = (await ds.query(`SELECT * FROM "${table}" ORDER BY ${ORDER[table]}`)) as Record<string, unknown>[];
    const hash = createHash('sha256');
    for (const row of rows) {
      hash.update(JSON.stringify(Object.keys(row).sort().map((k) => [k, normalise(row[k])])));
      hash.update('\n');
    }
    out[table] = { rows: rows.length, sha256: hash.digest('hex') };
  }
  return out;
}

const made: string[] = [];

export function tempDir(prefix = 'dtm-import-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A copy of the fixture with some files rewritten (a function gets the original text). */
export function bundleVariant(edits: Record<string, ((text: string) => string | Buffer) | string | Buffer | null>): string {
  const dir = path.join(tempDir(), 'bundle');
  cpSync(FIXTURE, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const target = path.join(dir, file);
    if (edit === null) {
      rmSync(target);
      continue;
    }
    const content = typeof edit === 'function' ? edit(readFileSync(target, 'utf8')) : edit;
    writeFileSync(target, content);
  }
  return dir;
}

/** Replaces one cell of a CSV text, addressed by row number (header = 1) and column name. */
export function setCell(text: string, row: number, column: string, value: string): string {
  const lines = text.split('\n');
  const header = lines[0].split(',');
  const at = header.indexOf(column);
  if (at < 0) throw new Error(`no column ${column}`);
  const cells = lines[row - 1].split(',');
  cells[at] = value;
  lines[row - 1] = cells.join(',');
  return lines.join('\n');
}
