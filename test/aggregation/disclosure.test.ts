import { startTestHub, TestHub } from '../support/hub';
import { expectedStats, FIXTURE, FIXTURE_ROUND, respondentUnits } from './fixture-rows';

interface Group {
  keys: { code: string | null }[];
  count: number | null;
  share: number | null;
  ci95: { low: number; high: number } | null;
  suppressed: boolean;
  measures: { n: number | null; mean: number | null; median: number | null; min: number | null; max: number | null; withheld: boolean }[];
}
interface Stats {
  total: number | null;
  groups: Group[];
  nonResponse: { dimension: string; count: number | null; suppressed: boolean }[];
  disclosure: { threshold: number | null; suppressedGroups: number };
}

const FILTER = `{ country: "PER", round: ${FIXTURE_ROUND} }`;
const key = (codes: (string | null)[]) => JSON.stringify(codes);

async function stats(t: TestHub, groupBy: string[], as: 'public' | 'partner' = 'public', measures: string[] = [], filter = FILTER): Promise<Stats> {
  const res = await t.exec(
    `{ s: respondentStats(filter: ${filter}, groupBy: [${groupBy.join(', ')}], measures: [${measures.join(', ')}]) {
        total nonResponse { dimension count suppressed } disclosure { threshold suppressedGroups }
        groups { keys { code } count share ci95 { low high } suppressed measures { n mean median min max withheld } } } }`,
    undefined,
    as,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.s as Stats;
}

/** The true count of every cell, from the raw rows. */
function truth(groupBy: string[]): Map<string, number> {
  return new Map(expectedStats(respondentUnits, groupBy).groups.map((g) => [key(g.codes), g.count]));
}

/**
 * An attacker who knows every visible cell of a table and every visible cell of the same query
 * with fewer dimensions (each is the sum of a row, column or plane of the table) and the total,
 * and solves every such sum that has exactly one unknown cell, again and again. Returns the
 * cells it recovered.
 */
async function attack(t: TestHub, groupBy: string[]): Promise<Map<string, number>> {
  const table = await stats(t, groupBy);
  const cells = table.groups.map((g) => g.keys.map((k) => k.code));
  const known = new Map<string, number>();
  for (const g of table.groups) if (!g.suppressed) known.set(key(g.keys.map((k) => k.code)), g.count!);
  const unknown = new Set(table.groups.filter((g) => g.suppressed).map((g) => key(g.keys.map((k) => k.code))));
  const sums: { members: (string | null)[][]; value: number }[] = [];
  for (let mask = 0; mask < (1 << groupBy.length) - 1; mask++) {
    const kept = groupBy.map((_d, i) => i).filter((i) => mask & (1 << i));
    const smaller = await stats(t, kept.map((i) => groupBy[i]));
    for (const g of smaller.groups) {
      if (g.suppressed) continue;
      const codes = key(g.keys.map((k) => k.code));
      sums.push({ members: cells.filter((c) => key(kept.map((i) => c[i])) === codes), value: g.count! });
    }
  }
  const recovered = new Map<string, number>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const s of sums) {
      const hidden = s.members.filter((c) => unknown.has(key(c)));
      if (hidden.length !== 1) continue;
      const rest = s.members.filter((c) => !unknown.has(key(c))).reduce((a, c) => a + known.get(key(c))!, 0);
      const k = key(hidden[0]);
      known.set(k, s.value - rest);
      recovered.set(k, s.value - rest);
      unknown.delete(k);
      progress = true;
    }
  }
  return recovered;
}

