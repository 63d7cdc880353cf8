import { startTestHub, TestHub } from '../support/hub';
import {
  ATTACK_ENV,
  Attacker,
  COUNT_HXL,
  csvNumber,
  differenceOfSums,
  downloadStatsCsv,
  downloadStatsCsvOrRefusal,
  Filter,
  MEASURE_HXL,
  measureOf,
  Person,
  StatsAnswer,
  Tally,
  wholeGroup,
  within1Percent,
} from './attacker';
import { ageClass, ageFilter, AttackRules, FREE_RANGES, holds, readableAges, readRules } from './patient';
import { sharedFilters } from './targets';

/**
 * The privacy probes of issue 7, replayed as a public caller on the seeded Peru round 4. The
 * facts each probe rests on (who is 70, how many, what they paid) are read from the partner view
 * at test time; the numbers in the comments are those the issue found.
 *
 * Since issue 20, public callers may cut ages only on the age classes (18, 25, 35, 45, 60). The
 * probes that asked for single ages now check that such a question is refused (CLASSIFICATION,
 * or nothing published on a hub without the rules), and replay the attack as a patient attacker
 * still can: the same people picked out with band-aligned ranges and the other answers they
 * share.
 */

const ROUND: Filter = { country: 'PER', round: 4 };
const ENGINE = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';

/**
 * Pairs (F1 = base with ageMin: a, F2 = the same with ageMax: upper) for every base and every a,
 * keeping one pair per distinct population of F2 (the partner rows tell which F2 are the same
 * people, hence the same cell) and only those whose F2 holds at least 5 people, the ones an
 * attacker expects to see published. Under one-class rules (since e0c4042) neither end may be
 * chosen freely: the pairs are F1 = base + A against F2 = base + B for every two age sets a
 * public caller may give (no age filter, one class), B strictly inside A, where F1 - F2 is
 * exactly `targeted` (the people aged above `upper` of the base, as in the pairs above).
 */
function distinctPairs(people: Person[], bases: Filter[], upper: number, rules: AttackRules, targeted: Person[]): [Filter, Filter][] {
  const seen = new Set<string>();
  const pairs: [Filter, Filter][] = [];
  // The bases' own fields and the age range must keep to the variable limit.
  const fieldsOf = (f: Filter) => Object.keys(f).filter((k) => k !== 'country' && k !== 'round').length;
  // A filter holds when each of its fields does: the people of its fields besides the age range
  // are found once (every pair of a base shares them), then narrowed by the range.
  const beyondAges = new Map<string, Person[]>();
  const matching = (f: Filter): Person[] => {
    const { ageMin, ageMax, ...rest } = f;
    const key = JSON.stringify(rest);
    if (!beyondAges.has(key)) beyondAges.set(key, people.filter((p) => holds(p, rest)));
    const ages: Filter = { ...(ageMin !== undefined ? { ageMin } : {}), ...(ageMax !== undefined ? { ageMax } : {}) };
    return beyondAges.get(key)!.filter((p) => holds(p, ages));
  };
  const keep = (f1: Filter, f2: Filter) => {
    const ids = matching(f2).map((p) => p.id);
    const key = ids.join(',');
    if (ids.length < 5 || seen.has(key)) return;
    seen.add(key);
    pairs.push([f1, f2]);
  };
  const want = targeted.map((p) => p.id).sort().join(',');
  for (const base of bases.filter((b) => fieldsOf(b) + 1 <= rules.maxVariables)) {
    if (rules.ages.kind === 'ranges') {
      const sets = readableAges(rules).filter((x) => x.band === null);
      for (const a of sets) {
        for (const b of sets) {
          const strictly = a.interval[0] <= b.interval[0] && b.interval[1] <= a.interval[1] && (a.interval[0] !== b.interval[0] || a.interval[1] !== b.interval[1]);
          if (!strictly) continue;
          const [f1, f2] = [{ ...base, ...ageFilter(rules, a.interval) }, { ...base, ...ageFilter(rules, b.interval) }];
          const inF2 = new Set(matching(f2));
          const apart = matching(f1).filter((p) => !inF2.has(p)).map((p) => p.id).sort().join(',');
          if (apart === want) keep(f1, f2);
        }
      }
      continue;
    }
    const lowers = rules.ages.kind === 'bounds' ? rules.ages.lower : Array.from({ length: upper - 17 }, (_x, i) => 18 + i);
    for (const a of lowers.filter((x) => x >= 18 && x <= upper)) keep({ ...base, ageMin: a }, { ...base, ageMin: a, ageMax: upper });
  }
  return pairs;
}

