import { createHash, randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { PartnerKey } from './partner-key.entity';

const ID_PATTERN = /^key_[0-9a-f]{12}$/;

/**
 * The stored form of a key: hex SHA-256. A fast hash is enough here, unlike for passwords: a key
 * is 256 random bits, so no guess list exists for a slow hash (bcrypt, scrypt) to slow down, and
 * an unsalted digest can be looked up through a unique index instead of compared row by row.
 */
export function hashPartnerKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** What `keys list` shows of a key: never the key, never its hash. */
export interface PartnerKeyInfo {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A mistake of the operator (exit 2) or a key that does not exist (exit 1). */
export class PartnerKeyError extends Error {
  constructor(
    readonly kind: 'usage' | 'not-found',
    message: string,
  ) {
    super(message);
  }
}

function checkName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > 100) throw new PartnerKeyError('usage', '--name must be 1 to 100 characters');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new PartnerKeyError('usage', '--name must not contain control characters');
  // `keys revoke` takes an id or a name, so a name must never read as an id.
  if (ID_PATTERN.test(name)) throw new PartnerKeyError('usage', `--name must not look like a key id (${name})`);
  return name;
}

const info = (k: PartnerKey): PartnerKeyInfo => ({
  id: k.id,
  name: k.name,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
  revokedAt: k.revokedAt,
});

/**
 * Creates a key for a partner and returns it with its id: the only time the key exists outside
 * the partner's hands. 32 random bytes, base64url, behind a `dtm_` prefix that secret scanners
 * and people can recognise.
 */
export async function createPartnerKey(ds: DataSource, rawName: string, now = new Date()): Promise<PartnerKeyInfo & { key: string }> {
  const name = checkName(rawName);
  const key = `dtm_${randomBytes(32).toString('base64url')}`;
  const row = Object.assign(new PartnerKey(), {
    id: `key_${randomBytes(6).toString('hex')}`,
    name,
    keyHash: hashPartnerKey(key),
    createdAt: now,
    lastUsedAt: null,
    revokedAt: null,
  });
  await ds.getRepository(PartnerKey).insert(row);
  return { ...info(row), key };
}

/** Every key, oldest first, revoked ones included. */
export async function listPartnerKeys(ds: DataSource): Promise<PartnerKeyInfo[]> {
  const rows = await ds.getRepository(PartnerKey).find({ order: { createdAt: 'ASC', id: 'ASC' } });
  return rows.map(info);
}

/**
 * Revokes a key given its id, or the one active key of a partner given its name. A name shared by
 * several active keys (during a rotation) is refused: which one is meant must be said by id.
 * Revoking a revoked key changes nothing and reports the original date.
 */
export async function revokePartnerKey(ds: DataSource, idOrName: string, now = new Date()): Promise<PartnerKeyInfo & { alreadyRevoked: boolean }> {
  const repo = ds.getRepository(PartnerKey);
  let target: PartnerKey | null;
  if (ID_PATTERN.test(idOrName)) {
    target = await repo.findOneBy({ id: idOrName });
    if (!target) throw new PartnerKeyError('not-found', `no partner key has the id ${idOrName}`);
  } else {
    const active = await repo.find({ where: { name: idOrName.trim(), revokedAt: IsNull() }, order: { createdAt: 'ASC' } });
    if (active.length > 1) {
      throw new PartnerKeyError('usage', `${active.length} active keys are named "${idOrName.trim()}" (${active.map((k) => k.id).join(', ')}); revoke one by its id`);
    }
    if (active.length === 0) throw new PartnerKeyError('not-found', `no active partner key is named "${idOrName.trim()}" (see dtm-hub keys list)`);
    target = active[0];
  }
  if (target.revokedAt) return { ...info(target), alreadyRevoked: true };
  // The guard keeps the first revocation date when two operators revoke at once.
  await repo.createQueryBuilder().update().set({ revokedAt: now }).where('id = :id AND revoked_at IS NULL', { id: target.id }).execute();
  const after = await repo.findOneByOrFail({ id: target.id });
  return { ...info(after), alreadyRevoked: false };
}

/**
 * The key a request presents, by hash: one unique-index lookup. Plain SQL rather than a repository
 * find, because it runs on every keyed request and TypeORM's query building costs more CPU than
 * the lookup itself.
 */
export async function findPartnerKeyByHash(
  ds: DataSource,
  keyHash: string,
): Promise<Pick<PartnerKey, 'id' | 'lastUsedAt' | 'revokedAt'> | null> {
  const placeholder = ds.options.type === 'postgres' ? '$1' : '?';
  const rows: { id: string; last_used_at: unknown; revoked_at: unknown }[] = await ds.query(
    `SELECT id, last_used_at, revoked_at FROM partner_key WHERE key_hash = ${placeholder}`,
    [keyHash],
  );
  if (rows.length === 0) return null;
  // Each engine's stored form (a Date on PostgreSQL, UTC text on SQLite) read as the entity reads it.
  const meta = ds.getMetadata(PartnerKey);
  const hydrate = (value: unknown, property: 'lastUsedAt' | 'revokedAt') =>
    value === null ? null : (ds.driver.prepareHydratedValue(value, meta.findColumnWithPropertyName(property)!) as Date);
  return { id: rows[0].id, lastUsedAt: hydrate(rows[0].last_used_at, 'lastUsedAt'), revokedAt: hydrate(rows[0].revoked_at, 'revokedAt') };
}

/**
 * Records a use of the key unless one at or after `notBefore` is already recorded, so that several
 * hub instances together still write at most about once a minute per key.
 */
export async function touchPartnerKey(ds: DataSource, id: string, at: Date, notBefore: Date): Promise<void> {
  // A bare Date parameter would bind as a number on SQLite, which never compares below stored
  // text: convert it as the column's values are converted.
  const column = ds.getMetadata(PartnerKey).findColumnWithPropertyName('lastUsedAt')!;
  await ds
    .getRepository(PartnerKey)
    .createQueryBuilder()
    .update()
    .set({ lastUsedAt: at })
    .where('id = :id AND (last_used_at IS NULL OR last_used_at < :notBefore)', { id, notBefore: ds.driver.preparePersistentValue(notBefore, column) })
    .execute();
}
