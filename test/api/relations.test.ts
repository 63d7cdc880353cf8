import { seedRows } from '../support/csv';
import { startTestHub, TestHub } from '../support/hub';

describe('API: relations resolve in both directions', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
  });
  afterAll(() => t.close());

  it('walks round -> respondents -> household -> children -> household -> respondent -> round and back to the start', async () => {
    const households = seedRows(4, 'households');
    const children = seedRows(4, 'children');
    const withKids = households.find((h) => children.some((c) => c.household_id === h.household_id))!;
    const res = await t.exec(
      `query($id: ID!) { respondent(id: $id) { id round { id number }
          household { id respondent { id } children { id household { id respondent { id round { id } } } } } } }`,
      { id: `Respondent:PER-4:${withKids.respondent_id}` },
      'partner',
    );
    expect(res.errors).toBeUndefined();
    const r = res.data!.respondent;
    expect(r.round).toEqual({ id: 'Round:PER-4', number: 4 });
    expect(r.household.id).toBe(`Household:PER-4:${withKids.household_id}`);
    expect(r.household.respondent.id).toBe(r.id);
    const expectedKids = children.filter((c) => c.household_id === withKids.household_id).map((c) => `Child:PER-4:${c.child_id}`).sort();
    expect(r.household.children.map((c: { id: string }) => c.id)).toEqual(expectedKids);
    for (const c of r.household.children) {
      expect(c.household.respondent.id).toBe(r.id);
      expect(c.household.respondent.round.id).toBe('Round:PER-4');
    }
  });

  it('lists the children of a round with the status filter and reaches their respondent', async () => {
    const children = seedRows(4, 'children');
    const res = await t.exec(
      '{ round(country: "PER", number: 4) { children(first: 5, filter: { status: LEFT_IN_VENEZUELA }) { totalCount edges { node { status caregiver household { respondent { id } } } } } } }',
      undefined,
      'partner',
    );
    expect(res.errors).toBeUndefined();
    const conn = res.data!.round.children;
    expect(conn.totalCount).toBe(children.filter((c) => c.status === 'left_in_venezuela').length);
    for (const e of conn.edges) {
      expect(e.node.status).toBe('LEFT_IN_VENEZUELA');
      expect(e.node.household.respondent.id).toMatch(/^Respondent:PER-4:/);
    }
  });

  it('resolves survey points, locations and multi-select answers of a respondent', async () => {
    const respondents = seedRows(4, 'respondents');
    const raw = respondents.find((r) => r.transit_countries && r.origin_state)!;
    const res = await t.exec(
      'query($id: ID!) { respondent(id: $id) { transitCountries violenceTypes originState { name level } surveyPoint { code round { number } admin1 { pcode } } } }',
      { id: `Respondent:PER-4:${raw.respondent_id}` },
      'partner',
    );
    expect(res.errors).toBeUndefined();
    const r = res.data!.respondent;
    expect([...r.transitCountries].sort()).toEqual(raw.transit_countries.split(';').map((c) => c.toUpperCase()).sort());
    expect(r.violenceTypes.map((v: string) => v.toLowerCase()).sort()).toEqual(raw.violence_types ? raw.violence_types.split(';').sort() : []);
    expect(r.originState.name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()).toBe(
      raw.origin_state.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase(),
    );
    expect(r.originState.level).toBe('ADMIN1');
    expect(r.surveyPoint.code).toBe(raw.survey_point);
    expect(r.surveyPoint.round.number).toBe(4);
  });

  it('filters respondents by survey point, sex and age range as the raw rows do', async () => {
    const respondents = seedRows(4, 'respondents');
    const expected = respondents.filter(
      (r) => r.survey_point === 'santa_rosa_tacna' && r.sex === 'female' && Number(r.age) >= 25 && Number(r.age) <= 34,
    ).length;
    const res = await t.exec(
      '{ respondents(filter: { country: "PER", round: 4, surveyPoint: "santa_rosa_tacna", sex: FEMALE, ageMin: 25, ageMax: 34 }) { totalCount } }',
      undefined,
      'partner',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.respondents.totalCount).toBe(expected);
    expect(expected).toBeGreaterThan(0);
  });

  it('walks every page with after and meets each respondent exactly once', async () => {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await t.exec(
        'query($after: String) { respondents(first: 500, after: $after, filter: { round: 4 }) { pageInfo { hasNextPage endCursor } edges { node { id } } } }',
        { after },
        'partner',
      );
      expect(res.errors).toBeUndefined();
      ids.push(...res.data.respondents.edges.map((e: any) => e.node.id));
      if (!res.data.respondents.pageInfo.hasNextPage) break;
      after = res.data.respondents.pageInfo.endCursor;
    }
    const expected = seedRows(4, 'respondents').map((r) => `Respondent:PER-4:${r.respondent_id}`);
    expect(ids.length).toBe(expected.length);
    expect(new Set(ids)).toEqual(new Set(expected));
  });
});
