import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/run';
import { roleResolver } from '../../src/security/partner-keys';
import { Role } from '../../src/common/roles';
import { PARTNER_KEY, startTestHub, TestHub } from '../support/hub';

const FIXTURE = path.join(__dirname, '..', 'import', 'fixtures', 'valid-round');
// Respondents in the fixture bundle, counted from the raw CSV (header excluded).
const FIXTURE_RESPONDENTS = readFileSync(path.join(FIXTURE, 'respondents.csv'), 'utf8').trim().split('\n').length - 1;

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Listed {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

describe('Security: partner keys managed with dtm-hub keys', () => {
  let t: TestHub;
  let base: string;

  beforeAll(async () => {
    t = await startTestHub({ bundles: [FIXTURE] });
    base = await t.listen();
  });
  afterAll(() => t.close());

  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const stdout = new Capture();
    const stderr = new Capture();
    const env = { ...process.env, SQLITE_PATH: t.db.config.SQLITE_PATH, DATABASE_URL: t.db.config.DATABASE_URL };
    if (!t.db.config.DATABASE_URL) delete env.DATABASE_URL;
    const code = await runCli(argv, { stdout, stderr, env, quiet: true });
    // A command that opens the database names it first (test/cli/target-database.test.ts).
    const named = `database: ${t.db.config.DATABASE_URL ?? `sqlite ${t.db.config.SQLITE_PATH}`}\n`;
    return { code, out: stdout.text, err: stderr.text.startsWith(named) ? stderr.text.slice(named.length) : stderr.text };
  }

  async function create(name: string): Promise<{ id: string; key: string }> {
    const res = await cli('keys', 'create', '--name', name, '--json');
    expect(res.code).toBe(0);
    return JSON.parse(res.out);
  }

  async function list(): Promise<Listed[]> {
    const res = await cli('keys', 'list', '--json');
    expect(res.code).toBe(0);
    return JSON.parse(res.out);
  }

  const countRespondents = (authorization?: string) =>
    fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query: '{ respondents(first: 1, filter: { round: 7 }) { totalCount } }' }),
    });

  async function expectPartnerAccess(key: string): Promise<void> {
    const res = await countRespondents(`Bearer ${key}`);
    expect(res.status).toBe(200);
    const body: any = await res.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.respondents.totalCount).toBe(FIXTURE_RESPONDENTS);
  }

  async function expectUnauthenticated(key: string): Promise<void> {
    const res = await countRespondents(`Bearer ${key}`);
    expect(res.status).toBe(401);
    const body: any = await res.json();
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data ?? null).toBeNull();
  }

  const partnerKeyWrites = () => t.statements.statements.filter((s) => /^\s*UPDATE\s+"?partner_key"?/i.test(s) && /last_used_at/.test(s));

  it('creates a key shown once, then serves row-level data with it, records its use and revokes it for the very next request', async () => {
    const made = await cli('keys', 'create', '--name', 'UNHCR Peru dashboard');
    expect(made.code).toBe(0);
    const [headline, key, ...rest] = made.out.split('\n');
    expect(rest).toEqual(['']);
    const id = /^Created partner key (key_[0-9a-f]{12}) for "UNHCR Peru dashboard"\.$/.exec(headline)![1];
    // dtm_ + 32 random bytes in base64url (43 characters, no padding).
    expect(key).toMatch(/^dtm_[A-Za-z0-9_-]{43}$/);
    expect(made.err).toMatch(/shown only this once/);

    const before = await list();
    expect(before).toEqual([{ id, name: 'UNHCR Peru dashboard', createdAt: expect.any(String), lastUsedAt: null, revokedAt: null }]);

    const firstUse = Date.now();
    await expectPartnerAccess(key);

    // The last-use write never holds up the request, so wait for it to land.
    let listed = await list();
    for (let i = 0; i < 50 && listed[0].lastUsedAt === null; i++) {
      await sleep(50);
      listed = await list();
    }
    const lastUsed = Date.parse(listed[0].lastUsedAt!);
    expect(lastUsed).toBeGreaterThanOrEqual(firstUse - 1000);
    expect(lastUsed).toBeLessThanOrEqual(Date.now());

    const text = await cli('keys', 'list');
    expect(text.code).toBe(0);
    const [header, row] = text.out.trimEnd().split('\n');
    expect(header.split(/\s{2,}/)).toEqual(['ID', 'NAME', 'CREATED', 'LAST USED', 'REVOKED']);
    expect(row).toContain(id);
    expect(row).toContain('UNHCR Peru dashboard');
    expect(row).toContain(new Date(lastUsed).toISOString().slice(0, 19).replace('T', ' '));
    for (const out of [text.out, JSON.stringify(listed)]) {
      expect(out).not.toContain(key);
      expect(out).not.toContain(key.slice(4));
      expect(out).not.toContain(sha256(key));
    }

    const revoked = await cli('keys', 'revoke', id);
    expect(revoked).toEqual({ code: 0, out: `Revoked partner key ${id} ("UNHCR Peru dashboard"); requests with it are refused from now on.\n`, err: '' });
    // No restart, no wait: the very next request is refused, over GraphQL and CSV alike.
    await expectUnauthenticated(key);
    const csv = await fetch(`${base}/export/respondentStats.csv?round=7&groupBy=SEX`, { headers: { authorization: `Bearer ${key}` } });
    expect(csv.status).toBe(401);
    expect((await list())[0].revokedAt).not.toBeNull();
  });

  it('writes the last-use date at most once a minute per key, however many requests use it', async () => {
    const { key } = await create('Busy partner');
    t.statements.reset();
    for (let i = 0; i < 5; i++) await expectPartnerAccess(key);
    // Any write still queued behind the requests is sent before this public request's statements.
    await t.exec('{ rounds { number } }');
    expect(partnerKeyWrites()).toHaveLength(1);
  });

  it('records a later use once the minute has passed, and not before', async () => {
    const { id, key } = await create('Clocked partner');
    let clock = Date.parse('2030-01-01T12:00:00Z');
    const resolve = roleResolver([], t.ds, { now: () => clock });
    const storedLastUse = async () => {
      const [row] = await t.ds.query(`SELECT last_used_at FROM partner_key WHERE id = '${id}'`);
      const v: unknown = row.last_used_at;
      // PostgreSQL returns timestamptz as a Date; SQLite holds UTC text such as `2030-01-01 12:00:00.000`.
      return v === null ? null : v instanceof Date ? v.getTime() : Date.parse(`${String(v).replace(' ', 'T')}Z`);
    };
    const settle = async (expected: number) => {
      for (let i = 0; i < 50 && (await storedLastUse()) !== expected; i++) await sleep(20);
      expect(await storedLastUse()).toBe(expected);
    };

    expect(await resolve(`Bearer ${key}`)).toBe(Role.PARTNER);
    await settle(clock);
    const first = clock;

    t.statements.reset();
    clock += 59_000;
    expect(await resolve(`Bearer ${key}`)).toBe(Role.PARTNER);
    await t.exec('{ rounds { number } }');
    expect(partnerKeyWrites()).toHaveLength(0);
    expect(await storedLastUse()).toBe(first);

    clock += 2_000;
    expect(await resolve(`Bearer ${key}`)).toBe(Role.PARTNER);
    await settle(clock);
  });

  it('refuses an unknown key with 401 UNAUTHENTICATED', async () => {
    await expectUnauthenticated(`dtm_${'A'.repeat(43)}`);
  });

  it('keeps serving keys from PARTNER_KEYS, without touching the database', async () => {
    await expectPartnerAccess(PARTNER_KEY);
    t.statements.reset();
    expect((await t.hub.contextFor(`Bearer ${PARTNER_KEY}`)).role).toBe(Role.PARTNER);
    expect(t.statements.count).toBe(0);
  });

  it('resolves a public request (no Authorization header) without touching the database', async () => {
    t.statements.reset();
    expect((await t.hub.contextFor(undefined)).role).toBe(Role.PUBLIC);
    expect(t.statements.count).toBe(0);
  });

  it('stores only the SHA-256 hash of a key, never the key', async () => {
    const { id, key } = await create('Stored partner');
    const rows: Record<string, unknown>[] = await t.ds.query('SELECT * FROM partner_key');
    expect(Object.keys(rows[0]).sort()).toEqual(['created_at', 'id', 'key_hash', 'last_used_at', 'name', 'revoked_at']);
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain(key);
    expect(raw).not.toContain(key.slice(4));
    expect(rows.find((r) => r.id === id)!.key_hash).toBe(sha256(key));
  });

  it('revokes the one active key of a partner by name, and refuses a name shared by two active keys', async () => {
    const a = await create('Rotating partner');
    const b = await create('Rotating partner');
    const ambiguous = await cli('keys', 'revoke', 'Rotating partner');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.err).toBe(`error: 2 active keys are named "Rotating partner" (${a.id}, ${b.id}); revoke one by its id\n`);
    await expectPartnerAccess(a.key);

    expect((await cli('keys', 'revoke', a.id)).code).toBe(0);
    const byName = await cli('keys', 'revoke', 'Rotating partner');
    expect(byName).toEqual({ code: 0, out: `Revoked partner key ${b.id} ("Rotating partner"); requests with it are refused from now on.\n`, err: '' });
    await expectUnauthenticated(b.key);

    const again = await cli('keys', 'revoke', a.id);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(new RegExp(`^Partner key ${a.id} \\("Rotating partner"\\) was already revoked on `));
  });

  it('exits 1 for a key that does not exist and 2 for a usage mistake, like the other commands', async () => {
    expect(await cli('keys', 'revoke', 'key_000000000000')).toEqual({ code: 1, out: '', err: 'error: no partner key has the id key_000000000000\n' });
    expect(await cli('keys', 'revoke', 'Nobody')).toEqual({
      code: 1,
      out: '',
      err: 'error: no active partner key is named "Nobody" (see dtm-hub keys list)\n',
    });
    expect((await cli('keys', 'revoke')).code).toBe(2);
    expect((await cli('keys', 'create')).code).toBe(2);
    expect(await cli('keys', 'create', '--name', '  ')).toEqual({ code: 2, out: '', err: 'error: --name must be 1 to 100 characters\n' });
    expect((await cli('keys', 'create', '--name', 'key_0123456789ab')).code).toBe(2);
    expect((await cli('keys', 'frobnicate')).code).toBe(2);
  });

  it('exposes nothing about keys in the GraphQL schema', async () => {
    const res = await t.exec('{ __schema { types { name fields { name } inputFields { name } } } }');
    const names = (res.data!.__schema.types as { name: string; fields?: { name: string }[] | null; inputFields?: { name: string }[] | null }[]).flatMap((ty) => [
      ty.name,
      ...(ty.fields ?? []).map((f) => f.name),
      ...(ty.inputFields ?? []).map((f) => f.name),
    ]);
    expect(names.length).toBeGreaterThan(100);
    expect(names.filter((n) => /partner|keyhash|lastused|revoked/i.test(n))).toEqual([]);
  });
});
