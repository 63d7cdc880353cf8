import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { runCli } from '../../src/cli/run';
import { TestDatabase } from '../support/database';
import { bundleVariant, tempDir } from '../import/support';

/** A COD-AB admin-1 table of Ecuador written for these tests: BOM, HXL row, ADM1_ES and ADM1_EN, CRLF. */
export const ECUADOR_TABLE = path.join(__dirname, 'fixtures', 'ec-adm1.csv');

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** Runs `dtm-hub ...` in-process against a test database, as an operator would. */
export async function cli(db: TestDatabase, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const env = { ...process.env, SQLITE_PATH: db.config.SQLITE_PATH, DATABASE_URL: db.config.DATABASE_URL };
  if (!db.config.DATABASE_URL) delete env.DATABASE_URL;
  const code = await runCli(argv, { stdout, stderr, env, quiet: true });
  // A command that opens the database names it first (test/cli/target-database.test.ts).
  const named = `database: ${db.config.DATABASE_URL ?? `sqlite ${db.config.SQLITE_PATH}`}\n`;
  return { code, out: stdout.text, err: stderr.text.startsWith(named) ? stderr.text.slice(named.length) : stderr.text };
}

/** A copy of the Ecuador table with its text edited, in a temporary folder under `name`. */
export function tableVariant(name: string, edit: (text: string) => string | Buffer): string {
  const file = path.join(tempDir('dtm-gazetteer-'), name);
  writeFileSync(file, edit(readFileSync(ECUADOR_TABLE, 'utf8')));
  return file;
}

/** Row count and SHA-256 of the whole `location` table, in p-code order. */
export async function locationTable(ds: DataSource): Promise<{ rows: number; sha256: string }> {
  const rows = (await ds.query('SELECT * FROM location ORDER BY pcode')) as Record<string, unknown>[];
  const hash = createHash('sha256');
  for (const row of rows) hash.update(`${JSON.stringify(Object.keys(row).sort().map((k) => [k, row[k]]))}\n`);
  return { rows: rows.length, sha256: hash.digest('hex') };
}

/**
 * A round of the Ecuador operation: the import fixture's respondents, interviewed at two survey
 * points of Ecuador whose areas are given as the operator would write them.
 */
export function ecuadorRound(number: number, border: string, terminal: string): string {
  const round = {
    country: 'ECU',
    number,
    name: `Test round ${number}: flow monitoring of the Venezuelan population in Ecuador`,
    fieldworkStart: '2018-11-05',
    fieldworkEnd: '2018-11-25',
    publishedOn: '2018-12-20',
    dataKind: 'synthetic_calibrated',
    caveat: 'Fixture rows for the gazetteer tests; not IOM microdata.',
    sourceUrl: 'https://example.org/dtm/ecuador/round-1',
    surveyPoints: [
      { code: 'cebaf_tumbes', name: 'Rumichaca', kind: 'border_control_point', direction: 'entry', admin1Pcode: border, borderWith: 'COL' },
      { code: 'lima_terminal', name: 'Terminal Quitumbe, Quito', kind: 'bus_terminal', direction: 'both', admin1Pcode: terminal, borderWith: null },
    ],
  };
  return bundleVariant({ 'round.json': JSON.stringify(round, null, 2) });
}