/** Exact differences (partner key) of pairs: the check that the attack code's pairs isolate whom they should. */
async function exactDifferences(attacker: Attacker, pairs: [Filter, Filter][]): Promise<number[]> {
  const asks = pairs.flat().map((filter) => ({ filter }));
  const answers: StatsAnswer[] = [];
  for (let i = 0; i < asks.length; i += 24) answers.push(...(await attacker.statsBatch(asks.slice(i, i + 24), 'partner')));
  return pairs.map((_p, i) => answers[2 * i].total! - answers[2 * i + 1].total!);
}

describe('Privacy: the probes of issue 7 against round 4', () => {
  let t: TestHub;
  let attacker: Attacker;
  let base: string;
  let rules: AttackRules;
  // The oldest class a public caller can cut out: a single age without the rules, 60+ with them.
  let oldest: number;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4], env: ATTACK_ENV });
    attacker = await Attacker.create(t);
    base = await t.listen();
    rules = await readRules(attacker);
    oldest = rules.hasPolicy ? ageClass(rules, 120)[0] : 70;
  });

  /** A public answer to a single-age question: refused by CLASSIFICATION under the rules. */
  const refusedForFreeAges = (a: StatsAnswer) => {
    const d = a.disclosure as { status?: string; failedRules?: string[] };
    return rules.hasPolicy ? d.status === 'BLOCKED' && d.failedRules!.includes('CLASSIFICATION') : true;
  };
  afterAll(() => t?.close());

  const total = async (filter: Filter, as: 'public' | 'partner' = 'public') => (await attacker.stats({ filter }, as)).total;

  it('lists no group of the people aged 70 by survey point, sex and education to a public caller, in GraphQL or CSV', async () => {
    // Issue: three groups were listed, among them cebaf_tumbes / male / postgraduate, which told
    // that every man aged 70 interviewed at Tumbes holds a postgraduate degree.
    const ask = { filter: { ...ROUND, ageMin: 70, ageMax: 70 }, groupBy: ['SURVEY_POINT', 'SEX', 'EDUCATION'] };
    const people = await attacker.people(ask.filter);
    const partner = await attacker.stats(ask, 'partner');
    expect(people.length).toBeGreaterThan(0);
    expect(people.length).toBeLessThan(5);
    expect(partner.groups.length).toBeGreaterThan(0);
    expect(partner.groups.map((g) => g.keys.map((k) => k.code))).toContainEqual([people[0].surveyPoint, people[0].sex.toLowerCase(), people[0].educationLevel?.toLowerCase() ?? null]);

    const pub = await attacker.stats(ask);
    expect(pub.groups.map((g) => g.keys.map((k) => k.code))).toEqual([]);
    expect(pub.total).toBeNull();
    expect(refusedForFreeAges(pub)).toBe(true);
    const rows = await downloadStatsCsvOrRefusal(base, ask);
    expect(Array.isArray(rows) ? rows.map((r) => [...r.values()].slice(0, 6)) : rows.status).toEqual(Array.isArray(rows) ? [] : 403);

    // The patient version: the oldest age class by the same three dimensions. Every group listed
    // must hold at least k people (checked on the partner rows), so no group tells what all of a
    // few old people answered.
    const patient = { filter: { ...ROUND, ageMin: oldest }, groupBy: ask.groupBy };
    const old = await attacker.people(patient.filter);
    const listed = (await attacker.stats(patient)).groups.map((g) => g.keys.map((k) => k.code));
    const members = (codes: (string | null)[]) => old.filter((p) => p.surveyPoint === codes[0] && p.sex.toLowerCase() === codes[1] && (p.educationLevel?.toLowerCase() ?? null) === codes[2]).length;
    expect(listed.filter((codes) => members(codes) < 5)).toEqual([]);
  });

  it('does not let the difference of two published totals pin a withheld count of old people, in most such pairs', async () => {
    // Issue 7: 32 - 29 = 3 people aged 70 or more, although ageMin: 70 alone was withheld. Under
    // the rules the oldest class is 60+; the withheld count is that of the 60+ men of one
    // education level that holds 2 to 4 of them (from the partner rows), and the pairs are
    // total(base, ageMin: a) - total(base, ageMin: a, ageMax: oldest - 1) for every allowed a.
    // The public AGE_BAND's oldest class, 60+, with or without the rules (a single age holds too
    // few old men of one level to pick from).
    const oldest = 60;
    const people = await attacker.people(ROUND);
    const men = people.filter((p) => p.sex === 'MALE' && p.age >= oldest && p.educationLevel !== null);
    const levels = [...new Set(men.map((p) => p.educationLevel!))].sort();
    const level = levels.find((l) => {
      const n = men.filter((p) => p.educationLevel === l).length;
      return n >= 2 && n < 5;
    });
    expect(level).toBeDefined();
    const group = { ...ROUND, sex: 'MALE', educationLevel: level! };
    const exactOld = await total({ ...group, ageMin: oldest }, 'partner');
    expect(exactOld).toBeGreaterThan(1);
    expect(exactOld).toBeLessThan(5);
    expect(await total({ ...group, ageMin: oldest })).toBeNull();

    // One pair alone proves nothing either way: with noise of a few units on each total, the two
    // noises cancel by chance for some pairs. What the method must guarantee is that such
    // differences are right only by chance, for a minority of pairs. The attacker uses every
    // distinct pair that differences out exactly these people: the base, and the base plus any
    // answer they all share, with every allowed lower age bound.
    const old = people.filter((p) => holds(p, { ...group, ageMin: oldest }));
    const pairs = distinctPairs(people, sharedFilters(old, group), oldest - 1, rules, old);
    // The attack code itself, under free ranges with the partner's exact answers: it must find
    // pairs that difference out exactly these men, or "no pair" below would prove nothing.
    const freePairs = distinctPairs(people, sharedFilters(old, group), oldest - 1, FREE_RANGES, old);
    expect({ freePairs: freePairs.length >= 8, exact: [...new Set(await exactDifferences(attacker, freePairs))] }).toEqual({ freePairs: true, exact: [exactOld] });
    const pinned = new Tally(`${exactOld} men aged ${oldest}+ (${level}) pinned by pairs of allowed age ranges`);
    const differences: number[] = [];
    for (const [f1, f2] of pairs) {
      const [t1, t2] = await attacker.statsBatch([{ filter: f1 }, { filter: f2 }]);
      const known = t1.total !== null && t2.total !== null;
      if (known) differences.push(t1.total! - t2.total!);
      pinned.record(known && t1.total! - t2.total! === exactOld, !known);
    }
    // Under one-class rules no pair of allowed ranges isolates these men: the attempt counts as
    // 8 pairs that gave nothing (the hub with boundary rules gave 8 published pairs here).
    for (let i = pairs.length; i < 8; i++) pinned.record(false, true);
    // Not asserted (the issue sets no target for it): the average of all these differences.
    const average = differences.reduce((s, d) => s + d, 0) / Math.max(1, differences.length);
    console.log(
      `Probe "old men of one education level", ${ENGINE}: ${pinned}; the average of the ${differences.length} published differences is ${average.toFixed(2)} (true count ${exactOld}); ${freePairs.length} pairs under free ranges.`,
    );
    // The pairs keep to the rules, so most are published (the rate is not about refusals).
    expect(differences.length).toBeGreaterThanOrEqual(pairs.length / 2);
    expect(pinned).toSucceedUnder(0.5, 8);
  });

  it('does not reveal the trip cost of the one man aged 70 by differencing the mean of men and of men up to 69', async () => {
    // Issue: n 1,138 and mean 285.226714 against n 1,137 and 285.230431 gave 281.00, his exact answer.
    // Under the rules ageMax: 69 is refused; the patient attacker picks him out as the only man
    // of his education level in the oldest class instead (all ages against ageMax: oldest - 1).
    const old = await attacker.people({ ...ROUND, sex: 'MALE', ageMin: 70 });
    expect(old).toHaveLength(1);
    const truth = old[0].tripCostUsd!;
    expect(truth).not.toBeNull();
    const all = { ...ROUND, sex: 'MALE', ...(rules.hasPolicy ? { educationLevel: old[0].educationLevel! } : {}) };
    const younger = { ...all, ageMax: oldest - 1 };
    // Under one-class rules ageMax: 59 alone is refused too; the attacker takes a pair of allowed
    // ranges that isolates him if there is one, else asks the band-aligned pair and gets nothing.
    const allowed = rules.ages.kind === 'ranges' ? distinctPairs(await attacker.people(ROUND), sharedFilters(old, all), oldest - 1, rules, old)[0] : undefined;
    const [f1, f2] = allowed ?? [all, younger];
    const [p1, p2] = await attacker.statsBatch(
      [
        { filter: f1, measures: ['TRIP_COST_USD'] },
        { filter: f2, measures: ['TRIP_COST_USD'] },
      ],
      'partner',
    );
    // The partner view confirms the pair differs by him alone and that the arithmetic recovers him exactly.
    expect(p1.total! - p2.total!).toBe(1);
    expect(differenceOfSums(measureOf(wholeGroup(p1), 'TRIP_COST_USD'), measureOf(wholeGroup(p2), 'TRIP_COST_USD'))).toBeCloseTo(truth, 2);

    const [a1, a2] = await attacker.statsBatch([
      { filter: f1, measures: ['TRIP_COST_USD'] },
      { filter: f2, measures: ['TRIP_COST_USD'] },
    ]);
    if (rules.ages.kind === 'ranges' && !allowed) expect(refusedForFreeAges(a2)).toBe(true);
    const estimate = differenceOfSums(measureOf(wholeGroup(a1), 'TRIP_COST_USD'), measureOf(wholeGroup(a2), 'TRIP_COST_USD'));
    const hxl = MEASURE_HXL.TRIP_COST_USD;
    const rows = async (filter: Filter) => {
      const r = await downloadStatsCsvOrRefusal(base, { filter, measures: ['TRIP_COST_USD'] });
      return Array.isArray(r) ? r[0] : undefined;
    };
    const [r1, r2] = [await rows(f1), await rows(f2)];
    const csvEstimate = differenceOfSums({ n: csvNumber(r1, `${hxl}+n`), mean: csvNumber(r1, `${hxl}+mean`) }, { n: csvNumber(r2, `${hxl}+n`), mean: csvNumber(r2, `${hxl}+mean`) });
    // Unlike a count, a mean recovered this way is off by the noise of the published n times the
    // mean (hundreds of dollars), so landing within 1% by chance is rare: this one pair is asserted.
    const seen = { truth, graphql: estimate, csv: csvEstimate };
    expect({ ...seen, recovered: within1Percent(estimate, truth) || within1Percent(csvEstimate, truth) }).toEqual({ ...seen, recovered: false });
  });

  it('does not confirm the man aged 70 as postgraduate by differencing counts, in most such pairs', async () => {
    // Issue: adding educationLevel: POSTGRADUATE gave 20 against 19 men, which confirmed him.
    const old = (await attacker.people({ ...ROUND, sex: 'MALE', ageMin: 70 }))[0];
    expect(old.educationLevel).not.toBeNull();
    const people = await attacker.people(ROUND);
    const bases = sharedFilters([old], { ...ROUND, sex: 'MALE', educationLevel: old.educationLevel! });
    // Under the rules the cut is at the oldest class (60+), where he is the only postgraduate man.
    const upper = Math.min(old.age, oldest) - 1;
    const pairs = distinctPairs(people, bases, upper, rules, [old]);
    // The attack code itself, under free ranges with the partner's exact answers (see above).
    const freePairs = distinctPairs(people, bases, upper, FREE_RANGES, [old]);
    expect({ freePairs: freePairs.length >= 40, exact: [...new Set(await exactDifferences(attacker, freePairs))] }).toEqual({ freePairs: true, exact: [1] });
    const pinned = new Tally(`man aged ${old.age} confirmed ${old.educationLevel} by pairs of allowed age ranges (cut at ${upper})`);
    const differences: number[] = [];
    for (const [f1, f2] of pairs) {
      const [t1, t2] = await attacker.statsBatch([{ filter: f1 }, { filter: f2 }]);
      const known = t1.total !== null && t2.total !== null;
      if (known) differences.push(t1.total! - t2.total!);
      pinned.record(known && t1.total! - t2.total! === 1, !known);
    }
    // Without rules there are dozens of pairs; with boundary rules a handful (13, all published);
    // with one-class rules none: the attempt counts as 8 pairs that gave nothing.
    const wanted = rules.hasPolicy ? 8 : 40;
    for (let i = pairs.length; i < wanted; i++) pinned.record(false, true);
    const average = differences.reduce((s, d) => s + d, 0) / Math.max(1, differences.length);
    console.log(`Probe "postgraduate man aged 70", ${ENGINE}: ${pinned}; the average of the ${differences.length} published differences is ${average.toFixed(2)} (true 1).`);
    // As above: one pair may be right by chance; the target is right by chance for under half.
    expect(differences.length).toBeGreaterThanOrEqual(pairs.length / 2);
    expect(pinned).toSucceedUnder(0.5, wanted);
  });

  it('does not publish the median trip cost of the five men aged 68 or more as one of their answers', async () => {
    // Issue: n = 5, median 241: one person's exact answer.
    const filter = { ...ROUND, sex: 'MALE', ageMin: 68 };
    const people = await attacker.people(filter);
    expect(people.length).toBeGreaterThanOrEqual(5);
    expect(people.length).toBeLessThan(10);
    const values = people.map((p) => p.tripCostUsd).filter((v): v is number => v !== null);
    const partner = measureOf(wholeGroup(await attacker.stats({ filter, measures: ['TRIP_COST_USD'] }, 'partner')), 'TRIP_COST_USD');
    expect(values).toContain(partner!.median);

    // Under the rules ageMin: 68 is refused outright (CLASSIFICATION): no median, no CSV (403).
    const answer = await attacker.stats({ filter, measures: ['TRIP_COST_USD'] });
    expect(refusedForFreeAges(answer)).toBe(true);
    const pub = measureOf(wholeGroup(answer), 'TRIP_COST_USD');
    const rows = await downloadStatsCsvOrRefusal(base, { filter, measures: ['TRIP_COST_USD'] });
    const row = Array.isArray(rows) ? rows[0] : undefined;
    const medians = { graphql: pub?.median ?? null, csv: csvNumber(row, `${MEASURE_HXL.TRIP_COST_USD}+median`) };
    // "Equal" within 1%, the bar for recovering an individual's value.
    const matches = values.filter((v) => within1Percent(medians.graphql, v) || within1Percent(medians.csv, v));
    expect({ values, medians, matches }).toEqual({ values, medians, matches: [] });
  });

  it('gives the same answer to every filter that selects the same people, so repeating a question cannot average its noise away', async () => {
    // ageMin: 60 and ageMin: 60, ageMax: 120 select the same people (nobody is over 120); the
    // cell-key method keys a cell by its records, so both must get the same published value, and
    // asking again must not give a fresh draw.
    const asks = [
      { filter: { ...ROUND, ageMin: 60 }, measures: ['TRIP_COST_USD', 'AGE'] },
      { filter: { ...ROUND, ageMin: 60, ageMax: 120 }, measures: ['TRIP_COST_USD', 'AGE'] },
      { filter: { ...ROUND, ageMin: 60 }, measures: ['TRIP_COST_USD', 'AGE'] },
    ];
    const answers: StatsAnswer[] = [];
    for (const ask of asks) answers.push(await attacker.stats(ask));
    const numbers = (a: StatsAnswer) => ({ total: a.total, group: wholeGroup(a)?.count ?? null, measures: wholeGroup(a)?.measures ?? null });
    expect(numbers(answers[1])).toEqual(numbers(answers[0]));
    expect(numbers(answers[2])).toEqual(numbers(answers[0]));
    const [r1] = await downloadStatsCsv(base, asks[0]);
    const [r2] = await downloadStatsCsv(base, asks[1]);
    expect(csvNumber(r1, COUNT_HXL)).toBe(csvNumber(r2, COUNT_HXL));
    expect(csvNumber(r1, COUNT_HXL)).toBe(answers[0].groups.length ? wholeGroup(answers[0])!.count : null);
  });
});
