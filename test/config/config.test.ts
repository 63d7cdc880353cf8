import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, SETTING_NAMES, settingDefault, settingRule } from '../../src/config/config';

const ROOT = path.join(__dirname, '../..');

function messageOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

/** `NAME=value` lines of .env.example, commented out or not (the file shows every default commented out). */
function envExample(): Map<string, string> {
  const entries = readFileSync(path.join(ROOT, '.env.example'), 'utf8')
    .split('\n')
    .map((line) => /^#?\s?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1], m[2]] as [string, string]);
  return new Map(entries);
}

describe('Config: one validated module', () => {
  it('gives documented defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 4000,
      HOST: '0.0.0.0',
      SQLITE_PATH: 'data/dtm-hub.sqlite',
      PARTNER_KEYS: [],
      SEED_ON_START: true,
      DISCLOSURE_MIN_CELL: 5,
      NODE_ENV: 'development',
      CORS_ORIGINS: ['*'],
    });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('treats an empty value as unset, so `PORT=` in a .env file means the default port', () => {
    const c = loadConfig({ PORT: '', DATABASE_URL: '' });
    expect(c.PORT).toBe(4000);
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('splits PARTNER_KEYS on commas and trims them', () => {
    expect(loadConfig({ PARTNER_KEYS: ' aaaaaaaaaaaaaaaa , bbbbbbbbbbbbbbbb,' }).PARTNER_KEYS).toEqual(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb']);
  });

  it('explains a port that is not a number in one sentence with the value received', () => {
    expect(messageOf({ PORT: 'abc' })).toBe('Invalid configuration:\n  PORT must be a whole number from 0 to 65535 (0 picks a free port) (got "abc").');
  });

  it('explains out-of-range and fractional numbers with the allowed range', () => {
    expect(messageOf({ PORT: '99999' })).toContain('PORT must be a whole number from 0 to 65535 (0 picks a free port) (got "99999").');
    expect(messageOf({ MAX_QUERY_DEPTH: '1.5' })).toContain('MAX_QUERY_DEPTH must be a whole number from 2 to 50 (got "1.5").');
    expect(messageOf({ MAX_QUERY_COMPLEXITY: '3' })).toContain('MAX_QUERY_COMPLEXITY must be a whole number of 10 or more (got "3").');
  });

  it('lists the allowed values of a setting with a fixed set of values', () => {
    expect(messageOf({ SEED_ON_START: 'yes' })).toContain('SEED_ON_START must be true or false (got "yes").');
    expect(messageOf({ LOG_LEVEL: 'verbose' })).toContain(
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose").',
    );
  });

  it('reports every bad setting at once, one sentence a line', () => {
    const lines = messageOf({ PORT: 'abc', NODE_ENV: 'prod', HEAVY_CONCURRENCY: '0' }).split('\n');
    expect(lines).toEqual([
      'Invalid configuration:',
      '  NODE_ENV must be one of development, production, test (got "prod").',
      '  PORT must be a whole number from 0 to 65535 (0 picks a free port) (got "abc").',
      '  HEAVY_CONCURRENCY must be a whole number from 1 to 64 (got "0").',
    ]);
  });

  it('rejects a DATABASE_URL that is not PostgreSQL without echoing it', () => {
    const message = messageOf({ DATABASE_URL: 'mysql://secret@host/db' });
    expect(message).toContain('DATABASE_URL must be a postgres:// URL (the value is not shown because it may hold a secret).');
    expect(message).not.toContain('secret@');
  });

  it('rejects short partner keys without echoing them', () => {
    const message = messageOf({ PARTNER_KEYS: 'shortkey' });
    expect(message).toContain('PARTNER_KEYS must be a comma-separated list of keys of 16 characters or more each');
    expect(message).not.toContain('shortkey');
  });

  it('words a rule for every setting, so a new setting cannot fall back to a bare schema message', () => {
    for (const name of SETTING_NAMES) expect([name, settingRule(name)]).toEqual([name, expect.stringMatching(/^must /)]);
  });
});

describe('Config: .env.example and the README list every setting with its default', () => {
  it('lists every setting in .env.example with the default the hub uses', () => {
    const example = envExample();
    for (const name of SETTING_NAMES) {
      expect([name, example.has(name)]).toEqual([name, true]);
      expect([name, example.get(name)]).toEqual([name, settingDefault(name) ?? '']);
    }
    expect([...example.keys()].filter((k) => !(SETTING_NAMES as string[]).includes(k))).toEqual([]);
  });

  it('lists every setting in the README configuration table with the same default', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const rows = new Map(
      [...readme.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \| ([^|]*) \|/gm)].map((m) => [m[1], m[2].trim()] as [string, string]),
    );
    for (const name of SETTING_NAMES) {
      const d = settingDefault(name);
      const expected = d === undefined ? 'unset' : d === '' ? 'empty' : `\`${d}\``;
      expect([name, rows.get(name)]).toEqual([name, expected]);
    }
  });

  it('loads .env.example itself without error (every default it shows is valid)', () => {
    const values = Object.fromEntries(envExample());
    expect(() => loadConfig(values)).not.toThrow();
  });
});
