import { startTestHub, TestHub } from '../support/hub';
import { documentedCount, documentedMean, documentedMedian, documentedRecordKey, documentedTable, membersOf, storedRecordKeys, unitKey } from './cell-key-spec';
import { expectedStats, FIXTURE, FIXTURE_ROUND, respondentUnits, childUnits, Unit, VALUE, wilsonBounds } from './fixture-rows';

interface Group {
  keys: { code: string | null }[];
  count: number | null;
  share: number | null;
  ci95: { low: number; high: number } | null;
  measures: { n: number | null; mean: number | null; median: number | null; min: number | null; max: number | null; withheld: boolean }[];
}
interface Stats {
  total: number | null;
  groups: Group[];
  nonResponse: { dimension: string; count: number | null; suppressed: boolean }[];
  disclosure: { method: string; threshold: number | null; medianThreshold: number | null; maxPerturbation: number };
}

const ROUND_ID = `PER-${FIXTURE_ROUND}`;
const FILTER = `{ country: "PER", round: ${FIXTURE_ROUND} }`;
const key = (codes: (string | null)[]) => JSON.stringify(codes);

async function stats(
  t: TestHub,
  groupBy: string[],
  as: 'public' | 'partner' = 'public',
  measures: string[] = [],
  filter = FILTER,
  query = 'respondentStats',
): Promise<Stats> {
  const res = await t.exec(
    `{ s: ${query}(filter: ${filter}, groupBy: [${groupBy.join(', ')}], measures: [${measures.join(', ')}]) {
        total nonResponse { dimension count suppressed } disclosure { method threshold medianThreshold maxPerturbation }
        groups { keys { code } count share ci95 { low high } measures { n mean median min max withheld } } } }`,
    undefined,
    as,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.s as Stats;
}

describe('Aggregation: disclosure control for public callers (cell-key method)', () => {
  let t: TestHub;
  let keyOf: (u: Unit) => number;
  beforeAll(async () => {
    t = await startTestHub({ bundles: [FIXTURE] });
    const { keys } = await storedRecordKeys(t.ds);
    keyOf = (u) => unitKey(ROUND_ID, keys, u);
  });
  afterAll(() => t.close());

  it('stores for every respondent and child the documented record key: 24 bits of an HMAC of its id', async () => {
    const { secret, keys } = await storedRecordKeys(t.ds);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(keys.size).toBe(respondentUnits.length + childUnits.length);
    for (const [id, k] of keys) expect({ id, k }).toEqual({ id, k: documentedRecordKey(secret, id) });
    // Keys spread over the range rather than sitting at one value.
    expect(new Set(keys.values()).size).toBe(keys.size);
  });

  // Tables the sparsity rule publishes whole (disclosure-rules.test.ts covers the ones it does not,
  // such as SURVEY_POINT x SEX x AGE_BAND, where south_gate is blocked).
  it.each([[['SURVEY_POINT']], [['SURVEY_POINT', 'SEX']], [['AGE_BAND', 'SEX']], [['EDUCATION', 'SEX']], [['TRANSIT_COUNTRY']], [['TRANSIT_COUNTRY', 'SEX']]])(
    'publishes for %j exactly the counts, shares and intervals the documented method gives from the raw rows',
    async (groupBy) => {
      const s = await stats(t, groupBy);
      const expected = documentedTable(respondentUnits, groupBy, keyOf, 5);
      expect(s.total).toBe(expected.total);
      expect(s.groups.map((g) => [key(g.keys.map((k) => k.code)), g.count])).toEqual(
        expect.arrayContaining(expected.groups.map((g) => [key(g.codes), g.count])),
      );
      expect(s.groups).toHaveLength(expected.groups.length);
      for (const g of s.groups) {
        const x = Math.min(g.count!, s.total!);
        expect(g.share).toBeCloseTo(x / s.total!, 12);
        expect(g.ci95!.low).toBeCloseTo(wilsonBounds(x, s.total!).low, 12);
        expect(g.ci95!.high).toBeCloseTo(wilsonBounds(x, s.total!).high, 12);
      }
      expect(s.nonResponse.map((n) => n.count)).toEqual(expected.nonResponse);
      expect(s.disclosure).toEqual({ method: 'CELL_KEY', threshold: 5, medianThreshold: 20, maxPerturbation: 2 });
    },
  );

  it('leaves out every group below the threshold, so that a small group looks like an empty one', async () => {
    const groupBy = ['SURVEY_POINT', 'SEX', 'AGE_BAND'];
    const s = await stats(t, groupBy);
    const exact = expectedStats(respondentUnits, groupBy);
    const small = exact.groups.filter((g) => g.count < 5).map((g) => key(g.codes));
    expect(small.length).toBeGreaterThan(3);
    const listed = new Set(s.groups.map((g) => key(g.keys.map((k) => k.code))));
    for (const cell of small) expect(listed.has(cell)).toBe(false);
    // Every listed group stands for at least k units, off by at most 2.
    for (const g of s.groups) {
      const truth = exact.groups.find((e) => key(e.codes) === key(g.keys.map((k) => k.code)))!.count;
      expect(truth).toBeGreaterThanOrEqual(5);
      expect(g.count!).toBeGreaterThanOrEqual(5);
      expect(Math.abs(g.count! - truth)).toBeLessThanOrEqual(2);
    }
  });

  it('gives the same published count to the same records whatever the query that selects them', async () => {
    // The north_gate group of a breakdown and the total of a filter on north_gate are the same records.
    const byPoint = await stats(t, ['SURVEY_POINT']);
    const onePoint = await stats(t, [], 'public', [], `{ round: ${FIXTURE_ROUND}, surveyPoint: "north_gate" }`);
    const group = byPoint.groups.find((g) => g.keys[0].code === 'north_gate')!;
    expect(onePoint.total).toBe(group.count);
    // Asking again gives the same answer: repetition cannot average the perturbation away.
    expect(await stats(t, ['SURVEY_POINT'])).toEqual(byPoint);
  });

  it('perturbs counts for real: some published counts differ from the exact ones', async () => {
    const groupBy = ['SURVEY_POINT', 'SEX', 'AGE_BAND'];
    const pub = await stats(t, groupBy);
    const exact = new Map(expectedStats(respondentUnits, groupBy).groups.map((g) => [key(g.codes), g.count]));
    const moved = pub.groups.filter((g) => g.count !== exact.get(key(g.keys.map((k) => k.code))));
    // Documented: half the buckets move a count; a table where nothing moved would mean no perturbation.
    expect(moved.length).toBeGreaterThan(0);
  });

  it('publishes means and medians as documented, withholds them below their thresholds, and never shows min or max', async () => {
    const measures = ['AGE', 'MONTHLY_INCOME_USD'];
    let means = 0;
    let medians = 0;
    let withheld = 0;
    // By point, groups are large enough for medians; by point and sex, some incomes are too few.
    for (const groupBy of [['SURVEY_POINT'], ['SURVEY_POINT', 'SEX']]) {
      const s = await stats(t, groupBy, 'public', measures);
      for (const g of s.groups) {
        const members = membersOf(respondentUnits, groupBy, g.keys.map((k) => k.code));
        measures.forEach((m, i) => {
          const withValue = members.filter((u) => VALUE[m](u) !== null);
          const values = withValue.map((u) => VALUE[m](u)!);
          const keySum = withValue.reduce((a, u) => a + keyOf(u), 0);
          const got = g.measures[i];
          expect(got.min).toBeNull();
          expect(got.max).toBeNull();
          if (values.length < 5) {
            withheld += 1;
            expect(got).toEqual({ n: null, mean: null, median: null, min: null, max: null, withheld: true });
            return;
          }
          expect(got.n).toBe(documentedCount(values.length, keySum, 5));
          expect(got.mean).toBeCloseTo(documentedMean(values, keySum, 5)!, 5);
          const median = documentedMedian(values, keySum, 5);
          if (median === null) expect(got.median).toBeNull();
          else expect(got.median).toBeCloseTo(median, 5);
          means += 1;
          if (median !== null) medians += 1;
        });
      }
    }
    expect({ means: means > 0, medians: medians > 0, withheld: withheld > 0 }).toEqual({ means: true, medians: true, withheld: true });
  });

  it('keeps a published median at least 1% away from the exact median', async () => {
    const pub = await stats(t, [], 'public', ['AGE', 'TRAVEL_DAYS', 'TRIP_COST_USD']);
    const exact = await stats(t, [], 'partner', ['AGE', 'TRAVEL_DAYS', 'TRIP_COST_USD']);
    pub.groups[0].measures.forEach((m, i) => {
      const truth = exact.groups[0].measures[i].median!;
      expect(m.median).not.toBeNull();
      expect(Math.abs(m.median! - truth)).toBeGreaterThanOrEqual(0.01 * Math.abs(truth));
    });
  });

  it('applies the method to childStats with the children\'s own record keys', async () => {
    const s = await stats(t, ['AGE_BAND'], 'public', [], FILTER, 'childStats');
    const expected = documentedTable(childUnits, ['AGE_BAND'], keyOf, 5);
    expect(s.total).toBe(expected.total);
    expect(new Map(s.groups.map((g) => [g.keys[0].code, g.count]))).toEqual(new Map(expected.groups.map((g) => [g.codes[0], g.count])));
  });

  it('withholds a non-response count below the threshold and leaves out its group', async () => {
    // One respondent did not say whether they worked before leaving.
    const s = await stats(t, ['EMPLOYED_BEFORE_LEAVING']);
    expect(s.nonResponse).toEqual([{ dimension: 'EMPLOYED_BEFORE_LEAVING', count: null, suppressed: true }]);
    expect(s.groups.find((g) => g.keys[0].code === null)).toBeUndefined();
    const partner = await stats(t, ['EMPLOYED_BEFORE_LEAVING'], 'partner');
    expect(partner.nonResponse[0].count).toBe(1);
  });

  it('withholds the total and lists no group when fewer than the threshold match, as when none match', async () => {
    const small = await stats(t, ['SEX'], 'public', [], `{ round: ${FIXTURE_ROUND}, surveyPoint: "lima_terminal" }`);
    const none = await stats(t, ['SEX'], 'public', [], `{ round: ${FIXTURE_ROUND}, surveyPoint: "nowhere" }`);
    for (const s of [small, none]) {
      expect(s.total).toBeNull();
      expect(s.groups).toEqual([]);
      expect(s.nonResponse).toEqual([{ dimension: 'SEX', count: null, suppressed: true }]);
    }
  });

  it('shows partners the exact values of every group', async () => {
    const groupBy = ['SURVEY_POINT', 'SEX'];
    const s = await stats(t, groupBy, 'partner');
    expect(s.disclosure).toEqual({ method: 'EXACT', threshold: null, medianThreshold: null, maxPerturbation: 0 });
    expect(new Map(s.groups.map((g) => [key(g.keys.map((k) => k.code)), g.count]))).toEqual(
      new Map(expectedStats(respondentUnits, groupBy).groups.map((g) => [key(g.codes), g.count])),
    );
  });
});

describe('Aggregation: disclosure threshold from configuration', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ bundles: [FIXTURE], env: { DISCLOSURE_MIN_CELL: '10' } });
  });
  afterAll(() => t.close());

  it('leaves out groups below DISCLOSURE_MIN_CELL and never publishes a count below it', async () => {
    const s = await stats(t, ['SURVEY_POINT', 'SEX']);
    const { keys } = await storedRecordKeys(t.ds);
    const expected = documentedTable(respondentUnits, ['SURVEY_POINT', 'SEX'], (u) => unitKey(ROUND_ID, keys, u), 10);
    expect(s.disclosure.threshold).toBe(10);
    expect(new Map(s.groups.map((g) => [key(g.keys.map((k) => k.code)), g.count]))).toEqual(new Map(expected.groups.map((g) => [key(g.codes), g.count])));
    // south_gate female has 5 respondents: listed with the default threshold, left out with 10.
    expect(s.groups.find((g) => key(g.keys.map((k) => k.code)) === key(['south_gate', 'female']))).toBeUndefined();
    for (const g of s.groups) expect(g.count!).toBeGreaterThanOrEqual(10);
  });
});
