import { ConfigError, loadConfig } from '../../src/config/config';

describe('Config: one validated module', () => {
  it('gives documented defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 4000,
      SQLITE_PATH: 'data/dtm-hub.sqlite',
      PARTNER_KEYS: [],
      SEED_ON_START: true,
      DISCLOSURE_MIN_CELL: 5,
      NODE_ENV: 'development',
    });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('splits PARTNER_KEYS on commas and trims them', () => {
    expect(loadConfig({ PARTNER_KEYS: ' aaaaaaaaaaaaaaaa , bbbbbbbbbbbbbbbb,' }).PARTNER_KEYS).toEqual(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb']);
  });

  it('rejects a bad port naming the variable and the value', () => {
    expect(() => loadConfig({ PORT: '99999' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '99999' })).toThrow(/PORT="99999"/);
  });

  it('rejects a DATABASE_URL that is not PostgreSQL without echoing it', () => {
    let message = '';
    try {
      loadConfig({ DATABASE_URL: 'mysql://secret@host/db' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL=\(hidden\): must be a postgres:\/\/ URL/);
    expect(message).not.toContain('secret');
  });

  it('rejects short partner keys without echoing them', () => {
    expect(() => loadConfig({ PARTNER_KEYS: 'short' })).toThrow(/PARTNER_KEYS.*at least 16 characters/);
    expect(() => loadConfig({ PARTNER_KEYS: 'short' })).not.toThrow(/short"/);
  });
});
