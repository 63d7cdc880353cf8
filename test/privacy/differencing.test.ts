import seedrandom from 'seedrandom';
import { startTestHub, TestHub } from '../support/hub';
import {
  ATTACK_ENV,
  Attacker,
  COUNT_HXL,
  csvNumber,
  CsvRow,
  differenceOfSums,
  downloadStatsCsvOrRefusal,
  Filter,
  GroupAnswer,
  inPool,
  MEASURE_HXL,
  MEASURE_VALUE,
  measureOf,
  Person,
  shapeAdvantage,
  shapeOf,
  StatsAnswer,
  StatsAsk,
  Tally,
  wholeGroup,
  within1Percent,
} from './attacker';
import { AttackRules, describeRules, FREE_RANGES, readRules, shuffledPeople as shuffled } from './patient';
import { differencingPair, DifferencingPair, groupDimension, medianSet, MedianSet } from './targets';

/**
 * Automated differencing over random target respondents of round 4 (issue 7, Build 2): for each
 * target two public filters that differ by exactly that person, and small sets whose median is
 * that person's answer. Targets of the issue: a withheld count is pinned exactly by a difference
 * in under half of 200 targets, with nothing in the answers telling which; an individual's value
 * (mean, median) is recovered within 1% in under 1% of them.
 *
 * Since issue 20 the attacker keeps to the public rules it reads from `disclosurePolicy` (age
 * cuts on the age classes, at most the allowed variables): a pair of free ages would only be
 * refused (CLASSIFICATION), which tests nothing about the noise. So the pairs cut the target's age
 * band out of a base where nobody else is in that band, and the file also asserts that most pairs
 * are published (the attack is on the noise, not on refusals).
 *
 * Since e0c4042 a public range is one class, and "no age filter" against another class isolates
 * a handful of respondents of round 4. The pairs the rules still allow are mostly equality pairs
 * (`differencingPair`): F1 = a base of the target's answers, possibly with the target's age class
 * as one of them, against F2 = F1 plus one answer that everybody else of F1 gave and the target
 * did not, within the variable limit read from the policy. On the seeds they give the 200 count
 * targets among the first 1,340 people of the seeded order (about one respondent in seven has
 * one with cells of 10) and 56 income targets. Where a stricter rule leaves fewer, the people of
 * the round without an attack count as attempted, got nothing, up to the 200 (50 for income, 20
 * through the CSV), so that a stricter rule does not fail the rates for leaving too few targets.
 * So that a broken attacker cannot pass for a hub that leaves it nothing, the same code is run
 * under free ranges with a partner key, and must find pairs that differ by the target alone.
 */

const ROUND: Filter = { country: 'PER', round: 4 };
const TARGETS = 200;
// Only the 352 respondents who worked in Peru have an income, and few of them are isolated by a
// pair with 10 incomes in each cell (61 under the boundary rules, 56 under one-class rules with
// the equality pairs, on the seeds). The income attack is held to at least 50 targets (0
// recovered allowed at 1%).
const meanTargets = (m: string) => (m === 'MONTHLY_INCOME_USD' ? 50 : TARGETS);
const CSV_TARGETS = 20;
const SEED = 'dtm-hub privacy attack suite';
const MEASURES = ['TRIP_COST_USD', 'AGE', 'MONTHLY_INCOME_USD'];
const STATS = ['n', 'mean', 'median'] as const;
// Requests in flight at once: enough to overlap GraphQL work with database waits on two cores.
const CONCURRENCY = 4;
const ENGINE = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
// Both filters of a pair hold at least this many units (with a value, for a measure), so that
// the public answers are not withheld outright for being small: the attack is on noise, not on
// suppression. Targets that no pair isolates with cells this large are skipped.
const MIN_CELL_SIZE = 10;
// Small sets, as in the issue's probe (a median of 5 values), up to sets a higher median
// threshold would publish.
const MEDIAN_SIZES = { minN: 5, maxN: 25 };
// Targets of the self-check (free ranges, partner key).
const SELF_CHECK_TARGETS = 10;

