import path from 'node:path';
import { dtmHub } from './support';
import { createTestDatabase, TestDatabase } from '../support/database';
import { FIXTURE, removeTempDirs, tempDir } from '../import/support';

const ECUADOR_TABLE = path.join(__dirname, '..', 'gazetteer', 'fixtures', 'ec-adm1.csv');

describe('CLI: every command that opens the database names it first', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let named: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    if (db.config.DATABASE_URL) {
      // A password in the URL (the test server trusts local users and ignores it) must not be shown.
      const url = new URL(db.config.DATABASE_URL);
      url.password = 'pw-never-shown';
      env = { DATABASE_URL: url.toString() };
      named = `database: ${db.config.DATABASE_URL.replace('@', ':***@')}\n`;
    } else {
      env = { SQLITE_PATH: db.config.SQLITE_PATH };
      named = `database: sqlite ${db.config.SQLITE_PATH}\n`;
    }
  });
  afterAll(async () => {
    await db.drop();
    removeTempDirs();
  });

  it.each([
    ['import --dry-run', () => ['import', FIXTURE, '--dry-run']],
    ['export', () => ['export', 'PER', '7', tempDir()]],
    ['keys list', () => ['keys', 'list']],
    ['locations import --dry-run', () => ['locations', 'import', ECUADOR_TABLE, '--dry-run']],
  ])('writes the database as the first line of stderr for %s', async (_name, argv) => {
    const { err } = await dtmHub(env, ...argv());
    expect(err.slice(0, named.length)).toBe(named);
    expect(err).not.toContain('pw-never-shown');
  });

  it('names the database before a failed connection, the password masked there and in the error', async () => {
    // Port 9 (discard) on the loopback: nothing listens, the connection is refused at once.
    const { code, err } = await dtmHub({ DATABASE_URL: 'postgres://dtm:s3cret-pw@127.0.0.1:9/hub' }, 'keys', 'list');
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toBe('database: postgres://dtm:***@127.0.0.1:9/hub');
    expect(err).not.toContain('s3cret-pw');
  });

  it('writes no database line for a usage error found before the database is opened', async () => {
    expect(await dtmHub(env, 'export', 'PER', 'four', tempDir())).toEqual({ code: 2, out: '', err: 'error: <round> must be a round number ≥ 1\n' });
  });
});
