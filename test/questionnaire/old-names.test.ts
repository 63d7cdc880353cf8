import { FIXTURE, FIXTURE_ROUND, respondents } from '../aggregation/fixture-rows';
import { startTestHub, TestHub } from '../support/hub';

/**
 * `months_in_peru` and `worked_in_peru` became `months_in_country` and `worked_in_country` (the
 * country of the operation). The fixture bundle still uses the old column names; the old GraphQL
 * names stay for one release, deprecated, and answer exactly as the new ones. Expected counts
 * come from the fixture's raw cells.
 */
describe('Questionnaire: old Peru-only names still work for one release', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ bundles: [FIXTURE] });
  });
  afterAll(() => t.close());
  const workedRaw = respondents.filter((r) => r.worked_in_peru === 'yes').length;

  it('imports the old column names into the new columns', async () => {
    const res = await t.exec(`{ respondents(first: 100, filter: { round: ${FIXTURE_ROUND} }) { edges { node { code monthsInCountry monthsInPeru workedInCountry workedInPeru } } } }`, {}, 'partner');
    const byCode = new Map(res.data!.respondents.edges.map((e: any) => [e.node.code, e.node]));
    for (const r of respondents) {
      const node: any = byCode.get(r.respondent_id);
      expect(node.monthsInCountry).toBe(r.months_in_peru === '' ? null : Number(r.months_in_peru));
      expect(node.monthsInPeru).toBe(node.monthsInCountry);
      expect(node.workedInCountry).toBe(r.worked_in_peru === '' ? null : r.worked_in_peru === 'yes');
      expect(node.workedInPeru).toBe(node.workedInCountry);
    }
  });

  it('filters by workedInPeru as by workedInCountry', async () => {
    const count = async (field: string) =>
      (await t.exec(`{ respondents(first: 1, filter: { round: ${FIXTURE_ROUND}, ${field}: true }) { totalCount } }`, {}, 'partner')).data!.respondents.totalCount;
    expect(await count('workedInCountry')).toBe(workedRaw);
    expect(await count('workedInPeru')).toBe(workedRaw);
  });

  it('groups by WORKED_IN_PERU and summarises MONTHS_IN_PERU as the new names do, echoing the name asked', async () => {
    const stats = async (dim: string, measure: string) =>
      (await t.exec(`{ respondentStats(filter: { round: ${FIXTURE_ROUND} }, groupBy: [${dim}], measures: [${measure}]) { groups { keys { dimension code } count measures { measure mean } } } }`, {}, 'partner')).data!
        .respondentStats.groups;
    const [now, old] = [await stats('WORKED_IN_COUNTRY', 'MONTHS_IN_COUNTRY'), await stats('WORKED_IN_PERU', 'MONTHS_IN_PERU')];
    expect(old.map((g: any) => [g.keys[0].code, g.count, g.measures[0].mean])).toEqual(now.map((g: any) => [g.keys[0].code, g.count, g.measures[0].mean]));
    expect(old[0].keys[0].dimension).toBe('WORKED_IN_PERU');
    expect(old[0].measures[0].measure).toBe('MONTHS_IN_PERU');
    expect(now.find((g: any) => g.keys[0].code === 'yes').count).toBe(workedRaw);
  });
});
