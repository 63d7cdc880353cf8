import seedrandom from 'seedrandom';
import { startTestHub, TestHub } from '../support/hub';
import { ATTACK_ENV, Attacker, inPool } from './attacker';
import { checkAttacker, CHECKPOINTS, CONCURRENCY, ENGINE, MAX_PAIRS, pinnedAt, ROUND, SelfCheck, selfCheckVerdict } from './averaging-campaign';
import { AttackRules, bestPairs, candidatePairs, CHILD_KNOWABLE, confirmPairs, describeRules, designRules, FREE_RANGES, pairDifferences, RawPerson, rawChildren, readRules, shuffledPeople } from './patient';

/**
 * The averaging attack of averaging.test.ts aimed at children (childStats): up to 64 different
 * pairs of public child tables whose difference is one child, built on up to four of the child's
 * answers (status, sex, school level, attending school, emotional changes, caregiver, survey
 * point) and cut as the policy the attacker reads from `disclosurePolicy` allows: every single
 * age without the rules, unions of the classes 0-2, 3-5, 6-11, 12-17 under the first rules, and
 * since e0c4042 one class, the reporting range 3-17 or no age filter, plus the AGE_BAND group
 * counts (0-5, which no filter gives): a child of 4 has no age filter, 3-17 and 0-5 against 0-2,
 * 6-11 or 12-17 (`candidatePairs`), and the equality pairs (a base against the base plus one
 * answer that every other child of it gave and the child did not). Averaged, the differences pin the
 * child's count, and with a sensitive filter on both sides the child's answer. The forms (CSV,
 * languages, group counts) answer the same cells with the same numbers (averaging.test.ts), so
 * this file asks GraphQL totals only. Target, as for adults: fewer than half of the children
 * pinned at 64 pairs. Who is who comes from the seed bundle's raw rows; the partner's exact counts
 * confirm each pair.
 */

const TARGETS = 60;
const SEED = 'dtm-hub patient attacker, children';
const FIELDS = CHILD_KNOWABLE.map((k) => k.field);
// The attack code is checked on this many children with a partner key (exact answers).
const SELF_CHECK_TARGETS = 6;

describe('Privacy: a patient attacker averaging up to 64 different pairs per child (round 4)', () => {
  let t: TestHub;
  let attacker: Attacker;
  let rules: AttackRules;
  const outcomes: { pairs: number; differences: (number | null)[]; groupCounts: number }[] = [];
  let sampled = 0;
  const selfCheck: { free?: SelfCheck; classes?: SelfCheck } = {};

  beforeAll(async () => {
    t = await startTestHub({ rounds: [4], env: ATTACK_ENV });
    attacker = await Attacker.create(t);
    rules = await readRules(attacker, 'ChildFilter');
    const children = rawChildren(ROUND.round as number);
    const order = shuffledPeople(children, seedrandom(SEED));
    const pairsOf = (child: RawPerson, under: AttackRules) =>
      bestPairs(candidatePairs(children, child, ROUND, under, { fields: FIELDS, minSize: under.threshold + 2, unit: 'childStats', equalities: true }), FIELDS, 4, MAX_PAIRS).pairs;
    const attack = async (child: RawPerson) => {
      const pairs = pairsOf(child, rules);
      if (pairs.length === 0) return null;
      const confirmed = await confirmPairs(attacker, pairs);
      if (confirmed.length === 0) return null;
      return { pairs: confirmed.length, differences: await pairDifferences(attacker, confirmed, 'public'), groupCounts: confirmed.filter((p) => p.g1 !== null || p.g2 !== null).length };
    };
    // The attack code with a partner key: under free ranges and under the design's one-class
    // rules, its pairs must differ by the child alone.
    const checkOrder = shuffledPeople(children, seedrandom(`${SEED} self-check`));
    selfCheck.free = await checkAttacker(attacker, checkOrder, (child) => pairsOf(child, FREE_RANGES), SELF_CHECK_TARGETS);
    selfCheck.classes = await checkAttacker(attacker, checkOrder, (child) => pairsOf(child, designRules('ChildFilter')), SELF_CHECK_TARGETS);
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
        `Averaging one-child differences (childStats), ${ENGINE}, ${describeRules(rules, 'child age')}:`,
        `  ${outcomes.length} children with at least one pair among ${sampled} tried; pinned at 64 pairs over everyone tried: ${outcomes.filter((o) => pinnedAt(o.differences, MAX_PAIRS)).length}/${sampled}`,
        `  pinned at ${CHECKPOINTS.map((n) => `${n} pair${n > 1 ? 's' : ''}: ${pct(outcomes.filter((o) => pinnedAt(o.differences, n)).length)}`).join('; ')}`,
        `  the attack code with a partner key: ${JSON.stringify(selfCheck)}`,
        `  distinct pairs per child: min ${pairs[0] ?? 0}, median ${pairs[Math.floor(pairs.length / 2)] ?? 0}, max ${pairs[pairs.length - 1] ?? 0}; pairs that published nothing: ${outcomes.reduce((s, o) => s + o.differences.filter((d) => d === null).length, 0)} of ${pairs.reduce((s, n) => s + n, 0)}; pairs with an AGE_BAND group count (0-5): ${outcomes.reduce((s, o) => s + o.groupCounts, 0)}`,
      ].join('\n'),
    );
  }, 600_000);
  afterAll(() => t?.close());

  it('builds pairs that differ by the child alone with the same code, under free ranges and under the design\'s one-class rules (partner key, exact answers)', () => {
    expect({ free: selfCheckVerdict(selfCheck.free!), classes: selfCheckVerdict(selfCheck.classes!) }).toEqual({
      free: { withPairs: SELF_CHECK_TARGETS, allConfirmed: true },
      classes: { withPairs: SELF_CHECK_TARGETS, allConfirmed: true },
    });
  });

  it('tries at least 60 children', () => {
    expect(sampled).toBeGreaterThanOrEqual(TARGETS);
  });

  it('pins the count of fewer than half of the children by averaging up to 64 different pairs', () => {
    // Children the rules leave without any pair count as attempted, got nothing, up to 60.
    const pinned = outcomes.filter((o) => pinnedAt(o.differences, MAX_PAIRS)).length;
    const of = Math.max(outcomes.length, TARGETS);
    expect({ pinned, of, underHalf: pinned < of / 2 }).toMatchObject({ underHalf: true });
  });
});