/** The answer without the measures (they belong to the mean attacks), for the count attacks' shape. */
function countShape(a: StatsAnswer, group?: GroupAnswer | null): unknown {
  // groupBy and the keys echo what the attacker asked; they vary with the target, not with the answer.
  const { groups, groupBy: _asked, ...top } = a;
  const strip = (g: GroupAnswer | null | undefined) => (g ? shapeOf({ ...g, keys: undefined, measures: undefined }) : null);
  return { top: shapeOf(top), group: group === undefined ? groups.map(strip) : strip(group) };
}

/** A group's published count; a group the answer does not list counts as 0 (the empty groups are not listed); null when the table is blocked. */
function groupCount(a: StatsAnswer, code: string | null): number | null {
  if (a.total === null) return null;
  const g = a.groups.find((x) => x.keys[0]?.code === code);
  return g ? g.count : 0;
}

describe('Privacy: differencing attacks on 200 random respondents of round 4', () => {
  let t: TestHub;
  let attacker: Attacker;
  let base: string;
  let rules: AttackRules;
  const tallies = {
    total: new Tally('count pinned by total(F1) - total(F2)'),
    group: new Tally('count pinned by a group count of a groupBy'),
    csvCount: new Tally('count pinned by the CSV export (20 targets)'),
    mean: Object.fromEntries(MEASURES.map((m) => [m, new Tally(`${m} recovered by n1*mean1 - n2*mean2`)])) as Record<string, Tally>,
    csvMean: Object.fromEntries(MEASURES.map((m) => [m, new Tally(`${m} recovered through the CSV export (20 targets)`)])) as Record<string, Tally>,
    median: new Tally('TRIP_COST_USD median of a small set recovered'),
    csvMedian: new Tally('TRIP_COST_USD median recovered through the CSV export (20 targets)'),
  };
  const totalShapes: { shape: string; pinned: boolean }[] = [];
  const groupShapes: { shape: string; pinned: boolean }[] = [];
  let shapeTotal = { advantage: 0, shapes: 0 };
  let shapeGroup = { advantage: 0, shapes: 0 };
  const rejected = { pairs: 0, medians: 0, noPair: 0, noMedianSet: 0 };
  /** Targets the rules left an attack for (before the shortfall is counted as attempted, got nothing), and their pairs that published nothing. */
  const found = { counts: 0, income: 0, medians: 0, totalWithheld: 0, groupWithheld: 0 };
  const selfCheck = { tried: 0, pairs: 0, verified: 0, medians: 0, mediansVerified: 0 };
  /** The group-by dimension of each count target's group form. */
  const groupDimensions = new Map<string, number>();
  const csvMismatches: { filter: Filter; field: string; csv: number | null; graphql: number | null }[] = [];

  /**
   * Checks a pair against the partner stats. F2 is F1 with a narrower age range or one more
   * answer, so F2 is inside F1, and the target is in F1 only: exact totals one apart mean F1 - F2
   * is the target and nobody else, so every measure's n and sum differ by the target's value too.
   */
  async function verified(pair: DifferencingPair): Promise<boolean> {
    const [p1, p2] = await attacker.statsBatch([{ filter: pair.f1 }, { filter: pair.f2 }], 'partner');
    return p1.total !== null && p2.total !== null && p1.total - p2.total === 1;
  }

  /** Walks the shuffled population and keeps the first `count` targets for which `build` finds a verified attack. */
  async function pickTargets<T>(order: Person[], count: number, build: (p: Person) => Promise<T | null>): Promise<T[]> {
    const picked: T[] = [];
    for (let start = 0; start < order.length && picked.length < count; start += 2 * CONCURRENCY) {
      const built = await inPool(order.slice(start, start + 2 * CONCURRENCY), CONCURRENCY, build);
      picked.push(...built.filter((x): x is Awaited<T> => x !== null));
    }
    return picked.slice(0, count);
  }

  beforeAll(async () => {
    t = await startTestHub({ rounds: [4], env: ATTACK_ENV });
    attacker = await Attacker.create(t);
    base = await t.listen();
    rules = await readRules(attacker);
    const people = await attacker.people(ROUND);
    const order = shuffled(people, seedrandom(SEED));

    const buildPair = (counts?: (p: Person) => boolean) => async (p: Person) => {
      const pair = differencingPair(people, p, ROUND, { counts, minSize: MIN_CELL_SIZE, rules });
      if (!pair) rejected.noPair += 1;
      else if (await verified(pair)) return pair;
      else rejected.pairs += 1;
      return null;
    };
    // The attack code under free ranges, with a partner key: its pairs and median sets must be
    // what they claim (the exact totals one apart, the exact median the target's value).
    for (const p of order) {
      if (selfCheck.pairs >= SELF_CHECK_TARGETS && selfCheck.medians >= SELF_CHECK_TARGETS) break;
      selfCheck.tried += 1;
      const pair = selfCheck.pairs < SELF_CHECK_TARGETS ? differencingPair(people, p, ROUND, { minSize: MIN_CELL_SIZE, rules: FREE_RANGES }) : null;
      if (pair) {
        selfCheck.pairs += 1;
        if (await verified(pair)) selfCheck.verified += 1;
      }
      const set = selfCheck.medians < SELF_CHECK_TARGETS ? medianSet(people, p, ROUND, MEASURE_VALUE.TRIP_COST_USD, { ...MEDIAN_SIZES, rules: FREE_RANGES }) : null;
      if (set) {
        selfCheck.medians += 1;
        const exact = measureOf(wholeGroup(await attacker.stats({ filter: set.filter, measures: ['TRIP_COST_USD'] }, 'partner')), 'TRIP_COST_USD');
        if (exact?.n === set.n && exact.median === p.tripCostUsd) selfCheck.mediansVerified += 1;
      }
    }

    const countTargets = await pickTargets(order, TARGETS, buildPair());
    const incomeTargets = await pickTargets(
      order.filter((p) => p.monthlyIncomeUsd !== null),
      TARGETS,
      buildPair((p) => p.monthlyIncomeUsd !== null),
    );
    const medianTargets = await pickTargets<MedianSet>(order, TARGETS, async (p) => {
      const set = medianSet(people, p, ROUND, MEASURE_VALUE.TRIP_COST_USD, { ...MEDIAN_SIZES, rules });
      if (!set) {
        rejected.noMedianSet += 1;
        return null;
      }
      const truth = measureOf(wholeGroup(await attacker.stats({ filter: set.filter, measures: ['TRIP_COST_USD'] }, 'partner')), 'TRIP_COST_USD');
      if (truth?.n === set.n && truth.median === p.tripCostUsd) return set;
      rejected.medians += 1;
      return null;
    });

    // Counts (total and a group of a groupBy) and the means of trip cost and age, in process.
    await inPool(countTargets, CONCURRENCY, async (pair) => {
      const g = groupDimension(people, pair, rules.maxVariables);
      if (g) groupDimensions.set(g.dimension, (groupDimensions.get(g.dimension) ?? 0) + 1);
      // Without a dimension that keeps both tables within the variable limit, the group form gives nothing.
      const [a1, a2, b1, b2] = await attacker.statsBatch([
        { filter: pair.f1, measures: MEASURES },
        { filter: pair.f2, measures: MEASURES },
        ...(g ? [{ filter: pair.f1, groupBy: [g.dimension] }, { filter: pair.f2, groupBy: [g.dimension] }] : []),
      ]);
      const totalKnown = a1.total !== null && a2.total !== null;
      const totalPinned = totalKnown && a1.total! - a2.total! === 1;
      tallies.total.record(totalPinned, !totalKnown);
      if (totalKnown) totalShapes.push({ shape: JSON.stringify([countShape(a1), countShape(a2)]), pinned: totalPinned });

      const c1 = g ? groupCount(b1, g.code) : null;
      const c2 = g ? groupCount(b2, g.code) : null;
      const groupKnown = c1 !== null && c2 !== null;
      const groupPinned = groupKnown && c1 - c2 === 1;
      tallies.group.record(groupPinned, !groupKnown);
      if (groupKnown) {
        const own = (b: StatsAnswer) => b.groups.find((x) => x.keys[0]?.code === g!.code) ?? null;
        groupShapes.push({ shape: JSON.stringify([countShape(b1, own(b1)), countShape(b2, own(b2))]), pinned: groupPinned });
      }

      for (const m of ['TRIP_COST_USD', 'AGE']) {
        const estimate = differenceOfSums(measureOf(wholeGroup(a1), m), measureOf(wholeGroup(a2), m));
        if (process.env.DEBUG_HITS && within1Percent(estimate, MEASURE_VALUE[m](pair.target)!)) {
          const [p1, p2] = await attacker.statsBatch([{ filter: pair.f1, measures: [m] }, { filter: pair.f2, measures: [m] }], 'partner');
          console.log('HIT', m, MEASURE_VALUE[m](pair.target), estimate, JSON.stringify(measureOf(wholeGroup(a1), m)), JSON.stringify(measureOf(wholeGroup(a2), m)), JSON.stringify(measureOf(wholeGroup(p1), m)), JSON.stringify(measureOf(wholeGroup(p2), m)));
        }
        tallies.mean[m].record(within1Percent(estimate, MEASURE_VALUE[m](pair.target)!), estimate === null);
      }
    });
    await inPool(incomeTargets, CONCURRENCY, async (pair) => {
      const [a1, a2] = await attacker.statsBatch([
        { filter: pair.f1, measures: ['MONTHLY_INCOME_USD'] },
        { filter: pair.f2, measures: ['MONTHLY_INCOME_USD'] },
      ]);
      const estimate = differenceOfSums(measureOf(wholeGroup(a1), 'MONTHLY_INCOME_USD'), measureOf(wholeGroup(a2), 'MONTHLY_INCOME_USD'));
      if (process.env.DEBUG_HITS && within1Percent(estimate, pair.target.monthlyIncomeUsd!)) {
        const [p1, p2] = await attacker.statsBatch([{ filter: pair.f1, measures: ['MONTHLY_INCOME_USD'] }, { filter: pair.f2, measures: ['MONTHLY_INCOME_USD'] }], 'partner');
        console.log('HIT', pair.target.monthlyIncomeUsd, estimate, JSON.stringify(measureOf(wholeGroup(a1), 'MONTHLY_INCOME_USD')), JSON.stringify(measureOf(wholeGroup(a2), 'MONTHLY_INCOME_USD')), JSON.stringify(measureOf(wholeGroup(p1), 'MONTHLY_INCOME_USD')), JSON.stringify(measureOf(wholeGroup(p2), 'MONTHLY_INCOME_USD')));
      }
      tallies.mean.MONTHLY_INCOME_USD.record(within1Percent(estimate, pair.target.monthlyIncomeUsd!), estimate === null);
    });
    await inPool(medianTargets, CONCURRENCY, async (set) => {
      const median = measureOf(wholeGroup(await attacker.stats({ filter: set.filter, measures: ['TRIP_COST_USD'] })), 'TRIP_COST_USD')?.median ?? null;
      tallies.median.record(within1Percent(median, set.target.tripCostUsd!), median === null);
    });

    // The same attacks through the CSV export over HTTP, on the first 20 targets of each. Each
    // download is also compared with the GraphQL answer to the same question: the export must
    // publish the same perturbed values, or it would be a second draw (or an exact side door).
    const csv = async (ask: StatsAsk): Promise<CsvRow | undefined> => {
      // A refused download (403, a blocked table) publishes nothing, like a null in GraphQL.
      const rows = await downloadStatsCsvOrRefusal(base, ask);
      const row = Array.isArray(rows) ? rows[0] : undefined;
      const g = wholeGroup(await attacker.stats(ask));
      const seen = { count: csvNumber(row, COUNT_HXL), ...Object.fromEntries((ask.measures ?? []).flatMap((m) => STATS.map((x) => [`${m} ${x}`, csvNumber(row, `${MEASURE_HXL[m]}+${x}`)]))) };
      const asked = { count: g?.count ?? null, ...Object.fromEntries((ask.measures ?? []).flatMap((m) => STATS.map((x) => [`${m} ${x}`, measureOf(g, m)?.[x] ?? null]))) };
      for (const [k, v] of Object.entries(seen)) {
        const w = asked[k as keyof typeof asked] as number | null;
        if ((v === null) !== (w === null) || (v !== null && Math.abs(v - w!) > 1e-6 * Math.max(1, Math.abs(v)))) csvMismatches.push({ filter: ask.filter, field: k, csv: v, graphql: w });
      }
      return row;
    };
    const csvMeasure = (r: CsvRow | undefined, m: string) => ({ n: csvNumber(r, `${MEASURE_HXL[m]}+n`), mean: csvNumber(r, `${MEASURE_HXL[m]}+mean`) });
    await inPool(countTargets.slice(0, CSV_TARGETS), CONCURRENCY, async (pair) => {
      const r1 = await csv({ filter: pair.f1, measures: ['TRIP_COST_USD', 'AGE'] });
      const r2 = await csv({ filter: pair.f2, measures: ['TRIP_COST_USD', 'AGE'] });
      const c1 = csvNumber(r1, COUNT_HXL);
      const c2 = csvNumber(r2, COUNT_HXL);
      tallies.csvCount.record(c1 !== null && c2 !== null && c1 - c2 === 1, c1 === null || c2 === null);
      for (const m of ['TRIP_COST_USD', 'AGE']) {
        const estimate = differenceOfSums(csvMeasure(r1, m), csvMeasure(r2, m));
        tallies.csvMean[m].record(within1Percent(estimate, MEASURE_VALUE[m](pair.target)!), estimate === null);
      }
    });
    await inPool(incomeTargets.slice(0, CSV_TARGETS), CONCURRENCY, async (pair) => {
      const m = 'MONTHLY_INCOME_USD';
      const estimate = differenceOfSums(csvMeasure(await csv({ filter: pair.f1, measures: [m] }), m), csvMeasure(await csv({ filter: pair.f2, measures: [m] }), m));
      tallies.csvMean[m].record(within1Percent(estimate, pair.target.monthlyIncomeUsd!), estimate === null);
    });
    await inPool(medianTargets.slice(0, CSV_TARGETS), CONCURRENCY, async (set) => {
      const median = csvNumber(await csv({ filter: set.filter, measures: ['TRIP_COST_USD'] }), `${MEASURE_HXL.TRIP_COST_USD}+median`);
      tallies.csvMedian.record(within1Percent(median, set.target.tripCostUsd!), median === null);
    });

    // People without an attack count as attempted, got nothing, up to the number each rate is held to.
    found.counts = countTargets.length;
    found.income = incomeTargets.length;
    found.medians = medianTargets.length;
    found.totalWithheld = tallies.total.withheld;
    found.groupWithheld = tallies.group.withheld;
    const shortfall = (tally: Tally, wanted: number) => {
      while (tally.trials < wanted) tally.record(false, true);
    };
    shortfall(tallies.total, TARGETS);
    shortfall(tallies.group, TARGETS);
    shortfall(tallies.csvCount, CSV_TARGETS);
    for (const m of MEASURES) {
      shortfall(tallies.mean[m], meanTargets(m));
      shortfall(tallies.csvMean[m], CSV_TARGETS);
    }
    shortfall(tallies.median, TARGETS);
    shortfall(tallies.csvMedian, CSV_TARGETS);

    shapeTotal = shapeAdvantage(totalShapes);
    shapeGroup = shapeAdvantage(groupShapes);
    const all = [tallies.total, tallies.group, tallies.csvCount, ...Object.values(tallies.mean), ...Object.values(tallies.csvMean), tallies.median, tallies.csvMedian];
    console.log(
      [
        `Differencing attack rates, ${ENGINE}, round 4, ${describeRules(rules)} (${rejected.pairs} candidate pairs and ${rejected.medians} median sets failed the partner check; ${rejected.noPair} people had no pair and ${rejected.noMedianSet} no median set, and were passed over):`,
        `  targets with an attack: counts ${found.counts}, income ${found.income}, medians ${found.medians} (the rest of 200, 50 and 20 count as attempted, got nothing); the attack code under free ranges with a partner key: ${JSON.stringify(selfCheck)}`,
        ...all.map((x) => `  ${x}`),
        `  group forms by dimension: ${[...groupDimensions].map(([d, n]) => `${d} ${n}`).join(', ')} (a dimension the pair filters on counts once under the variable limit, and its group is then the whole table)`,
        `  shape tells pinned totals: advantage ${(100 * shapeTotal.advantage).toFixed(1)} points over ${totalShapes.length} published pairs (${shapeTotal.shapes} shapes)`,
        `  shape tells pinned group counts: advantage ${(100 * shapeGroup.advantage).toFixed(1)} points over ${groupShapes.length} published pairs (${shapeGroup.shapes} shapes)`,
      ].join('\n'),
    );
  }, 600_000);
  afterAll(() => t?.close());

  it('pins the count of a one-person difference of totals for under half of 200 targets', () => {
    expect(tallies.total).toSucceedUnder(0.5, TARGETS);
  });

  it('publishes both answers of most pairs the rules leave, so that the rates above are about noise and not about refusals', () => {
    // A suite whose every answer is refused would pass every "under" target without testing the
    // method; the pairs keep to the public rules, so most must be answered.
    expect({ total: found.totalWithheld <= found.counts / 2, group: found.groupWithheld <= found.counts / 2, found }).toMatchObject({ total: true, group: true });
  });

  it('builds pairs and median sets that are what they claim with the same code under free ranges (partner key)', () => {
    // The rates above may be low because the rules leave the attacker nothing: this shows that the
    // attack code still finds what there is to find when a hub allows it.
    expect({ ...selfCheck, rejectedUnderTheRules: rejected.pairs + rejected.medians }).toEqual({
      ...selfCheck,
      pairs: SELF_CHECK_TARGETS,
      verified: SELF_CHECK_TARGETS,
      medians: SELF_CHECK_TARGETS,
      mediansVerified: SELF_CHECK_TARGETS,
      rejectedUnderTheRules: 0,
    });
  });

  it('pins the count of a one-person difference of a group count for under half of 200 targets', () => {
    expect(tallies.group).toSucceedUnder(0.5, TARGETS);
  });

  it('gives nothing besides the numbers that tells a pinned difference from an unpinned one', () => {
    // Both answers of every published pair, numbers masked: if a flag or a null pattern went with
    // pinned (exact) differences, guessing by shape would beat guessing the majority.
    expect({ totals: shapeTotal.advantage <= 0.05, groups: shapeGroup.advantage <= 0.05, shapeTotal, shapeGroup }).toMatchObject({
      totals: true,
      groups: true,
    });
  });

  it.each(MEASURES)('recovers one person\'s %s within 1% by differencing means for under 1% of 200 targets (50 for income)', (m) => {
    expect(tallies.mean[m]).toSucceedUnder(0.01, meanTargets(m));
  });

  it('publishes a median within 1% of the one person whose value it is for under 1% of 200 small sets', () => {
    expect(tallies.median).toSucceedUnder(0.01, TARGETS);
  });

  it('publishes in the CSV export the same values as in GraphQL for the same question', () => {
    expect(csvMismatches).toEqual([]);
  });

  // Twenty targets cannot resolve the issue's 50% and 1% (a method that meets them on 200 could
  // exceed them on 20 by chance), so the CSV rates are held to bars that such a method passes
  // except with probability under 1%: counts pinned for at most 15 of 20 (P < 0.006 at a
  // true rate of 50%), values recovered for at most 2 of 20 (P < 0.0011 at 1%). Together with the
  // check above (the export publishes what GraphQL publishes) the 200-target rates cover the CSV.
  it('pins the count of a one-person difference in the CSV export for at most 15 of 20 targets', () => {
    expect(tallies.csvCount).toSucceedUnder(0.8, CSV_TARGETS);
  });

  it.each(MEASURES)('recovers one person\'s %s within 1% through the CSV export for at most 2 of 20 targets', (m) => {
    expect(tallies.csvMean[m]).toSucceedUnder(0.15, CSV_TARGETS);
  });

  it('publishes a median within 1% of one person\'s value in the CSV export for at most 2 of 20 small sets', () => {
    expect(tallies.csvMedian).toSucceedUnder(0.15, CSV_TARGETS);
  });
});
