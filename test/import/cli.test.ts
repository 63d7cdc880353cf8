import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/run';
import { createTestDatabase, TestDatabase } from '../support/database';
import { bundleVariant, FIXTURE, removeTempDirs, setCell, tempDir } from './support';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

describe('Import: the dtm-hub command line', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
    removeTempDirs();
  });

  async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    return runWith(true, ...argv);
  }

  async function runWith(quiet: boolean, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const stdout = new Capture();
    const stderr = new Capture();
    const env = { ...process.env, SQLITE_PATH: db.config.SQLITE_PATH, DATABASE_URL: db.config.DATABASE_URL };
    if (!db.config.DATABASE_URL) delete env.DATABASE_URL;
    const code = await runCli(argv, { stdout, stderr, env, quiet });
    // A command that opens the database names it first (test/cli/target-database.test.ts).
    const named = `database: ${db.config.DATABASE_URL ?? `sqlite ${db.config.SQLITE_PATH}`}\n`;
    return { code, out: stdout.text, err: stderr.text.startsWith(named) ? stderr.text.slice(named.length) : stderr.text };
  }

  it('checks a bundle with --dry-run and exits 0', async () => {
    expect(await run('import', FIXTURE, '--dry-run')).toEqual({
      code: 0,
      out: `Dry run: ${FIXTURE} is valid (round PER-7: 5 respondents, 5 households, 7 children). Nothing was written.\n`,
      err: '',
    });
  });

  it('imports a bundle into a fresh database and exits 0', async () => {
    expect(await run('import', FIXTURE)).toEqual({ code: 0, out: 'Imported round PER-7: 5 respondents, 5 households, 7 children.\n', err: '' });
  });

  it('lists violations for the operator and exits 1', async () => {
    const bundle = bundleVariant({ 'respondents.csv': (t) => setCell(setCell(t, 4, 'age', '101'), 5, 'sex', 'x') });
    expect(await run('import', bundle)).toEqual({
      code: 1,
      out:
        `${bundle} was not imported: 2 violations.\n` +
        '  - respondents.csv, row 4, column age, value "101": must be an integer from 18 to 100 [range]\n' +
        '  - respondents.csv, row 5, column sex, value "x": must be one of male, female [code]\n' +
        'Nothing was written.\n',
      err: '',
    });
  });

  it('prints the result as JSON with --json', async () => {
    const bundle = bundleVariant({ 'households.csv': '' });
    const { code, out } = await run('import', bundle, '--json', '--max-violations', '5');
    expect(code).toBe(1);
    expect(JSON.parse(out)).toEqual({
      dryRun: false,
      ok: false,
      totalViolations: 1,
      warnings: [],
      violations: [
        {
          file: 'households.csv',
          rule: 'empty-file',
          message: 'households.csv: the file is empty; its first row must be the header naming the columns [empty-file]',
        },
      ],
    });
  });

  it('exports a round to a folder', async () => {
    const folder = path.join(tempDir(), 'out');
    expect(await run('export', 'PER', '7', folder)).toEqual({
      code: 0,
      out: `Exported round PER-7 to ${folder}: 5 respondents, 5 households, 7 children.\n`,
      err: '',
    });
    expect(readFileSync(path.join(folder, 'households.csv'), 'utf8').split('\n')[1]).toBe('h1,r1,3,1,4,2');
  });

  it('reports progress on stderr as plain lines of counts when it is not a terminal', async () => {
    const { code, err } = await runWith(false, 'import', FIXTURE);
    expect(code).toBe(0);
    expect(err.split('\n').filter(Boolean).map((l) => l.replace(/\d+ rows\/s/, 'N rows/s').replace(/ETA \d+ s/, 'ETA N s'))).toEqual([
      'checking: 17 rows, N rows/s, 100%, ETA N s',
      'writing: 17 rows, N rows/s, 100%, ETA N s',
    ]);
  });

  it('exits 1 when the round to export does not exist and 2 on a usage error', async () => {
    expect(await run('export', 'PER', '8', tempDir())).toEqual({ code: 1, out: '', err: 'error: round PER-8 does not exist\n' });
    const usage = await run('export', 'PER', 'four', tempDir());
    expect(usage).toEqual({ code: 2, out: '', err: 'error: <round> must be a round number ≥ 1\n' });
  });

  it('refuses a --wait that is not a whole number of seconds as a usage error (exit 2)', async () => {
    for (const wait of ['-1', '1.5', 'soon']) {
      expect(await run('import', FIXTURE, '--wait', wait)).toEqual({ code: 2, out: '', err: 'error: --wait must be a whole number of seconds (0 or more)\n' });
    }
  });
});
