import { createHash, timingSafeEqual } from 'node:crypto';
import { unauthenticated } from '../common/errors';
import { Role } from './roles';

const digest = (key: string) => createHash('sha256').update(key, 'utf8').digest();

/**
 * Resolves the caller's role from the Authorization header. No header: public. A bearer key
 * from PARTNER_KEYS: partner. Anything else is refused rather than silently downgraded, so a
 * partner with a mistyped key learns it at once.
 */
export function roleResolver(partnerKeys: readonly string[]) {
  const known = partnerKeys.map(digest);
  return (authorization: string | undefined): Role => {
    if (!authorization) return Role.PUBLIC;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw unauthenticated('Authorization must be "Bearer <partner key>"; omit the header for public access.');
    const given = digest(match[1]);
    // Compare against every key without stopping early, in constant time per key.
    let ok = false;
    for (const k of known) ok = timingSafeEqual(k, given) || ok;
    if (!ok) throw unauthenticated('The partner key is not valid. Omit the Authorization header for public access.');
    return Role.PARTNER;
  };
}
