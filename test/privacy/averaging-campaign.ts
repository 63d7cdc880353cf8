import { Attacker, Filter } from './attacker';
import { confirmPairs, Pair, pairDifferences, RawPerson } from './patient';

/**
 * What the two averaging attacks (averaging.test.ts on respondents, children.test.ts on children)
 * share: the round and the checkpoints they report, the rule that says a target is pinned, and the
 * check of the attack code with a partner key.
 */

export const ROUND: Filter = { country: 'PER', round: 4 };
export const MAX_PAIRS = 64;
export const CHECKPOINTS = [1, 8, 32, 64];
// Requests in flight at once: enough to overlap GraphQL work with database waits on two cores.
export const CONCURRENCY = 4;
export const ENGINE = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';

/**
 * Pinned with the first n pairs: the rounded average of every difference they gave (one or
 * several per pair, null for a pair that gave nothing) equals the truth.
 */
export function pinnedAt(differences: (number | null | number[])[], n: number, truth = 1): boolean {
  const known = differences.slice(0, n).flat().filter((d): d is number => d !== null);
  return known.length > 0 && Math.round(known.reduce((s, d) => s + d, 0) / known.length) === truth;
}

/** The attack code run with a partner key: people tried, those with pairs, pairs built, pairs the exact counts confirm, exact differences equal to 1. */
export interface SelfCheck {
  tried: number;
  withPairs: number;
  built: number;
  confirmed: number;
  exact: number;
}

/**
 * The attack code, checked with exact answers: the people of `order` until `wanted` have a pair
 * (`pairsOf`), each pair confirmed by the partner's exact counts and its exact difference read
 * back through the same code that reads the public one. A broken attacker would otherwise pass
 * for a hub that leaves it nothing.
 */
export async function checkAttacker(attacker: Attacker, order: RawPerson[], pairsOf: (p: RawPerson) => Pair[], wanted: number): Promise<SelfCheck> {
  const out: SelfCheck = { tried: 0, withPairs: 0, built: 0, confirmed: 0, exact: 0 };
  for (const target of order) {
    if (out.withPairs >= wanted) break;
    out.tried += 1;
    const pairs = pairsOf(target);
    if (pairs.length === 0) continue;
    out.withPairs += 1;
    out.built += pairs.length;
    const ok = await confirmPairs(attacker, pairs);
    out.confirmed += ok.length;
    out.exact += (await pairDifferences(attacker, ok, 'partner')).filter((d) => d === 1).length;
  }
  return out;
}

/** What a self-check must show: `wanted` people with pairs, and every pair built confirmed and exactly 1 apart. */
export function selfCheckVerdict(c: SelfCheck): { withPairs: number; allConfirmed: boolean } {
  return { withPairs: c.withPairs, allConfirmed: c.built > 0 && c.confirmed === c.built && c.exact === c.built };
}
