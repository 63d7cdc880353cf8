import { startTestHub, TestHub } from '../support/hub';
import {
  ATTACK_ENV,
  Attacker,
  COUNT_HXL,
  csvNumber,
  differenceOfSums,
  downloadStatsCsv,
  Filter,
  MEASURE_HXL,
  measureOf,
  Person,
  StatsAnswer,
  Tally,
  wholeGroup,
  within1Percent,
} from './attacker';
import { matches, sharedFilters } from './targets';

/**
 * The privacy probes of issue 7, replayed as a public caller on the seeded Peru round 4. The
 * facts each probe rests on (who is 70, how many, what they paid) are read from the partner view
 * at test time; the numbers in the comments are those the issue found.
 */

const ROUND: Filter = { country: 'PER', round: 4 };
const ENGINE = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';

/**
 * Pairs (F1 = base with ageMin: a, F2 = the same with ageMax: upper) for every base and every a,
 * keeping one pair per distinct population of F2 (the partner rows tell which F2 are the same
 * people, hence the same cell) and only those whose F2 holds at least 5 people, the ones an
 * attacker expects to see published.
 */
function distinctPairs(people: Person[], bases: Filter[], upper: number): [Filter, Filter][] {
  const seen = new Set<string>();
  const pairs: [Filter, Filter][] = [];
  for (const base of bases) {
    for (let a = 18; a <= upper; a++) {
      const f1 = { ...base, ageMin: a };
      const f2 = { ...f1, ageMax: upper };
      const ids = people.filter((p) => matches(p, f2)).map((p) => p.id);
      const key = ids.join(',');
      if (ids.length < 5 || seen.has(key)) continue;
      seen.add(key);
      pairs.push([f1, f2]);
    }
  }
  return pairs;
}

describe('Privacy: the probes of issue 7 against round 4', () => {
  let t: TestHub;
  let attacker: Attacker;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4], env: ATTACK_ENV });
    attacker = await Attacker.create(t);
    base = await t.listen();
  });
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
    const rows = await downloadStatsCsv(base, ask);
    expect(rows.map((r) => [...r.values()].slice(0, 6))).toEqual([]);
  });

  it('does not let the difference of the totals for ageMin 60 and for ages 60 to 69 pin the count of people aged 70 or more, in most such pairs', async () => {
    // Issue: 32 - 29 = 3 people aged 70 or more, although ageMin: 70 alone was withheld.
    const exact70 = await total({ ...ROUND, ageMin: 70 }, 'partner');
    expect(exact70).toBeGreaterThan(0);
    expect(exact70).toBeLessThan(5);
    expect(await total({ ...ROUND, ageMin: 70 })).toBeNull();

    // One pair alone proves nothing either way: with noise of a few units on each total, the two
    // noises cancel by chance for some pairs, so "the difference is not the count" is not a
    // property a correct method guarantees for the pair. What it must guarantee is that
    // such differences are right only by chance, for a minority of pairs. The attacker has many
    // pairs that difference out exactly the people aged 70+: ageMin: a against ageMin: a,
    // ageMax: 69, for every a, in the whole round and in every part of it that all of them
    // belong to (their survey point, if they share it, and so on). Each distinct pair of cells is
    // scored like the pair (a = 60); the target, pinned for under half, is
    // asserted over them. The 200-target rate is in differencing.test.ts.
    const people = await attacker.people(ROUND);
    const old = people.filter((p) => p.age >= 70);
    const pairs = distinctPairs(people, sharedFilters(old, ROUND), 69);
    const pinned = new Tally('people aged 70+ pinned by total(ageMin: a) - total(ageMin: a, ageMax: 69)');
    const differences: number[] = [];
    for (const [f1, f2] of pairs) {
      const [t1, t2] = await attacker.statsBatch([{ filter: f1 }, { filter: f2 }]);
      const known = t1.total !== null && t2.total !== null;
      if (known) differences.push(t1.total! - t2.total!);
      pinned.record(known && t1.total! - t2.total! === exact70, !known);
    }
    // Not asserted (the issue sets no target for it): an attacker who averages all these
    // differences instead of trusting one. Printed so that the note can say how far it gets.
    const average = differences.reduce((s, d) => s + d, 0) / Math.max(1, differences.length);
    console.log(
      `Probe "70 or older", ${ENGINE}: ${pinned}; the average of the ${differences.length} published differences is ${average.toFixed(2)} (true count ${exact70}).`,
    );
    expect(pinned).toSucceedUnder(0.5, 60);
  });

  it('does not reveal the trip cost of the one man aged 70 by differencing the mean of men and of men up to 69', async () => {
    // Issue: n 1,138 and mean 285.226714 against n 1,137 and 285.230431 gave 281.00, his exact answer.
    const old = await attacker.people({ ...ROUND, sex: 'MALE', ageMin: 70 });
    expect(old).toHaveLength(1);
    const truth = old[0].tripCostUsd!;
    expect(truth).not.toBeNull();
    const all = { ...ROUND, sex: 'MALE' };
    const younger = { ...all, ageMax: 69 };
    const [p1, p2] = await attacker.statsBatch(
      [
        { filter: all, measures: ['TRIP_COST_USD'] },
        { filter: younger, measures: ['TRIP_COST_USD'] },
      ],
      'partner',
    );
    // The partner view confirms the pair differs by him alone and that the arithmetic recovers him exactly.
    expect(p1.total! - p2.total!).toBe(1);
    expect(differenceOfSums(measureOf(wholeGroup(p1), 'TRIP_COST_USD'), measureOf(wholeGroup(p2), 'TRIP_COST_USD'))).toBeCloseTo(truth, 2);

    const [a1, a2] = await attacker.statsBatch([
      { filter: all, measures: ['TRIP_COST_USD'] },
      { filter: younger, measures: ['TRIP_COST_USD'] },
    ]);
    const estimate = differenceOfSums(measureOf(wholeGroup(a1), 'TRIP_COST_USD'), measureOf(wholeGroup(a2), 'TRIP_COST_USD'));
    const hxl = MEASURE_HXL.TRIP_COST_USD;
    const [r1] = await downloadStatsCsv(base, { filter: all, measures: ['TRIP_COST_USD'] });
    const [r2] = await downloadStatsCsv(base, { filter: younger, measures: ['TRIP_COST_USD'] });
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
    const pairs = distinctPairs(people, bases, old.age - 1);
    const pinned = new Tally(`man aged ${old.age} confirmed ${old.educationLevel} by total(ageMin: a) - total(ageMin: a, ageMax: ${old.age - 1})`);
    const differences: number[] = [];
    for (const [f1, f2] of pairs) {
      const [t1, t2] = await attacker.statsBatch([{ filter: f1 }, { filter: f2 }]);
      const known = t1.total !== null && t2.total !== null;
      if (known) differences.push(t1.total! - t2.total!);
      pinned.record(known && t1.total! - t2.total! === 1, !known);
    }
    const average = differences.reduce((s, d) => s + d, 0) / Math.max(1, differences.length);
    console.log(`Probe "postgraduate man aged 70", ${ENGINE}: ${pinned}; the average of the ${differences.length} published differences is ${average.toFixed(2)} (true 1).`);
    // As above: one pair may be right by chance; the target is right by chance for under half.
    expect(pinned).toSucceedUnder(0.5, 40);
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

    const pub = measureOf(wholeGroup(await attacker.stats({ filter, measures: ['TRIP_COST_USD'] })), 'TRIP_COST_USD');
    const [row] = await downloadStatsCsv(base, { filter, measures: ['TRIP_COST_USD'] });
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
