import seedrandom from 'seedrandom';
import { startTestHub, TestHub } from '../support/hub';
import { ATTACK_ENV, Attacker, Filter, inPool } from './attacker';
import { AttackRules, bestPairs, blocked, candidatePairs, CHILD_KNOWABLE, RawPerson, rawChildren, readRules, shuffledPeople } from './patient';

/**
 * The averaging attack of averaging.test.ts aimed at children (childStats): up to 64 different
 * pairs of public child tables whose difference is one child, built on up to four of the child's
 * answers (status, sex, school level, attending school, emotional changes, caregiver, survey
 * point) and cut on the public child age classes (0-2, 3-5, 6-11, 12-17) that the attacker reads
 * from `disclosurePolicy` (every single age without the rules). Averaged, the differences pin the
 * child's count, and with a sensitive filter on both sides the child's answer. The forms (CSV,
 * languages, group counts) answer the same cells with the same numbers (averaging.test.ts), so
 * this file asks GraphQL totals only. Target, as for adults: fewer than half of the children
 * pinned at 64 pairs. Who is who comes from the seed bundle's raw rows; the partner's exact counts
 * confirm each pair.
 */

const ROUND: Filter = { country: 'PER', round: 4 };
const TARGETS = 60;
const MAX_PAIRS = 64;
const CHECKPOINTS = [1, 8, 32, 64];
const SEED = 'dtm-hub patient attacker, children';
const CONCURRENCY = 4;
const BATCH = 24;
const ENGINE = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const FIELDS = CHILD_KNOWABLE.map((k) => k.field);

describe('Privacy: a patient attacker averaging up to 64 different pairs per child (round 4)', () => {
  let t: TestHub;
  let attacker: Attacker;
  let rules: AttackRules;
  const outcomes: { pairs: number; differences: (number | null)[] }[] = [];
  let sampled = 0;

  const pinnedAt = (o: { differences: (number | null)[] }, n: number) => {
    const known = o.differences.slice(0, n).filter((d): d is number => d !== null);
    return known.length > 0 && Math.round(known.reduce((s, d) => s + d, 0) / known.length) === 1;
  };

  async function totals(filters: Filter[], as: 'public' | 'partner'): Promise<(number | null)[]> {
    const out: (number | null)[] = [];
    for (let i = 0; i < filters.length; i += BATCH) {
      const answers = await attacker.statsBatch(filters.slice(i, i + BATCH).map((filter) => ({ filter })), as, 'childStats');
      out.push(...answers.map((a) => (blocked(a) ? null : a.total)));
    }
    return out;
  }

  beforeAll(async () => {
    t = await startTestHub({ rounds: [4], env: ATTACK_ENV });
    attacker = await Attacker.create(t);
    rules = await readRules(attacker, 'ChildFilter');
    const children = rawChildren(ROUND.round as number);
    const order = shuffledPeople(children, seedrandom(SEED));
    const attack = async (child: RawPerson) => {
      const candidates = candidatePairs(children, child, ROUND, rules, { fields: FIELDS, minSize: rules.threshold + 2 });
      const { pairs } = bestPairs(candidates, FIELDS, 4, MAX_PAIRS);
      if (pairs.length === 0) return null;
      const exact = await totals(pairs.flatMap((p) => [p.f1, p.f2]), 'partner');
      const confirmed = pairs.filter((p, i) => exact[2 * i] !== null && exact[2 * i] === exact[2 * i + 1]! + 1 && exact[2 * i + 1] === p.size);
      if (confirmed.length === 0) return null;
      const pub = await totals(confirmed.flatMap((p) => [p.f1, p.f2]), 'public');
      return { pairs: confirmed.length, differences: confirmed.map((_p, i) => (pub[2 * i] === null || pub[2 * i + 1] === null ? null : pub[2 * i]! - pub[2 * i + 1]!)) };
    };
    for (let start = 0; start < order.length && outcomes.length < TARGETS; start += 2 * CONCURRENCY) {
      for (const o of await inPool(order.slice(start, start + 2 * CONCURRENCY), CONCURRENCY, attack)) {
        if (outcomes.length >= TARGETS) break;
        sampled += 1;
        if (o) outcomes.push(o);
      }
    }
    const pairs = outcomes.map((o) => o.pairs).sort((a, b) => a - b);
    const pct = (n: number) => `${n}/${outcomes.length} = ${((100 * n) / Math.max(1, outcomes.length)).toFixed(0)}%`;
    console.log(
      [
        `Averaging one-child differences (childStats), ${ENGINE}, ${rules.hasPolicy ? `rules (child age classes ${rules.ageLower!.join(', ')}; at most ${rules.maxVariables} variables)` : 'no disclosure rules (free ranges)'}:`,
        `  ${outcomes.length} children with at least one pair among ${sampled} tried`,
        `  pinned at ${CHECKPOINTS.map((n) => `${n} pair${n > 1 ? 's' : ''}: ${pct(outcomes.filter((o) => pinnedAt(o, n)).length)}`).join('; ')}`,
        `  distinct pairs per child: min ${pairs[0] ?? 0}, median ${pairs[Math.floor(pairs.length / 2)] ?? 0}, max ${pairs[pairs.length - 1] ?? 0}; pairs that published nothing: ${outcomes.reduce((s, o) => s + o.differences.filter((d) => d === null).length, 0)} of ${pairs.reduce((s, n) => s + n, 0)}`,
      ].join('\n'),
    );
  }, 600_000);
  afterAll(() => t?.close());

  it('tries at least 60 children', () => {
    expect(sampled).toBeGreaterThanOrEqual(TARGETS);
  });

  it('pins the count of fewer than half of the children by averaging up to 64 different pairs', () => {
    // Children the rules leave without any pair count as attempted, got nothing, up to 60.
    const pinned = outcomes.filter((o) => pinnedAt(o, MAX_PAIRS)).length;
    const of = Math.max(outcomes.length, TARGETS);
    expect({ pinned, of, underHalf: pinned < of / 2 }).toMatchObject({ underHalf: true });
  });
});
