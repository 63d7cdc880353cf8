import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dtmHub } from './support';
import { createTestDatabase, TestDatabase } from '../support/database';
import { removeTempDirs, tempDir } from '../import/support';

/** Data rows of a generated CSV file, counted from the file (header excluded). */
const rowsOf = (folder: string, file: string) => readFileSync(path.join(folder, file), 'utf8').trim().split('\n').length - 1;

const read = (folder: string) => Object.fromEntries(['round.json', 'respondents.csv', 'households.csv', 'children.csv'].map((f) => [f, readFileSync(path.join(folder, f), 'utf8')]));

describe('CLI: dtm-hub bundle generate', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    db = await createTestDatabase();
    env = db.config.DATABASE_URL ? { DATABASE_URL: db.config.DATABASE_URL } : { SQLITE_PATH: db.config.SQLITE_PATH };
  });
  afterAll(async () => {
    await db.drop();
    removeTempDirs();
  });

  it.each([
    ['the defaults', [], 'PER-99'],
    ['--country, --round and --seed', ['--country', 'ecu', '--round', '3', '--seed', '5'], 'ECU-3'],
  ])('writes a bundle that imports cleanly with %s', async (_name, options, roundId) => {
    const folder = path.join(tempDir(), 'bundle');
    const made = await dtmHub({}, 'bundle', 'generate', '--respondents', '40', '--out', folder, ...options);
    const [households, children] = [rowsOf(folder, 'households.csv'), rowsOf(folder, 'children.csv')];
    expect(rowsOf(folder, 'respondents.csv')).toBe(40);
    expect(made).toEqual({
      code: 0,
      out: `Wrote round ${roundId} to ${folder}: 40 respondents, ${households} households, ${children} children (synthetic rows, not IOM data).\n`,
      err: '',
    });
    const checked = await dtmHub(env, 'import', folder, '--dry-run');
    expect({ code: checked.code, out: checked.out }).toEqual({
      code: 0,
      out: `Dry run: ${folder} is valid (round ${roundId}: 40 respondents, ${households} households, ${children} children). Nothing was written.\n`,
    });
  });

  it('writes the same files for the same seed and other rows for another seed', async () => {
    const [a, b, c] = [tempDir(), tempDir(), tempDir()];
    for (const [folder, seed] of [[a, '7'], [b, '7'], [c, '8']]) {
      expect((await dtmHub({}, 'bundle', 'generate', '--respondents', '25', '--seed', seed, '--out', folder)).code).toBe(0);
    }
    expect(read(b)).toEqual(read(a));
    expect(read(c)['respondents.csv']).not.toBe(read(a)['respondents.csv']);
  });

  it('refuses a folder that holds files, and writes nothing there', async () => {
    const folder = tempDir();
    writeFileSync(path.join(folder, 'round.json'), '{"kept": true}\n');
    expect(await dtmHub({}, 'bundle', 'generate', '--respondents', '5', '--out', folder)).toEqual({
      code: 2,
      out: '',
      err: `error: ${folder} is not empty; --out must be a new or empty folder, so that no file is overwritten.\n`,
    });
    expect(readFileSync(path.join(folder, 'round.json'), 'utf8')).toBe('{"kept": true}\n');
  });

  it('refuses a number of respondents that is not a whole number of 1 or more, with exit code 2', async () => {
    for (const n of ['0', '1.5', 'many']) {
      const { code, err } = await dtmHub({}, 'bundle', 'generate', '--respondents', n, '--out', path.join(tempDir(), 'never'));
      expect({ n, code, err }).toEqual({ n, code: 2, err: expect.stringContaining('--respondents must be a whole number from 1 to 10000000.') });
    }
  });
});
