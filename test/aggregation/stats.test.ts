import { dimensionsFor } from '../../src/aggregation/dimensions';
import { measuresFor } from '../../src/aggregation/measures';
import { StatsUnit } from '../../src/aggregation/units';
import { startTestHub, TestHub } from '../support/hub';
import {
  childUnits,
  expectedStats,
  FIXTURE,
  FIXTURE_ROUND,
  householdUnits,
  KEY,
  respondentUnits,
  VALUE,
  wilsonBounds,
} from './fixture-rows';

const GROUP_FIELDS = 'keys { dimension code label } count share ci95 { low high } suppressed measures { measure n mean median min max withheld }';

interface Group {
  keys: { dimension: string; code: string | null; label: string }[];
  count: number;
  share: number;
  ci95: { low: number; high: number };
  suppressed: boolean;
  measures: { measure: string; n: number; mean: number | null; median: number | null; min: number | null; max: number | null; withheld: boolean }[];
}

describe('Aggregation: stats computed by the database match the raw rows', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ bundles: [FIXTURE] });
  });
  afterAll(() => t.close());

  async function stats(query: 'respondentStats' | 'householdStats' | 'childStats', groupBy: string[], measures: string[] = [], filter = `{ country: "PER", round: ${FIXTURE_ROUND} }`) {
    const res = await t.exec(
      `{ s: ${query}(filter: ${filter}, groupBy: [${groupBy.join(', ')}], measures: [${measures.join(', ')}]) {
           unit total multiSelect groupBy measures nonResponse { dimension count suppressed } disclosure { threshold suppressedGroups }
           groups { ${GROUP_FIELDS} } } }`,
      undefined,
      'partner',
    );
    expect(res.errors).toBeUndefined();
    return res.data!.s as { total: number; multiSelect: boolean; nonResponse: { dimension: string; count: number }[]; groups: Group[]; disclosure: { threshold: number | null; suppressedGroups: number } };
  }

  function expectSame(actual: Awaited<ReturnType<typeof stats>>, expected: ReturnType<typeof expectedStats>, dims: string[]) {
    expect(actual.total).toBe(expected.total);
    expect(actual.nonResponse.map((n) => n.count)).toEqual(expected.nonResponse);
    expect(actual.nonResponse.map((n) => n.dimension)).toEqual(dims);
    const key = (codes: (string | null)[]) => JSON.stringify(codes);
    expect(actual.groups.map((g) => key(g.keys.map((k) => k.code))).sort()).toEqual(expected.groups.map((g) => key(g.codes)).sort());
    for (const e of expected.groups) {
      const g = actual.groups.find((a) => key(a.keys.map((k) => k.code)) === key(e.codes))!;
      expect(g.keys.map((k) => k.dimension)).toEqual(dims);
      expect(g.count).toBe(e.count);
      expect(g.share).toBeCloseTo(e.count / expected.total, 12);
      const w = wilsonBounds(e.count, expected.total);
      expect(g.ci95.low).toBeCloseTo(w.low, 12);
      expect(g.ci95.high).toBeCloseTo(w.high, 12);
      expect(g.suppressed).toBe(false);
      e.measures.forEach((m, i) => {
        const got = g.measures[i];
        expect(got.withheld).toBe(false);
        expect(got.n).toBe(m.n);
        for (const field of ['mean', 'median', 'min', 'max'] as const) {
          if (m[field] === null) expect(got[field]).toBeNull();
          else expect(got[field]).toBeCloseTo(m[field]!, 5);
        }
      });
    }
  }

  it('counts respondents by survey point and sex with shares and Wilson intervals of the filtered total', async () => {
    const s = await stats('respondentStats', ['SURVEY_POINT', 'SEX']);
    expectSame(s, expectedStats(respondentUnits, ['SURVEY_POINT', 'SEX']), ['SURVEY_POINT', 'SEX']);
    expect(s.disclosure).toEqual({ threshold: null, suppressedGroups: 0 });
    expect(s.groups.map((g) => g.keys[0].label)).toEqual([...s.groups.map((g) => g.keys[0].label)].sort());
    expect(s.groups.find((g) => g.keys[0].code === 'north_gate')!.keys[0]).toEqual({ dimension: 'SURVEY_POINT', code: 'north_gate', label: 'North Gate' });
  });

  it('computes mean, median, min and max of numeric fields per group in SQL, ignoring missing values', async () => {
    const dims = ['SURVEY_POINT', 'SEX', 'AGE_BAND'];
    const measures = ['AGE', 'MONTHLY_INCOME_USD', 'TRIP_COST_USD', 'MONTHS_IN_PERU', 'TRAVELLING_SIZE'];
    expectSame(await stats('respondentStats', dims, measures), expectedStats(respondentUnits, dims, measures), dims);
  });

  it('summarises the whole filtered population as one group when nothing is grouped', async () => {
    const s = await stats('respondentStats', [], ['MONTHLY_INCOME_USD']);
    expectSame(s, expectedStats(respondentUnits, [], ['MONTHLY_INCOME_USD']), []);
    expect(s.groups).toHaveLength(1);
    expect(s.groups[0].keys).toEqual([]);
    expect(s.groups[0].share).toBe(1);
  });

  it('reports the units with no answer in the total, in groups with a null code and in nonResponse', async () => {
    const dims = ['EDUCATION', 'DISCRIMINATED'];
    const expected = expectedStats(respondentUnits, dims);
    expect(expected.nonResponse.every((n) => n > 0)).toBe(true);
    const s = await stats('respondentStats', dims);
    expectSame(s, expected, dims);
    const noAnswer = s.groups.find((g) => g.keys[0].code === null)!;
    expect(noAnswer.keys[0].label).toBe('No answer');
    expect(s.groups.reduce((a, g) => a + g.count, 0)).toBe(s.total);
  });

  it('counts a respondent in every option of a multi-select field and says that shares add up to more than 1', async () => {
    for (const dims of [['TRANSIT_COUNTRY'], ['VIOLENCE_TYPE', 'SEX'], ['TRANSIT_COUNTRY', 'VIOLENCE_TYPE']]) {
      const s = await stats('respondentStats', dims, ['AGE']);
      expectSame(s, expectedStats(respondentUnits, dims, ['AGE']), dims);
      expect(s.multiSelect).toBe(true);
    }
    const transit = await stats('respondentStats', ['TRANSIT_COUNTRY']);
    expect(transit.groups.reduce((a, g) => a + g.count, 0)).toBeGreaterThan(transit.total);
    expect(transit.groups.reduce((a, g) => a + g.share, 0)).toBeGreaterThan(1);
    expect(transit.groups.find((g) => g.keys[0].code === 'COL')!.keys[0].label).toMatch(/Colombia/);
  });

  it('groups households by respondent and household fields with the household filter', async () => {
    const dims = ['SURVEY_POINT', 'TRAVELLING_GROUP_SIZE'];
    expectSame(await stats('householdStats', dims, ['TRAVELLING_SIZE', 'AGE']), expectedStats(householdUnits, dims, ['TRAVELLING_SIZE', 'AGE']), dims);
  });

  it('groups children by their own sex and age band (0-5, 6-11, 12-17), status and schooling', async () => {
    const dims = ['CHILD_STATUS', 'AGE_BAND', 'SEX'];
    expectSame(await stats('childStats', dims, ['AGE']), expectedStats(childUnits, dims, ['AGE']), dims);
    const school = ['SCHOOL_LEVEL', 'EMOTIONAL_CHANGES'];
    expectSame(await stats('childStats', school), expectedStats(childUnits, school), school);
  });

  it('applies the same filter as the list query, nested respondent filters included', async () => {
    const filter = `{ round: ${FIXTURE_ROUND}, status: TRAVELLING, ageMin: 3, respondent: { surveyPoint: "north_gate" } }`;
    const s = await stats('childStats', ['SCHOOL_LEVEL'], [], filter);
    const units = childUnits.filter((u) => u.c!.status === 'travelling' && Number(u.c!.age) >= 3 && u.r.survey_point === 'north_gate');
    expectSame(s, expectedStats(units, ['SCHOOL_LEVEL']), ['SCHOOL_LEVEL']);
    const list = await t.exec(`{ children(first: 500, filter: ${filter}) { edges { cursor } } }`, undefined, 'partner');
    expect(list.data!.children.edges).toHaveLength(s.total);
  });

  it('answers a total of 0 and no groups for a filter that matches nothing', async () => {
    const s = await stats('respondentStats', ['SEX'], ['AGE'], '{ round: 77 }');
    expect(s.total).toBe(0);
    expect(s.groups).toEqual([]);
    expect(s.nonResponse).toEqual([{ dimension: 'SEX', count: 0, suppressed: false }]);
  });

  it.each([
    ['respondentStats', StatsUnit.RESPONDENT, respondentUnits],
    ['householdStats', StatsUnit.HOUSEHOLD, householdUnits],
    ['childStats', StatsUnit.CHILD, childUnits],
  ] as const)('groups %s by every dimension of the registry that applies to it, as the raw rows do', async (query, unit, units) => {
    const dims = dimensionsFor(unit);
    expect(dims.filter((d) => !KEY[d])).toEqual([]);
    for (const d of dims) expectSame(await stats(query, [d]), expectedStats(units, [d]), [d]);
  });

  it.each([
    ['respondentStats', StatsUnit.RESPONDENT, respondentUnits],
    ['householdStats', StatsUnit.HOUSEHOLD, householdUnits],
    ['childStats', StatsUnit.CHILD, childUnits],
  ] as const)('summarises %s by every measure of the registry that applies to it, as the raw rows do', async (query, unit, units) => {
    const measures = measuresFor(unit);
    expect(measures.filter((m) => !VALUE[m])).toEqual([]);
    expectSame(await stats(query, ['SEX'], measures), expectedStats(units, ['SEX'], measures), ['SEX']);
  });

  it('labels codes from the registry and from the location table', async () => {
    const s = await stats('respondentStats', ['ROUND', 'DESTINATION_REGION']);
    const labels = new Map(s.groups.map((g) => [g.keys[1].code, g.keys[1].label]));
    expect(s.groups[0].keys[0]).toEqual({ dimension: 'ROUND', code: `PER-${FIXTURE_ROUND}`, label: `PER round ${FIXTURE_ROUND}` });
    expect(labels.get('PE15')).toBe('Lima');
    expect(labels.get(null)).toBe('No answer');
    const d = await stats('respondentStats', ['DOCUMENT_USED']);
    expect(d.groups.find((g) => g.keys[0].code === 'andean_migration_card')!.keys[0].label).toBe('Andean migration card');
  });

  it('computes a three-dimension breakdown with measures in one SQL statement', async () => {
    t.statements.reset();
    await stats('respondentStats', ['SURVEY_POINT', 'SEX', 'TRANSIT_COUNTRY'], ['AGE', 'MONTHLY_INCOME_USD']);
    const selects = t.statements.statements.filter((s) => /^\s*(WITH|SELECT)/i.test(s));
    expect(selects).toHaveLength(1);
    expect(selects[0]).toMatch(/GROUP BY d0, d1, d2/);
    // Medians: percentile_cont on PostgreSQL, a window ranking elsewhere (docs/aggregation.md).
    if (process.env.DATABASE_URL) expect(selects[0]).toMatch(/percentile_cont\(0\.5\) WITHIN GROUP \(ORDER BY m0\)/);
    else expect(selects[0]).toMatch(/ROW_NUMBER\(\) OVER \(PARTITION BY d0, d1, d2/);
    expect(selects[0]).not.toMatch(/'PER'|90/);
  });
});
