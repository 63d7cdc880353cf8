import { publishedFigures } from '../support/csv';
import { startTestHub, TestHub } from '../support/hub';

/**
 * Round 4 of the seeds against the figures IOM/UNICEF published. Expected values come from
 * published-figures.json (the reference file, not the database); the computed values come from
 * the `computed` field, which goes through the stats queries.
 */
const NOT_MICRODATA = new Set([
  'venezuelans_residing_abroad',
  'snm_migratory_balance_jan2017_oct2018',
  'ptp_issued_12nov2018',
  'ptp_in_process_12nov2018',
  'fieldwork_period',
  'results_release_date',
  'main_destination_cities',
]);
/** The published range of stays in Peru: the shortest and longest stay, one person's answer each, so never shown to public callers. */
const RANGE = new Set(['time_in_peruvian_cities_before_exit']);

interface Figure {
  id: string;
  indicator: string;
  breakdown: string;
  value: number | null;
  unit: string;
  confidence: string;
  computed: { value: number; n: number; difference: number; tolerance: number; withinTolerance: boolean; withheld: boolean; method: string } | null;
}

const QUERY =
  '{ publishedFigures(filter: { country: "PER", round: 4 }) { id indicator breakdown value unit confidence computed { value n difference tolerance withinTolerance withheld method } } }';

describe('Aggregation: published Round 4 figures reconcile with the seed data', () => {
  let t: TestHub;
  let figures: Figure[];
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
    const res = await t.exec(QUERY, undefined, 'partner');
    expect(res.errors).toBeUndefined();
    figures = res.data!.publishedFigures;
  });
  afterAll(() => t.close());

  const reference = publishedFigures().filter((f) => f.round === 4 && (f.confidence === 'verified' || f.confidence === 'derived'));
  const computable = reference.filter((f) => !NOT_MICRODATA.has(f.indicator));

  it('computes every verified or derived Round 4 figure that is about the interviews', () => {
    // The 21 figures of the first reconciliation, and the two ends of the range of stays in Peru.
    expect(computable.length).toBe(23);
    expect(computable.filter((f) => !RANGE.has(f.indicator)).length).toBe(21);
    for (const f of computable) {
      const got = figures.find((x) => x.indicator === f.indicator && x.breakdown === f.breakdown)!;
      expect({ figure: `${f.indicator}|${f.breakdown}`, computed: got.computed !== null }).toEqual({ figure: `${f.indicator}|${f.breakdown}`, computed: true });
    }
  });

  it.each(computable.map((f) => [`${f.indicator} (${f.breakdown})`, f] as const))('reconciles %s within tolerance', (_label, f) => {
    const got = figures.find((x) => x.indicator === f.indicator && x.breakdown === f.breakdown)!.computed!;
    const published = f.value!;
    expect(got.difference).toBeCloseTo(got.value - published, 6);
    if (f.unit === 'percent') expect(Math.abs(got.value - published)).toBeLessThanOrEqual(0.5);
    else if (f.unit === 'USD') expect(Math.abs(got.value - published) / published).toBeLessThanOrEqual(0.01);
    else if (f.indicator === 'gender_pay_gap') expect(Math.abs(got.value - published)).toBeLessThanOrEqual(0.5);
    else expect(got.value).toBe(published);
    expect(got.withinTolerance).toBe(true);
    expect(got.withheld).toBe(false);
    expect(got.n).toBeGreaterThan(0);
    expect(got.method).toMatch(/^(respondentStats|childStats)\(filter: /);
  });

  it('states the published bases: all respondents, the 584 Tumbes children, and the narrower bases of schooling', () => {
    const n = (indicator: string, breakdown: string) => figures.find((x) => x.indicator === indicator && x.breakdown === breakdown)!.computed!.n;
    expect(n('respondent_sex_share', 'male')).toBe(2148);
    expect(n('children_age_share', '6-11 years')).toBe(584);
    expect(n('children_sex_share', 'girls')).toBe(584);
    expect(n('children_schooling_in_venezuela', 'initial')).toBeLessThan(584);
    expect(n('children_not_accessed_initial_education', 'initial-education age')).toBeLessThan(n('children_schooling_in_venezuela', 'initial'));
  });

  it('answers null for figures the data cannot compute', () => {
    for (const f of figures.filter((x) => NOT_MICRODATA.has(x.indicator) || x.confidence === 'secondary')) expect(f.computed).toBeNull();
  });

  it('shows public callers every computation, perturbed within the documented bounds, except those that rest on a cell below the threshold', async () => {
    const res = await t.exec(QUERY);
    const pub: Figure[] = res.data!.publishedFigures;
    const reconciled: string[] = [];
    const missed: string[] = [];
    for (const f of computable) {
      const exact = figures.find((x) => x.indicator === f.indicator && x.breakdown === f.breakdown)!.computed!;
      const got = pub.find((x) => x.indicator === f.indicator && x.breakdown === f.breakdown)!.computed!;
      const share = f.unit === 'percent' && f.indicator !== 'gender_pay_gap';
      const cell = share ? Math.round((exact.value * exact.n) / 100) : exact.n;
      const label = `${f.indicator}|${f.breakdown}`;
      if (cell < 5 || RANGE.has(f.indicator)) {
        expect({ label, withheld: got.withheld, value: got.value }).toEqual({ label, withheld: true, value: null });
        continue;
      }
      expect({ label, withheld: got.withheld }).toEqual({ label, withheld: false });
      // Documented bounds: counts within 2; a share from two counts each within 2. (Means move by
      // a share of the largest value, which the answer does not give: test/aggregation/disclosure.test.ts checks them.)
      const mean = f.unit === 'USD' || f.indicator === 'gender_pay_gap';
      if (!share && !mean) {
        expect(Math.abs(got.value - exact.value)).toBeLessThanOrEqual(2);
      } else if (share) {
        const worst = Math.max(Math.abs((cell + 2) / (exact.n - 2) - cell / exact.n), Math.abs((cell - 2) / (exact.n + 2) - cell / exact.n)) * 100;
        expect(Math.abs(got.value - exact.value)).toBeLessThanOrEqual(worst + 1e-9);
      }
      (got.withinTolerance ? reconciled : missed).push(`${label}: published ${f.value}, public ${got.value}, partner ${exact.value}`);
    }
    // The note on issue 7 lists these; the count is printed rather than fixed, since it depends on the secret.
    console.log(`public reconciliation: ${reconciled.length} within tolerance, ${missed.length} not:\n  ${missed.join('\n  ')}`);
    expect(reconciled.length + missed.length).toBe(computable.length - 1 - 2);
  });

  it('computes all Round 4 figures with one statement per distinct stats query', async () => {
    t.statements.reset();
    await t.exec('{ publishedFigures(filter: { round: 4 }) { computed { value } } }');
    // A stats statement sums record keys (the cell key), in one pass or counts first.
    const stats = t.statements.statements.filter((s) => /SUM\([\w.]*record_key\)|AS rk[ ,]/.test(s));
    // 12 for the first 21 figures, one more for the range of stays (minimum and maximum share it).
    expect(stats.length).toBe(13);
  });
});
