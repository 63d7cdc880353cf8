import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SEEDS_DIR } from '../../src/seeding/seed-database';
import { publishedFigures, seedRows } from '../support/csv';
import { startTestHub, TestHub } from '../support/hub';

describe('API: the operations partners rely on', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ rounds: 'all' });
  });
  afterAll(() => t.close());

  it('lists the Peru rounds with their sample sizes and survey points', async () => {
    const res = await t.exec('{ rounds(country: "PER") { number sampleSize dataKind surveyPoints { code sampleSize } } }');
    expect(res.errors).toBeUndefined();
    const rounds = res.data!.rounds as { number: number; sampleSize: number; dataKind: string; surveyPoints: { code: string; sampleSize: number }[] }[];
    expect(rounds.map((r) => r.number)).toEqual([2, 3, 4, 5, 6]);
    for (const r of rounds) {
      const rows = seedRows(r.number, 'respondents');
      expect(r.sampleSize).toBe(rows.length);
      expect(r.dataKind).toBe('SYNTHETIC_CALIBRATED');
      for (const p of r.surveyPoints) expect(p.sampleSize).toBe(rows.filter((x) => x.survey_point === p.code).length);
    }
    const r4 = rounds.find((r) => r.number === 4)!;
    const published = (breakdown: string) =>
      publishedFigures().find((f) => f.round === 4 && f.indicator === 'sample_size' && f.breakdown === breakdown)!.value;
    expect(r4.sampleSize).toBe(published('total, Tumbes + Santa Rosa (Tacna)'));
    expect(r4.surveyPoints.find((p) => p.code === 'cebaf_tumbes')!.sampleSize).toBe(published('Tumbes (CEBAF)'));
    expect(r4.surveyPoints.find((p) => p.code === 'santa_rosa_tacna')!.sampleSize).toBe(published('Santa Rosa, Tacna'));
  });

  it('pages the respondents of round 4 with their survey point, household and children', async () => {
    const res = await t.exec(
      `{ round(country: "PER", number: 4) { respondents(first: 2) { totalCount pageInfo { hasNextPage endCursor }
          edges { node { id sex age surveyPoint { code } household { travellingSize children { age sex status } } } } } } }`,
      undefined,
      'partner',
    );
    expect(res.errors).toBeUndefined();
    const conn = res.data!.round.respondents;
    const respondents = seedRows(4, 'respondents');
    expect(conn.totalCount).toBe(respondents.length);
    expect(conn.pageInfo.hasNextPage).toBe(true);
    expect(typeof conn.pageInfo.endCursor).toBe('string');
    expect(conn.edges).toHaveLength(2);
    const households = seedRows(4, 'households');
    const children = seedRows(4, 'children');
    const firstTwo = [...respondents].sort((a, b) => (a.respondent_id < b.respondent_id ? -1 : 1)).slice(0, 2);
    conn.edges.forEach((edge: any, i: number) => {
      const raw = firstTwo[i];
      expect(edge.node.id).toBe(`PER-4:${raw.respondent_id}`);
      expect(edge.node.sex).toBe(raw.sex.toUpperCase());
      expect(edge.node.age).toBe(Number(raw.age));
      expect(edge.node.surveyPoint.code).toBe(raw.survey_point);
      const hh = households.find((h) => h.respondent_id === raw.respondent_id)!;
      expect(edge.node.household.travellingSize).toBe(Number(hh.travelling_size));
      const kids = children.filter((c) => c.household_id === hh.household_id);
      expect(edge.node.household.children).toHaveLength(kids.length);
    });
  });

  it('serves the SNM migratory balance with its period and source', async () => {
    const res = await t.exec(
      '{ flowStatistics(filter: { indicator: MIGRATORY_BALANCE, country: "PER" }) { value publisher referencePeriodStart referencePeriodEnd sourceUrl } }',
    );
    expect(res.errors).toBeUndefined();
    const stats = res.data!.flowStatistics as { value: number; publisher: string; referencePeriodStart: string; referencePeriodEnd: string }[];
    const balance = stats.find((s) => s.referencePeriodStart === '2017-01-01' && s.referencePeriodEnd === '2018-10-31')!;
    expect(balance.value).toBe(530731);
    expect(balance.publisher).toBe('SNM');
    const netBalances = publishedFigures().filter((f) => f.indicator === 'snm_net_balance').map((f) => f.value);
    expect(stats.map((s) => s.value).sort()).toEqual([530731, ...netBalances].sort());
  });

  it('serves the official figures of the Round 4 introduction as flow statistics', async () => {
    // Expected values are read from the report's own introduction text.
    const intro = readFileSync(path.join(SEEDS_DIR, 'reference', 'dtm-peru-round4-introduction.txt'), 'utf8');
    const number = (re: RegExp) => Number(re.exec(intro)![1].replace(/,/g, ''));
    const issued = number(/total of ([\d,]+) Venezuelans have issued/);
    const inProcess = number(/there are ([\d,]+) people with the PTP in the application process/);
    const balance = number(/migratory balance of ([\d,]+) people/);
    const ptp = await t.exec('{ flowStatistics(filter: { country: "PER", from: "2018-11-12", to: "2018-11-12" }) { indicator value asOf } }');
    expect(ptp.errors).toBeUndefined();
    expect(ptp.data!.flowStatistics).toEqual([
      { indicator: 'PTP_IN_PROCESS', value: inProcess, asOf: '2018-11-12' },
      { indicator: 'PTP_ISSUED', value: issued, asOf: '2018-11-12' },
    ]);
    const bal = await t.exec('{ flowStatistics(filter: { indicator: MIGRATORY_BALANCE, from: "2018-10-31", to: "2018-10-31" }) { value } }');
    expect(bal.data!.flowStatistics).toEqual([{ value: balance }]);
    const abroad = await t.exec(
      '{ flowStatistics(filter: { indicator: VENEZUELANS_ABROAD, from: "2018-09-30", to: "2018-09-30" }) { value country publisher } }',
    );
    expect(abroad.data!.flowStatistics).toEqual([{ value: Math.round(number(/around ([\d.]+) million/) * 1e6), country: 'VEN', publisher: 'IOM' }]);
  });

  it('serves every published figure of round 4 with its confidence and source', async () => {
    const res = await t.exec('{ publishedFigures(filter: { round: 4, country: "PER" }) { indicator breakdown value unit confidence sourceUrl } }');
    expect(res.errors).toBeUndefined();
    const expected = publishedFigures().filter((f) => f.round === 4);
    expect(res.data!.publishedFigures).toEqual(
      expected.map((f) => ({
        indicator: f.indicator,
        breakdown: f.breakdown,
        value: f.value,
        unit: f.unit,
        confidence: f.confidence.toUpperCase(),
        sourceUrl: f.source_url,
      })),
    );
  });
});
