import { dtmHub, PACKAGE_VERSION, runBuilt } from './support';
import { createTestDatabase, TestDatabase } from '../support/database';

/** The packages that make up the database layer: a command loads them, `--help` must not. */
const DATABASE_PACKAGES = ['pg', 'sqlite3', 'typeorm'];

describe('CLI: --help and --version', () => {
  it('prints the version package.json declares with --version and -V, and exits 0', async () => {
    expect(await dtmHub({}, '--version')).toEqual({ code: 0, out: `${PACKAGE_VERSION}\n`, err: '' });
    expect(await dtmHub({}, '-V')).toEqual({ code: 0, out: `${PACKAGE_VERSION}\n`, err: '' });
  });

  it('names the SQLite file the commands would change when DATABASE_URL is unset', async () => {
    const { code, out } = await dtmHub({}, '--help');
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: dtm-hub /);
    // The help ends with the database paragraph, after a blank line.
    expect(out.split('\n').slice(-5)).toEqual([
      '',
      'Database the commands read and change: sqlite data/dtm-hub.sqlite',
      '  SQLite, from SQLITE_PATH, as DATABASE_URL is unset (a postgres:// URL there selects PostgreSQL).',
      '  Settings come from the environment or from .env in the working directory.',
      '',
    ]);
    expect((await dtmHub({ SQLITE_PATH: '/srv/dtm/hub.sqlite' }, '--help')).out).toContain('change: sqlite /srv/dtm/hub.sqlite\n');
  });

  it('names the PostgreSQL database with its password masked, in the help of every command', async () => {
    const env = { DATABASE_URL: 'postgres://dtm:s3cret-pw@db.example.org:5432/hub?sslmode=require&sslpassword=key-pass' };
    for (const argv of [['--help'], ['import', '--help'], ['keys', 'revoke', '--help']]) {
      const { code, out, err } = await dtmHub(env, ...argv);
      expect({ argv, code, err }).toEqual({ argv, code: 0, err: '' });
      expect(out).toContain('change: postgres://dtm:***@db.example.org:5432/hub?sslmode=require&sslpassword=***\n  PostgreSQL, from DATABASE_URL');
      expect(out).not.toMatch(/s3cret-pw|key-pass/);
    }
  });

  it('says the database is not known while the configuration is invalid, and why', async () => {
    const { code, out } = await dtmHub({ SQLITE_PATH: '/srv/dtm/hub.sqlite', PORT: 'abc' }, '--help');
    expect(code).toBe(0);
    expect(out).toContain('\nDatabase: not known until the configuration is fixed.\nInvalid configuration:\n  PORT must be a whole number');
  });

  describe('the built command', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(() => db.drop());

    it('loads none of the database packages for --help', () => {
      const help = runBuilt('src/cli/main.js', ['--help'], { PATH: process.env.PATH });
      expect({ code: help.code, err: help.err }).toEqual({ code: 0, err: '' });
      expect(help.out).toMatch(/^Usage: dtm-hub /);
      expect(help.packages.filter((p) => DATABASE_PACKAGES.includes(p))).toEqual([]);
    });

    it('loads them for a command that opens the database (so the check above can fail)', () => {
      const list = runBuilt('src/cli/main.js', ['keys', 'list'], { PATH: process.env.PATH, ...db.config });
      expect(list.code).toBe(0);
      expect(list.packages).toContain('typeorm');
      expect(list.packages).toContain(db.engine === 'postgres' ? 'pg' : 'sqlite3');
    });
  });
});