describe('Aggregation: disclosure control for public callers', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ bundles: [FIXTURE] });
  });
  afterAll(() => t.close());

  it('suppresses groups smaller than the threshold and withholds their count, share, interval and measures', async () => {
    const s = await stats(t, ['SURVEY_POINT', 'SEX'], 'public', ['AGE']);
    const real = truth(['SURVEY_POINT', 'SEX']);
    expect(s.disclosure.threshold).toBe(5);
    const small = [...real.entries()].filter(([, n]) => n < 5);
    expect(small.length).toBeGreaterThan(0);
    for (const g of s.groups) {
      const n = real.get(key(g.keys.map((k) => k.code)))!;
      if (n < 5) expect(g.suppressed).toBe(true);
      if (g.suppressed) {
        expect(g).toMatchObject({ count: null, share: null, ci95: null });
        expect(g.measures).toEqual([{ n: null, mean: null, median: null, min: null, max: null, withheld: true }]);
      } else {
        expect(g.count).toBe(n);
        expect(g.share).toBeCloseTo(n / s.total!, 12);
      }
    }
    expect(s.disclosure.suppressedGroups).toBe(s.groups.filter((g) => g.suppressed).length);
  });

  it('suppresses the next smallest group when a single group of a breakdown would be suppressed', async () => {
    const s = await stats(t, ['SURVEY_POINT']);
    // lima_terminal has 4 respondents (primary), south_gate 24 is the next smallest, north_gate 34 stays.
    expect(s.groups.map((g) => [g.keys[0].code, g.suppressed, g.count])).toEqual([
      ['lima_terminal', true, null],
      ['north_gate', false, 34],
      ['south_gate', true, null],
    ]);
    expect(s.total).toBe(62);
  });

  it('does not let a hidden cell be recovered by subtracting the visible groups from the total', async () => {
    const s = await stats(t, ['SURVEY_POINT']);
    const real = truth(['SURVEY_POINT']);
    const difference = s.total! - s.groups.filter((g) => !g.suppressed).reduce((a, g) => a + g.count!, 0);
    const hidden = s.groups.filter((g) => g.suppressed).map((g) => real.get(key(g.keys.map((k) => k.code)))!);
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    expect(difference).toBe(hidden.reduce((a, b) => a + b, 0));
    for (const n of hidden) expect(difference).not.toBe(n);
    expect(await attack(t, ['SURVEY_POINT'])).toEqual(new Map());
  });

  it.each([
    [['SURVEY_POINT', 'SEX']],
    [['AGE_BAND', 'SEX']],
    [['SURVEY_POINT', 'AGE_BAND']],
    [['EDUCATION', 'SEX']],
    [['SURVEY_POINT', 'SEX', 'AGE_BAND']],
  ])('does not let a small cell of %j be recovered from the tables with fewer dimensions and the total', async (groupBy) => {
    const real = truth(groupBy);
    const recovered = await attack(t, groupBy);
    for (const [cell, value] of recovered) {
      expect(value).toBe(real.get(cell));
      expect({ cell, value, small: value < 5 }).toEqual({ cell, value, small: false });
    }
    const s = await stats(t, groupBy);
    expect(s.groups.filter((g) => g.suppressed).length).toBeGreaterThan(0);
  });

  it('withholds means and medians computed over fewer than the threshold of values', async () => {
    const groupBy = ['SURVEY_POINT', 'SEX'];
    const s = await stats(t, groupBy, 'public', ['MONTHLY_INCOME_USD']);
    const expected = expectedStats(respondentUnits, groupBy, ['MONTHLY_INCOME_USD']);
    let withheldVisible = 0;
    for (const g of s.groups.filter((x) => !x.suppressed)) {
      const e = expected.groups.find((x) => key(x.codes) === key(g.keys.map((k) => k.code)))!.measures[0];
      const m = g.measures[0];
      if (e.n > 0 && e.n < 5) {
        withheldVisible += 1;
        expect(m).toEqual({ n: null, mean: null, median: null, min: null, max: null, withheld: true });
      } else {
        expect(m.withheld).toBe(false);
        expect(m.n).toBe(e.n);
        expect(m.mean).toBeCloseTo(e.mean!, 5);
      }
    }
    expect(withheldVisible).toBeGreaterThan(0);
  });

  it('never shows public callers a minimum or maximum, which are single persons\' answers', async () => {
    const groupBy = ['SURVEY_POINT'];
    const pub = await stats(t, groupBy, 'public', ['AGE', 'MONTHLY_INCOME_USD']);
    const partner = await stats(t, groupBy, 'partner', ['AGE', 'MONTHLY_INCOME_USD']);
    const expected = expectedStats(respondentUnits, groupBy, ['AGE', 'MONTHLY_INCOME_USD']);
    let shownMeans = 0;
    for (const g of pub.groups) {
      for (const m of g.measures) {
        expect(m.min).toBeNull();
        expect(m.max).toBeNull();
        if (m.mean !== null) shownMeans += 1;
      }
    }
    expect(shownMeans).toBeGreaterThan(0);
    for (const g of partner.groups) {
      const e = expected.groups.find((x) => key(x.codes) === key(g.keys.map((k) => k.code)))!;
      g.measures.forEach((m, i) => {
        expect(m.min).toBe(e.measures[i].min);
        expect(m.max).toBe(e.measures[i].max);
      });
    }
  });

  it('withholds a non-response count below the threshold together with its group', async () => {
    // One respondent did not say whether they worked before leaving.
    const s = await stats(t, ['EMPLOYED_BEFORE_LEAVING']);
    expect(s.nonResponse).toEqual([{ dimension: 'EMPLOYED_BEFORE_LEAVING', count: null, suppressed: true }]);
    expect(s.groups.find((g) => g.keys[0].code === null)!.suppressed).toBe(true);
    expect(s.groups.filter((g) => g.suppressed)).toHaveLength(2);
    const partner = await stats(t, ['EMPLOYED_BEFORE_LEAVING'], 'partner');
    expect(partner.nonResponse[0].count).toBe(1);
  });

  it('withholds the total and every group when the whole filtered population is below the threshold', async () => {
    const s = await stats(t, ['SEX'], 'public', [], `{ round: ${FIXTURE_ROUND}, surveyPoint: "lima_terminal" }`);
    expect(s.total).toBeNull();
    expect(s.groups.every((g) => g.suppressed && g.count === null)).toBe(true);
    expect(s.nonResponse[0].suppressed).toBe(true);
  });

  it('shows partners the exact values of every group', async () => {
    const s = await stats(t, ['SURVEY_POINT', 'SEX'], 'partner');
    const real = truth(['SURVEY_POINT', 'SEX']);
    expect(s.disclosure).toEqual({ threshold: null, suppressedGroups: 0 });
    expect(new Map(s.groups.map((g) => [key(g.keys.map((k) => k.code)), g.count]))).toEqual(real);
  });
});

describe('Aggregation: disclosure threshold from configuration', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ bundles: [FIXTURE], env: { DISCLOSURE_MIN_CELL: '10' } });
  });
  afterAll(() => t.close());

  it('suppresses groups below DISCLOSURE_MIN_CELL', async () => {
    const s = await stats(t, ['SURVEY_POINT', 'SEX']);
    const real = truth(['SURVEY_POINT', 'SEX']);
    expect(s.disclosure.threshold).toBe(10);
    for (const g of s.groups) {
      if (real.get(key(g.keys.map((k) => k.code)))! < 10) expect(g.suppressed).toBe(true);
    }
    // south_gate female has 5 respondents: shown with the default threshold, hidden with 10.
    expect(s.groups.find((g) => key(g.keys.map((k) => k.code)) === key(['south_gate', 'female']))!.suppressed).toBe(true);
  });
});
