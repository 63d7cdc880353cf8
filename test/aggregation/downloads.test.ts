import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { PARTNER_KEY, startTestHub, TestHub } from '../support/hub';
import { childUnits, expectedStats, FIXTURE, FIXTURE_ROUND, respondentUnits, wilsonBounds } from './fixture-rows';

/** The fixture round as its bundle declares it: what the notes must say about the data. */
const ROUND_JSON = JSON.parse(readFileSync(path.join(FIXTURE, 'round.json'), 'utf8')) as { country: string; number: number; name: string; dataKind: string; caveat: string };
const ROUND_ID = `${ROUND_JSON.country}-${ROUND_JSON.number}`;
const partner = { authorization: `Bearer ${PARTNER_KEY}` };

/** pandas, when this machine has it (CI does not install it: the check is optional). */
const HAS_PANDAS = spawnSync('python3', ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0;

describe('Downloads: plain CSV, JSON with notes, file names and refusals', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub({ bundles: [FIXTURE] });
    base = await t.listen();
  });
  afterAll(() => t.close());

  const get = (pathAndQuery: string, headers: Record<string, string> = {}) => fetch(`${base}${pathAndQuery}`, { headers });
  const getJson = async (pathAndQuery: string, headers: Record<string, string> = {}): Promise<any> => (await get(pathAndQuery, headers)).json();
  const bodyOf = async (res: Response): Promise<any> => res.json();

  describe('hxl=false', () => {
    it('leaves out the hashtag row and the BOM, so that a CSV reader with its defaults reads the counts as numbers', async () => {
      const res = await get(`/export/respondentStats.csv?round=${FIXTURE_ROUND}&groupBy=SEX&measures=AGE&hxl=false`, partner);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
      expect(text).not.toContain('#indicator');
      // columns from the header row, numbers cast: what pandas and R do with their defaults.
      const rows = parse(text, { columns: true, cast: true }) as Record<string, unknown>[];
      const expected = expectedStats(respondentUnits, ['SEX'], ['AGE']);
      expect(rows).toHaveLength(expected.groups.length);
      for (const e of expected.groups) {
        const row = rows.find((r) => r['Sex (code)'] === e.codes[0])!;
        expect(row.Respondents).toBe(e.count);
        expect(row['Share (%)']).toBeCloseTo((100 * e.count) / respondentUnits.length, 4);
        expect(row['Share (%), 95% CI low']).toBeCloseTo(100 * wilsonBounds(e.count, respondentUnits.length).low, 4);
        expect(row['Age (years): n']).toBe(e.measures[0].n);
        expect(row['Age (years): mean']).toBeCloseTo(e.measures[0].mean!, 5);
        expect(row['Total respondents (base of the share)']).toBe(respondentUnits.length);
      }
    });

    it('reads with a hashtag row as text in every column, which is why hxl=false exists', async () => {
      const res = await get(`/export/respondentStats.csv?round=${FIXTURE_ROUND}&groupBy=SEX`, partner);
      const rows = parse(await res.text(), { columns: true, cast: true, bom: true }) as Record<string, unknown>[];
      expect(rows[0].Respondents).toBe('#indicator+num+ind');
    });

    (HAS_PANDAS ? it : it.skip)('is read by pandas with its defaults: counts as integers, shares as floats', async () => {
      const res = await get(`/export/respondentStats.csv?round=${FIXTURE_ROUND}&groupBy=SEX&hxl=false`, partner);
      const script = 'import sys, pandas; d = pandas.read_csv(sys.stdin); print(d["Respondents"].dtype.kind, d["Share (%)"].dtype.kind, int(d["Respondents"].sum()))';
      const out = execFileSync('python3', ['-c', script], { input: await res.text() }).toString().trim();
      expect(out).toBe(`i f ${respondentUnits.length}`);
    });
  });

  describe('format=json', () => {
    it('holds the same cells as the CSV, numbers as numbers', async () => {
      const query = `/export/childStats.csv?round=${FIXTURE_ROUND}&groupBy=AGE_BAND&measures=AGE`;
      const csv = parse(await (await get(query, partner)).text(), { bom: true }) as string[][];
      const res = await get(`${query}&format=json`, partner);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const json = await bodyOf(res);
      expect(json.columns.map((c: { header: string }) => c.header)).toEqual(csv[0]);
      expect(json.columns.map((c: { hxl: string }) => c.hxl)).toEqual(csv[1]);
      expect(json.rows.map((r: unknown[]) => r.map((c) => (c === null ? '' : String(c))))).toEqual(csv.slice(2));
      // Against the raw rows: the count of each age band of the children.
      const expected = expectedStats(childUnits, ['AGE_BAND'], ['AGE']);
      for (const e of expected.groups) expect(json.rows.find((r: unknown[]) => r[0] === e.codes[0])[2]).toBe(e.count);
    });

    it('leaves the hashtags out of the columns with hxl=false', async () => {
      const json = await getJson(`/export/respondentStats.csv?round=${FIXTURE_ROUND}&groupBy=SEX&format=json&hxl=false`);
      expect(json.columns[0]).toEqual({ header: 'Sex (code)' });
    });

    it('says in its notes that the data are synthetic, from the round, with its caveat and codebook', async () => {
      const { notes } = await getJson(`/export/respondentStats.csv?round=${FIXTURE_ROUND}&groupBy=SEX&format=json`);
      expect(ROUND_JSON.dataKind).toBe('synthetic_calibrated');
      expect(notes.data.kind).toBe('synthetic');
      expect(notes.data.text).toMatch(/^Synthetic data/);
      expect(notes.rounds).toEqual([
        { id: ROUND_ID, title: ROUND_JSON.name, dataKind: 'SYNTHETIC_CALIBRATED', caveat: ROUND_JSON.caveat, source: null, codebook: { xml: `/codebook/${ROUND_ID}.xml`, json: `/codebook/${ROUND_ID}.json?lang=en` } },
      ]);
      expect(notes.sources.rounds).toEqual([{ round: ROUND_ID, title: ROUND_JSON.name, url: null }]);
    });

    it('says for a partner that no disclosure control applied, and that the counts of a single-choice grouping add up to the total', async () => {
      const { rows, notes } = await getJson(`/export/respondentStats.csv?round=${FIXTURE_ROUND}&groupBy=SEX&format=json`, partner);
      expect(rows).toHaveLength(2);
      expect(notes.disclosureControl).toMatchObject({ method: 'EXACT', status: 'PUBLISHED', threshold: null, maxPerturbation: 0, unlistedCount: 0, withheldMeasures: [] });
      // By hand: 35 men and 27 women in respondents.csv, 62 in all.
      expect(notes.additivity).toEqual({ countsAddUpToTotal: true, sumOfListedCounts: 62, total: 62, reasons: [] });
    });

    it('says why the counts of a multi-select grouping add up to more than the total', async () => {
      const { notes } = await getJson(`/export/respondentStats.csv?round=${FIXTURE_ROUND}&groupBy=TRANSIT_COUNTRY&format=json`, partner);
      // One membership per transit country a respondent named, from the raw rows.
      const memberships = expectedStats(respondentUnits, ['TRANSIT_COUNTRY']).groups.reduce((a, g) => a + g.count, 0);
      expect(memberships).toBeGreaterThan(respondentUnits.length);
      expect(notes.additivity).toMatchObject({ countsAddUpToTotal: false, sumOfListedCounts: memberships, total: respondentUnits.length });
      expect(notes.additivity.reasons.map((r: { code: string }) => r.code)).toEqual(['MULTI_SELECT']);
      expect(notes.additivity.reasons[0].text).toMatch(/TRANSIT_COUNTRY is multi-select/);
    });

    it('says for a public caller which disclosure control applied, which groups are unlisted and why the counts need not add up', async () => {
      const res = await get(`/export/respondentStats.csv?round=${FIXTURE_ROUND}&groupBy=SURVEY_POINT,MARITAL_STATUS&format=json&lang=es`);
      const { rows, notes } = await bodyOf(res);
      const policy = (await t.exec('{ disclosurePolicy { threshold maxPerturbation } }')).data!.disclosurePolicy;
      expect(notes.disclosureControl).toMatchObject({ method: 'CELL_KEY', status: 'PUBLISHED', threshold: policy.threshold, maxPerturbation: policy.maxPerturbation });
      expect(notes.disclosureControl.text).toMatch(/^Método de clave de celda/);
      // Groups under the threshold exist in the raw rows, so some units are unlisted.
      const exact = expectedStats(respondentUnits, ['SURVEY_POINT', 'MARITAL_STATUS']);
      expect(exact.groups.some((g) => g.count < policy.threshold)).toBe(true);
      expect(notes.disclosureControl.unlistedCount).toBeGreaterThan(0);
      expect(notes.additivity.sumOfListedCounts).toBe(rows.reduce((a: number, r: number[]) => a + r[4], 0));
      expect(notes.additivity.reasons.map((r: { code: string }) => r.code)).toEqual(['UNLISTED_GROUPS', 'PERTURBATION']);
    });

    it('names the withheld measure cells of a public table', async () => {
      // has_ptp and not_applying: fewer than the threshold of their respondents gave an income (raw rows).
      const { notes, rows } = await getJson(`/export/respondentStats.csv?round=${FIXTURE_ROUND}&groupBy=PTP_STATUS&measures=MONTHLY_INCOME_USD&format=json`);
      const withheldRows = rows.filter((r: unknown[]) => r[6] === null);
      expect(withheldRows.length).toBeGreaterThan(0);
      expect(notes.disclosureControl.withheldMeasures).toEqual(
        withheldRows.map((r: unknown[]) => ({ group: [{ dimension: 'PTP_STATUS', code: r[0] }], measure: 'MONTHLY_INCOME_USD' })),
      );
      expect(withheldRows.map((r: unknown[]) => r[0])).toEqual(expect.arrayContaining(['has_ptp', 'not_applying']));
      const values = expectedStats(respondentUnits, ['PTP_STATUS'], ['MONTHLY_INCOME_USD']).groups;
      for (const r of withheldRows) expect(values.find((g) => g.codes[0] === r[0])!.measures[0].n).toBeLessThan(5);
    });
  });

  describe('names and links', () => {
    it.each([
      [`/export/respondentStats.csv?country=PER&round=${FIXTURE_ROUND}&groupBy=SEX&lang=es`, `dtm-hub_respondents_${ROUND_ID}_by-sex_es.csv`],
      [`/export/respondentStats.csv?round=${FIXTURE_ROUND}&groupBy=SURVEY_POINT,SEX&format=json`, `dtm-hub_respondents_${ROUND_ID}_by-survey-point_by-sex_en.json`],
      [`/export/householdStats.csv?country=per&measures=TRAVELLING_SIZE`, `dtm-hub_households_${ROUND_ID}_total_with-travelling-size_en.csv`],
      [
        `/export/childStats.csv?round=${FIXTURE_ROUND}&status=travelling&respondent.surveyPoint=north_gate&groupBy=AGE_BAND&measures=AGE`,
        `dtm-hub_children_${ROUND_ID}_by-age-band_with-age_status-travelling_respondent-survey-point-north-gate_en.csv`,
      ],
      [`/export/respondentStats.csv?surveyPoint=${'x'.repeat(300)}`, `dtm-hub_respondents_${ROUND_ID}_total_filtered_en.csv`],
    ])('names %s for what it holds', async (query, name) => {
      const res = await get(query, partner);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${name}"`);
      expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
    });

    it('links a CSV to the codebook of its round and to its JSON flavour, which holds the notes', async () => {
      const res = await get(`/export/respondentStats.csv?round=${FIXTURE_ROUND}&groupBy=SEX&lang=es`);
      expect(res.headers.get('link')).toBe(
        `</codebook/${ROUND_ID}.xml>; rel="describedby"; type="application/xml", </codebook/${ROUND_ID}.json?lang=es>; rel="describedby"; type="application/json", ` +
          `</export/respondentStats.csv?round=${FIXTURE_ROUND}&groupBy=SEX&lang=es&format=json>; rel="alternate"; type="application/json"`,
      );
      const json = await get(`/export/respondentStats.csv?round=${FIXTURE_ROUND}&groupBy=SEX&format=json`);
      expect(json.headers.get('link')).toBe(`</codebook/${ROUND_ID}.xml>; rel="describedby"; type="application/xml", </codebook/${ROUND_ID}.json?lang=en>; rel="describedby"; type="application/json"`);
    });

    it('links to codebooks and a JSON flavour the hub serves', async () => {
      const res = await get(`/export/respondentStats.csv?round=${FIXTURE_ROUND}&groupBy=SEX`);
      const targets = [...res.headers.get('link')!.matchAll(/<([^>]+)>; rel="(\w+)"; type="([^"]+)"/g)].map((m) => ({ url: m[1], type: m[3] }));
      expect(targets).toHaveLength(3);
      for (const { url, type } of targets) {
        const target = await get(url);
        expect([url, target.status]).toEqual([url, 200]);
        expect(target.headers.get('content-type')).toContain(type);
        await target.text();
      }
    });
  });

  describe('refusals', () => {
    async function refusal(query: string, status: number) {
      const res = await get(query);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = await bodyOf(res);
      expect(body.errors).toHaveLength(1);
      return body.errors[0] as { message: string; extensions: Record<string, unknown> };
    }

    it('answers 404 naming an unknown round and the rounds it holds', async () => {
      const e = await refusal('/export/respondentStats.csv?country=PER&round=99&groupBy=SEX', 404);
      expect(e).toEqual({
        message: `round: 99 is not a round of PER in this hub; the rounds held are ${ROUND_ID}.`,
        extensions: { code: 'NOT_FOUND', parameter: 'round', value: '99', allowed: [ROUND_ID] },
      });
    });

    it('answers 404 naming an unknown round given under respondent', async () => {
      const e = await refusal('/export/childStats.csv?respondent.round=7', 404);
      expect(e.extensions).toEqual({ code: 'NOT_FOUND', parameter: 'respondent.round', value: '7', allowed: [ROUND_ID] });
    });

    it('answers 404 naming a country with no round', async () => {
      const e = await refusal('/export/respondentStats.csv?country=ECU&groupBy=SEX', 404);
      expect(e.message).toBe('country: "ECU" has no round in this hub; rounds are held for PER.');
      expect(e.extensions).toEqual({ code: 'NOT_FOUND', parameter: 'country', value: 'ECU', allowed: ['PER'] });
    });

    it.each([
      ['hxl', 'maybe', ['true', 'false'], 'hxl: "maybe" is not allowed; expected true or false (also yes/no, 1/0).'],
      ['format', 'xml', ['csv', 'json'], 'format: "xml" is not allowed; expected csv or json.'],
      ['lang', 'fr', ['en', 'es'], 'lang: "fr" is not allowed; expected en or es.'],
    ])('answers 400 naming a bad %s value and what is allowed', async (parameter, value, allowed, message) => {
      const e = await refusal(`/export/respondentStats.csv?round=${FIXTURE_ROUND}&${parameter}=${value}`, 400);
      expect(e).toEqual({ message, extensions: { code: 'BAD_USER_INPUT', parameter, value, allowed } });
    });

    it('answers 400 naming an unknown dimension, with the allowed ones', async () => {
      const e = await refusal(`/export/respondentStats.csv?groupBy=SEX,SHOE_SIZE`, 400);
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', parameter: 'groupBy', value: 'SHOE_SIZE' });
      expect(e.extensions.allowed).toEqual(expect.arrayContaining(['SEX', 'SURVEY_POINT']));
    });

    it('answers 400 naming an unknown parameter, with hxl and format among the allowed ones', async () => {
      const e = await refusal(`/export/respondentStats.csv?colour=red`, 400);
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', parameter: 'colour', value: 'red' });
      expect(e.extensions.allowed).toEqual(expect.arrayContaining(['groupBy', 'measures', 'lang', 'hxl', 'format', 'surveyPoint']));
    });
  });
});
