import { parse } from 'csv-parse/sync';
import { PARTNER_KEY, startTestHub, TestHub } from '../support/hub';
import { documentedCount, storedRecordKeys, unitKey } from './cell-key-spec';
import { childUnits, expectedStats, FIXTURE, FIXTURE_ROUND, respondentUnits } from './fixture-rows';

describe('Aggregation: CSV downloads with HXL hashtags', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub({ bundles: [FIXTURE] });
    base = await t.listen();
  });
  afterAll(() => t.close());

  async function download(path: string, authorization?: string) {
    const res = await fetch(`${base}${path}`, { headers: authorization ? { authorization } : {} });
    const text = await res.text();
    return { res, text, rows: res.ok ? (parse(text, { bom: true }) as string[][]) : [] };
  }

  it('serves respondentStats as an attachment with a header row, an HXL row and one row per group', async () => {
    const { res, rows } = await download(`/export/respondentStats.csv?country=PER&round=${FIXTURE_ROUND}&groupBy=SURVEY_POINT,SEX`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="dtm-hub_respondents_PER-${FIXTURE_ROUND}_by-survey-point_by-sex_en.csv"`);
    const [header, hxl, ...data] = rows;
    expect(header.slice(0, 8)).toEqual(['Survey point (code)', 'Survey point', 'Sex (code)', 'Sex', 'Respondents', 'Share (%)', 'Share (%), 95% CI low', 'Share (%), 95% CI high']);
    expect(hxl.slice(0, 8)).toEqual([
      '#loc+code', '#loc+name', '#respondee+sex', '#respondee+sex+name+i_en',
      '#indicator+num+ind', '#indicator+num+ind+pct', '#indicator+num+ind+pct+ci95_low', '#indicator+num+ind+pct+ci95_high',
    ]);
    expect(hxl.every((tag) => /^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$/.test(tag))).toBe(true);

    const gql = await t.exec(
      `{ respondentStats(filter: { country: "PER", round: ${FIXTURE_ROUND} }, groupBy: [SURVEY_POINT, SEX]) { total groups { keys { code label } count share ci95 { low high } } } }`,
    );
    const stats = gql.data!.respondentStats;
    expect(data).toHaveLength(stats.groups.length);
    stats.groups.forEach((g: any, i: number) => {
      const row = data[i];
      expect(row.slice(0, 4)).toEqual([g.keys[0].code, g.keys[0].label, g.keys[1].code, g.keys[1].label]);
      expect(Number(row[4])).toBe(g.count);
      // Shares as percentages (HXL's +pct).
      expect(Number(row[5])).toBeCloseTo(100 * g.share, 4);
      expect(Number(row[6])).toBeCloseTo(100 * g.ci95.low, 4);
      expect(Number(row[7])).toBeCloseTo(100 * g.ci95.high, 4);
      expect(row.slice(-2)).toEqual(['CELL_KEY', 'PUBLISHED']);
      expect(Number(row[row.length - 4])).toBe(stats.total);
    });
    // Groups below the threshold are left out of the file, as from the GraphQL answer.
    const exact = expectedStats(respondentUnits, ['SURVEY_POINT', 'SEX']);
    expect(data.length).toBe(exact.groups.filter((g) => g.count >= 5).length);
    expect(data.length).toBeLessThan(exact.groups.length);
  });

  it('gives exact values to a partner key, as the raw rows count them', async () => {
    const { res, rows } = await download(`/export/respondentStats.csv?round=${FIXTURE_ROUND}&groupBy=survey_point,sex`, `Bearer ${PARTNER_KEY}`);
    expect(res.status).toBe(200);
    const expected = expectedStats(respondentUnits, ['SURVEY_POINT', 'SEX']);
    const data = rows.slice(2);
    expect(data).toHaveLength(expected.groups.length);
    for (const e of expected.groups) {
      const row = data.find((r) => r[0] === e.codes[0] && r[2] === e.codes[1])!;
      expect(Number(row[4])).toBe(e.count);
      expect(row.slice(-3)).toEqual(['0', 'EXACT', 'PUBLISHED']);
    }
  });

  it('refuses an invalid partner key with 401', async () => {
    const { res, text } = await download(`/export/respondentStats.csv?groupBy=SEX`, 'Bearer not-a-valid-key-at-all-000000');
    expect(res.status).toBe(401);
    expect(JSON.parse(text).errors[0]).toMatchObject({ message: expect.stringMatching(/partner key is not valid/), extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('exports childStats with nested respondent filters and measures', async () => {
    const { res, rows } = await download(
      `/export/childStats.csv?round=${FIXTURE_ROUND}&status=travelling&respondent.surveyPoint=north_gate&groupBy=AGE_BAND&measures=AGE`,
      `Bearer ${PARTNER_KEY}`,
    );
    expect(res.status).toBe(200);
    const [header, hxl, ...data] = rows;
    expect(header).toEqual([
      'Age band (code)', 'Age band', 'Children', 'Share (%)', 'Share (%), 95% CI low', 'Share (%), 95% CI high',
      'Age (years): n', 'Age (years): mean', 'Age (years): median', 'Age (years): min', 'Age (years): max',
      'Total children (base of the share)', 'Unlisted', 'Disclosure control', 'Disclosure status',
    ]);
    expect(hxl).toEqual([
      '#respondee+age+band', '#respondee+age+band+name+i_en', '#indicator+num+children+ind', '#indicator+num+children+ind+pct',
      '#indicator+num+children+ind+pct+ci95_low', '#indicator+num+children+ind+pct+ci95_high',
      '#indicator+age+num+n', '#indicator+age+num+mean', '#indicator+age+num+median', '#indicator+age+num+min', '#indicator+age+num+max',
      '#indicator+num+children+ind+total', '#indicator+num+children+ind+unlisted', '#meta+disclosure', '#meta+disclosure+status',
    ]);
    const units = childUnits.filter((u) => u.c!.status === 'travelling' && u.r.survey_point === 'north_gate');
    const expected = expectedStats(units, ['AGE_BAND'], ['AGE']);
    expect(data.map((r) => r[0])).toEqual(['0-5', '6-11', '12-17'].filter((b) => expected.groups.some((g) => g.codes[0] === b)));
    for (const e of expected.groups) {
      const row = data.find((r) => r[0] === e.codes[0])!;
      expect(Number(row[2])).toBe(e.count);
      expect(Number(row[6])).toBe(e.measures[0].n);
      expect(Number(row[7])).toBeCloseTo(e.measures[0].mean!, 5);
      expect(Number(row[8])).toBeCloseTo(e.measures[0].median!, 5);
      expect(Number(row[11])).toBe(units.length);
    }
  });

  it('exports householdStats with no grouping as one row', async () => {
    const { res, rows } = await download(`/export/householdStats.csv?round=${FIXTURE_ROUND}&measures=TRAVELLING_SIZE`);
    expect(res.status).toBe(200);
    expect(rows).toHaveLength(3);
    // Public: the documented cell-key count of all households (each with its respondent's key).
    const { keys } = await storedRecordKeys(t.ds);
    const keySum = respondentUnits.reduce((a, u) => a + unitKey(`PER-${FIXTURE_ROUND}`, keys, u), 0);
    expect(rows[2][0]).toBe(String(documentedCount(respondentUnits.length, keySum, 5)));
  });

  it.each([
    ['an unknown dimension', '/export/respondentStats.csv?groupBy=SHOE_SIZE', [/groupBy/, /SHOE_SIZE/, /SURVEY_POINT/]],
    ['a dimension of another stats type', '/export/respondentStats.csv?groupBy=CAREGIVER', [/CAREGIVER/, /AGE_BAND/]],
    ['more than three dimensions', '/export/respondentStats.csv?groupBy=ROUND,SEX,AGE_BAND,EDUCATION', [/at most 3/]],
    ['an unknown parameter', '/export/respondentStats.csv?colour=red', [/colour/, /groupBy/, /surveyPoint/]],
    ['a value of the wrong type', '/export/respondentStats.csv?round=four', [/round/, /four/, /integer/]],
    ['an unknown code', '/export/respondentStats.csv?sex=other', [/sex/, /other/, /MALE, FEMALE/]],
    ['a filter that contradicts itself', '/export/respondentStats.csv?ageMin=40&ageMax=30', [/ageMin/, /ageMax/]],
    ['a measure on a non-numeric field', '/export/respondentStats.csv?measures=SEX', [/measures/, /SEX/, /MONTHLY_INCOME_USD/]],
  ])('answers 400 with what is allowed for %s', async (_what, path, mentions) => {
    const { res, text } = await download(path as string);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const [error] = JSON.parse(text).errors;
    expect(error.extensions.code).toMatch(/^(BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED)$/);
    for (const m of mentions as RegExp[]) expect(error.message).toMatch(m);
  });
});
