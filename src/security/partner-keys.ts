import { createHash, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { unauthenticated } from '../common/errors';
import { findPartnerKeyByHash, touchPartnerKey } from '../modules/partner-key/partner-key.store';
import { Role } from '../common/roles';

const digest = (key: string) => createHash('sha256').update(key, 'utf8').digest();

/** `last_used_at` is written at most this often per key, so a busy partner costs no write per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export interface RoleResolverOptions {
  /** Told when recording a key's last use fails (the request itself is not affected). */
  onTouchError?: (error: unknown) => void;
  /** Milliseconds since the epoch (tests). */
  now?: () => number;
}

/**
 * Resolves the caller's role from the Authorization header. No header: public, without touching
 * the database. A bearer key from PARTNER_KEYS, or one made with `dtm-hub keys create` and not
 * revoked: partner. Anything else is refused rather than silently downgraded, so a partner with a
 * mistyped or revoked key learns it at once.
 *
 * Managed keys are looked up by hash on every keyed request (one unique-index lookup, well under a
 * millisecond), with no cache, so a revocation holds from the very next request on every instance.
 */
export function roleResolver(partnerKeys: readonly string[], ds?: DataSource, options: RoleResolverOptions = {}) {
  const known = partnerKeys.map(digest);
  const now = options.now ?? Date.now;
  // When this process last recorded a use of each managed key (by id).
  const recorded = new Map<string, number>();

  const recordUse = (id: string, storedLastUsed: Date | null) => {
    const at = now();
    const last = Math.max(storedLastUsed?.getTime() ?? -Infinity, recorded.get(id) ?? -Infinity);
    if (at - last < LAST_USED_RESOLUTION_MS) return;
    recorded.set(id, at);
    // Not awaited: the request never waits for the write, and a failed write only costs a stale date.
    touchPartnerKey(ds!, id, new Date(at), new Date(at - LAST_USED_RESOLUTION_MS)).catch((e: unknown) => options.onTouchError?.(e));
  };

  return async (authorization: string | undefined): Promise<Role> => {
    if (!authorization) return Role.PUBLIC;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw unauthenticated('Authorization must be "Bearer <partner key>"; omit the header for public access.');
    const given = digest(match[1]);
    // Compare against every configured key without stopping early, in constant time per key.
    let ok = false;
    for (const k of known) ok = timingSafeEqual(k, given) || ok;
    if (ok) return Role.PARTNER;
    if (ds) {
      // Looked up by its hash: lookup timing depends on the hash, which a caller cannot steer
      // towards a stored one without already holding the key.
      const row = await findPartnerKeyByHash(ds, given.toString('hex'));
      if (row && !row.revokedAt) {
        recordUse(row.id, row.lastUsedAt);
        return Role.PARTNER;
      }
    }
    throw unauthenticated('The partner key is not valid (unknown or revoked). Omit the Authorization header for public access.');
  };
}
