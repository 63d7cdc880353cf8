import { readFileSync } from 'node:fs';
import path from 'node:path';
import { publishedFigures } from '../support/csv';
import { startTestHub, TestHub } from '../support/hub';

/** The official series as the reference files give them: value from the cited published figure. */
function officialRows() {
  const { statistics } = JSON.parse(readFileSync(path.join(__dirname, '../../seeds/reference/flow-statistics.json'), 'utf8')) as {
    statistics: { figure: [number, string, string]; indicator: string; country: string; admin1Pcode?: string; borderPoint?: string; referencePeriodStart: string | null; referencePeriodEnd: string; asOf: string | null }[];
  };
  const figures = publishedFigures();
  return statistics.map((s) => ({
    ...s,
    value: figures.find((f) => f.round === s.figure[0] && f.indicator === s.figure[1] && f.breakdown === s.figure[2])!.value!,
  }));
}

describe('Aggregation: official flow statistics as time series', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());

  const series = async (args: string) => {
    const res = await t.exec(
      `{ flowStatisticSeries(${args}) { indicator country interval aggregate points { period periodStart periodEnd value figures sources { value referencePeriodStart referencePeriodEnd source sourceUrl } } excluded { value referencePeriodEnd } } }`,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.flowStatisticSeries;
  };

  it('takes the latest figure of each month for a cumulative indicator, with its source', async () => {
    const s = await series('indicator: PTP_ISSUED, country: "PER", interval: MONTH, aggregate: LATEST');
    const rows = officialRows().filter((r) => r.indicator === 'ptp_issued' && r.country === 'PER' && !r.admin1Pcode && !r.borderPoint);
    const months = [...new Set(rows.map((r) => r.referencePeriodEnd.slice(0, 7)))].sort();
    expect(s.points.map((p: any) => p.period)).toEqual(months);
    for (const p of s.points) {
      const latest = rows.filter((r) => r.referencePeriodEnd.startsWith(p.period)).sort((a, b) => b.referencePeriodEnd.localeCompare(a.referencePeriodEnd))[0];
      expect(p.value).toBe(latest.value);
      expect(p.figures).toBe(1);
      expect(p.sources).toHaveLength(1);
      expect(p.sources[0].referencePeriodEnd).toBe(latest.referencePeriodEnd);
    }
    const nov = s.points.find((p: any) => p.period === '2018-11');
    expect(nov).toMatchObject({ periodStart: '2018-11-01', periodEnd: '2018-11-30', value: 140000 });
  });

  it('sums the flows whose reference period lies inside each year and lists the others as excluded', async () => {
    const s = await series('indicator: MIGRATORY_BALANCE, country: "PER", interval: YEAR, aggregate: SUM');
    const rows = officialRows().filter((r) => r.indicator === 'migratory_balance' && r.country === 'PER' && !r.admin1Pcode);
    const inside = rows.filter((r) => r.referencePeriodStart && r.referencePeriodStart.slice(0, 4) === r.referencePeriodEnd.slice(0, 4));
    const years = [...new Set(inside.map((r) => r.referencePeriodEnd.slice(0, 4)))].sort();
    expect(s.points.map((p: any) => p.period)).toEqual(years);
    for (const p of s.points) {
      const mine = inside.filter((r) => r.referencePeriodEnd.startsWith(p.period));
      expect(p.value).toBe(mine.reduce((a, r) => a + r.value, 0));
      expect(p.figures).toBe(mine.length);
      expect(p.sources.map((x: any) => x.value).sort()).toEqual(mine.map((r) => r.value).sort());
    }
    expect(s.excluded.map((x: any) => x.value).sort()).toEqual(rows.filter((r) => !inside.includes(r)).map((r) => r.value).sort());
    expect(s.points.find((p: any) => p.period === '2017')).toMatchObject({ periodStart: '2017-01-01', periodEnd: '2017-12-31' });
  });

  it('keeps national figures apart from those of a border area unless the area is asked for', async () => {
    const national = await series('indicator: ENTRIES, country: "PER", interval: MONTH, aggregate: SUM');
    const tumbes = await series('indicator: ENTRIES, country: "PER", interval: MONTH, aggregate: SUM, admin1Pcode: "pe24"');
    const rows = officialRows().filter((r) => r.indicator === 'entries');
    const jan = (s: any) => s.points.find((p: any) => p.period === '2018-01').value;
    expect(jan(national)).toBe(rows.find((r) => r.figure[2] === 'January 2018, all points')!.value);
    expect(jan(tumbes)).toBe(rows.find((r) => r.figure[2] === 'January 2018, CEBAF Tumbes')!.value);
  });

  it('rejects an invalid country code with what is allowed', async () => {
    const res = await t.exec('{ flowStatisticSeries(indicator: STOCK, country: "XXX") { points { period } } }');
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/alpha-3/);
  });
});
