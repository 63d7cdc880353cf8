import { mkdtempSync, cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { PARTNER_KEY, startTestHub, TestHub } from '../support/hub';
import { FIXTURE, FIXTURE_ROUND } from './fixture-rows';

/**
 * The HXL standard's lists, read from the verbatim copies in test/fixtures/hxl (SOURCE.md): the
 * expected hashtags and attributes come from the standard, not from the hub's code.
 */
const HXL = path.join(__dirname, '../fixtures/hxl');
/** The rows of a list after its HXL row (and the text header above it, if any), one per hashtag, attribute or vocabulary. */
function standard(file: string): string[][] {
  const rows = parse(readFileSync(path.join(HXL, file), 'utf8'), { bom: true, relax_column_count: true }) as string[][];
  const hxlRow = rows.findIndex((r) => r.every((c) => c.startsWith('#')));
  return rows.slice(hxlRow + 1).filter((r) => r[0] !== '');
}
const hashtagRows = standard('hxl-core-hashtags.hxl.csv');
const attributeRows = standard('hxl-core-attributes.hxl.csv');
const vocabularyRows = standard('hxl-master-vocabulary.hxl.csv');
/** Released hashtags (`#modality` has a blank status and is in the 1.1 dictionary); not `#delivery` (Rejected). */
const CORE_HASHTAGS = new Set(hashtagRows.filter((r) => r[3] === 'Released' || r[3] === '').map((r) => r[0]));
const DEFAULT_VOCABULARY = new Map(hashtagRows.map((r) => [r[0], r[6]]));
/** Attributes of the core schema that are not deprecated (the old `+en`, `+es` are). */
const CORE_ATTRIBUTES = new Set(attributeRows.filter((r) => r[3] !== 'Deprecated').map((r) => r[0]));
const DEPRECATED_ATTRIBUTES = new Set(attributeRows.filter((r) => r[3] === 'Deprecated').map((r) => r[0]));
const VOCABULARIES = new Set(vocabularyRows.map((r) => r[0]));
/** The language attributes the standard's examples use (`#description +i_ar`): `+i_` and an ISO 639-1 code. */
const LANGUAGE_EXAMPLES = hashtagRows.flatMap((r) => r[8].match(/\+i_[a-z]{2}\b/g) ?? []);

/** The attributes docs/downloads.md lists under "Custom attributes", each with its meaning. */
function documentedCustomAttributes(): Set<string> {
  const doc = readFileSync(path.join(__dirname, '../../docs/downloads.md'), 'utf8');
  const section = doc.split(/^#+ Custom attributes$/m)[1]?.split(/^#+ /m)[0] ?? '';
  return new Set([...section.matchAll(/^\| `(\+[a-z0-9_]+)` \|/gm)].map((m) => m[1]));
}

const splitTag = (tag: string) => {
  const [hashtag, ...attributes] = tag.split('+');
  return { hashtag, attributes: attributes.map((a) => `+${a}`) };
};

describe('Downloads: HXL hashtags and attributes from the standard', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub({ bundles: [FIXTURE] });
    base = await t.listen();
  });
  afterAll(() => t.close());

  async function csv(pathAndQuery: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${base}${pathAndQuery}`, { headers: { authorization: `Bearer ${PARTNER_KEY}`, ...headers } });
    expect(res.status).toBe(200);
    return parse(await res.text(), { bom: true }) as string[][];
  }

  /** Every HXL tag the downloads emit: each unit grouped by each of its dimensions, with every measure, in both languages. */
  async function everyEmittedTag(): Promise<Set<string>> {
    const schema = await t.exec('{ __type(name: "StatsDimension") { enumValues { name } } m: __type(name: "StatsMeasure") { enumValues { name } } }');
    const dims: string[] = schema.data!.__type.enumValues.map((v: { name: string }) => v.name);
    const measures: string[] = schema.data!.m.enumValues.map((v: { name: string }) => v.name);
    const tags = new Set<string>();
    for (const query of ['respondentStats', 'householdStats', 'childStats']) {
      for (const lang of ['en', 'es']) {
        for (const dim of dims) {
          const res = await fetch(`${base}/export/${query}.csv?round=${FIXTURE_ROUND}&groupBy=${dim}&lang=${lang}`, { headers: { authorization: `Bearer ${PARTNER_KEY}` } });
          if (res.status === 400) continue; // a dimension of another unit
          expect(res.status).toBe(200);
          (parse(await res.text(), { bom: true }) as string[][])[1].forEach((tag) => tags.add(tag));
        }
        for (const m of measures) {
          const res = await fetch(`${base}/export/${query}.csv?round=${FIXTURE_ROUND}&measures=${m}&lang=${lang}`, { headers: { authorization: `Bearer ${PARTNER_KEY}` } });
          if (res.status === 400) continue;
          (parse(await res.text(), { bom: true }) as string[][])[1].forEach((tag) => tags.add(tag));
        }
      }
    }
    return tags;
  }

  it('reads the standard lists it checks against', () => {
    expect(CORE_HASHTAGS.has('#indicator')).toBe(true);
    expect(CORE_HASHTAGS.has('#delivery')).toBe(false);
    expect(CORE_ATTRIBUTES.has('+num')).toBe(true);
    expect(DEPRECATED_ATTRIBUTES.has('+es')).toBe(true);
    expect(VOCABULARIES).toEqual(new Set(['+v_currency', '+v_glide', '+v_iso3', '+v_ocha_clusters', '+v_pcode', '+v_rw_disastertype', '+v_rw_orgtype', '+v_rw_theme', '+v_rw_vulnerablegroups']));
    expect(LANGUAGE_EXAMPLES.length).toBeGreaterThan(0);
  });

  it('emits only core hashtags, and attributes that are standard, a vocabulary, a language or a documented custom one', async () => {
    const tags = await everyEmittedTag();
    const custom = documentedCustomAttributes();
    const hashtags = new Set([...tags].map((tag) => splitTag(tag).hashtag));
    expect([...hashtags].filter((h) => !CORE_HASHTAGS.has(h))).toEqual([]);
    const attributes = new Set([...tags].flatMap((tag) => splitTag(tag).attributes));
    expect([...attributes].filter((a) => DEPRECATED_ATTRIBUTES.has(a))).toEqual([]);
    const unknown = [...attributes].filter((a) => !CORE_ATTRIBUTES.has(a) && !custom.has(a) && !(a.startsWith('+v_') && VOCABULARIES.has(a)) && !/^\+i_[a-z]{2}$/.test(a));
    expect(unknown).toEqual([]);
    // The custom list holds no standard attribute, and nothing the downloads no longer emit.
    expect([...custom].filter((a) => CORE_ATTRIBUTES.has(a) || DEPRECATED_ATTRIBUTES.has(a) || VOCABULARIES.has(a))).toEqual([]);
    expect([...custom].filter((a) => !attributes.has(a))).toEqual([]);
    // Every tag is a tag spec as libhxl parses it (hashtag and attributes: a letter, then letters, digits, _).
    for (const tag of tags) expect(tag).toMatch(/^#[a-z][_0-9a-z]*(\+[a-z][_0-9a-z]*)*$/);
  }, 120_000);

  it('tags country codes with the vocabulary the standard gives #country, and COD-AB p-codes with the one it gives #adm1', async () => {
    expect(DEFAULT_VOCABULARY.get('#country')).toBe('+v_iso3');
    expect(DEFAULT_VOCABULARY.get('#adm1')).toBe('+v_pcode');
    const [, hxl] = await csv(`/export/respondentStats.csv?round=${FIXTURE_ROUND}&groupBy=NATIONALITY,ORIGIN_STATE,SURVEY_POINT_REGION`);
    // The fixture's states and departments are areas of the COD-AB tables of Venezuela and Peru (raw rows of the location table).
    const sources = await t.ds.query(`SELECT DISTINCT source FROM location WHERE pcode IN ('VE01', 'VE13', 'VE20', 'VE24', 'PE23', 'PE24')`);
    expect(sources).toEqual([{ source: 'cod-ab' }]);
    expect([hxl[0], hxl[2], hxl[4]]).toEqual(['#country+code+nationality+v_iso3', '#adm1+code+origin+v_pcode', '#adm1+code+v_pcode']);
  });

  it('tags the labels of the questionnaire with the language of the request, and place names with none', async () => {
    const es = await csv(`/export/respondentStats.csv?round=${FIXTURE_ROUND}&groupBy=SEX,SURVEY_POINT&lang=es`);
    expect(es[0][1]).toBe('Sexo');
    expect(es[1][1]).toBe('#respondee+sex+name+i_es');
    expect(es.slice(2).map((r) => r[1])).toEqual(expect.arrayContaining(['Mujer', 'Hombre']));
    // Place names stay as the gazetteer spells them, whatever the language.
    expect(es[1][3]).toBe('#loc+name');
    const en = await csv(`/export/respondentStats.csv?round=${FIXTURE_ROUND}&groupBy=SEX`, { 'accept-language': 'en-GB,en;q=0.8' });
    expect(en[1][1]).toBe('#respondee+sex+name+i_en');
    const accepted = await csv(`/export/respondentStats.csv?round=${FIXTURE_ROUND}&groupBy=SEX`, { 'accept-language': 'es-PE' });
    expect(accepted[1][1]).toBe('#respondee+sex+name+i_es');
  });

  it('tags counts as an indicator, individuals or households, and shares with +pct as percentages', async () => {
    const [header, hxl, ...rows] = await csv(`/export/householdStats.csv?round=${FIXTURE_ROUND}&groupBy=SEX`);
    expect(hxl.slice(2, 6)).toEqual(['#indicator+num+hh', '#indicator+num+hh+pct', '#indicator+num+hh+pct+ci95_low', '#indicator+num+hh+pct+ci95_high']);
    expect(header[3]).toBe('Share (%)');
    // Partner key: exact counts, so a share is 100 × count / total.
    for (const r of rows) expect(Number(r[3])).toBeCloseTo((100 * Number(r[2])) / Number(r[6]), 4);
    const [, children] = await csv(`/export/childStats.csv?round=${FIXTURE_ROUND}`);
    expect(children[0]).toBe('#indicator+num+children+ind');
  });
});

describe('Downloads: admin-1 codes outside a COD-AB table', () => {
  let t: TestHub;
  let base: string;
  let dir: string;
  beforeAll(async () => {
    // The fixture round with one destination in Chile's Santiago Metropolitan Region: an ISO 3166-2 area (Chile has no COD-AB table here).
    dir = mkdtempSync(path.join(os.tmpdir(), 'hxl-iso-'));
    const bundle = path.join(dir, 'round-91');
    cpSync(FIXTURE, bundle, { recursive: true });
    const round = JSON.parse(readFileSync(path.join(bundle, 'round.json'), 'utf8'));
    writeFileSync(path.join(bundle, 'round.json'), JSON.stringify({ ...round, number: 91 }));
    const file = path.join(bundle, 'respondents.csv');
    const rows = parse(readFileSync(file, 'utf8'), { bom: true }) as string[][];
    const [country, region] = ['destination_country', 'destination_region'].map((c) => rows[0].indexOf(c));
    const chile = rows.findIndex((r, i) => i > 0 && r[country] === 'CHL');
    rows[chile][region] = 'CL-RM';
    writeFileSync(file, rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n') + '\n');
    t = await startTestHub({ bundles: [bundle] });
    base = await t.listen();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves +v_pcode off a column that holds an ISO 3166-2 code', async () => {
    const sources = await t.ds.query(`SELECT source FROM location WHERE pcode = 'CL-RM'`);
    expect(sources).toEqual([{ source: 'iso-3166-2' }]);
    const res = await fetch(`${base}/export/respondentStats.csv?round=91&groupBy=DESTINATION_REGION`, { headers: { authorization: `Bearer ${PARTNER_KEY}` } });
    const [, hxl, ...rows] = parse(await res.text(), { bom: true }) as string[][];
    expect(rows.map((r) => r[0])).toContain('CL-RM');
    expect(hxl[0]).toBe('#adm1+code+dest');
    const peru = await fetch(`${base}/export/respondentStats.csv?round=91&groupBy=DESTINATION_REGION&destinationCountry=PER`, { headers: { authorization: `Bearer ${PARTNER_KEY}` } });
    expect(peru.status).toBe(200);
    expect((parse(await peru.text(), { bom: true }) as string[][])[1][0]).toBe('#adm1+code+dest+v_pcode');
  });
});
