import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { documentedCount, documentedMean, documentedMedian } from '../aggregation/cell-key-spec';
import { question } from '../../src/questionnaire/registry';
import type { Sheet } from '../../src/questionnaire/question';
import { startTestHub, TestHub } from '../support/hub';
import { getCodebook, rawValues, tally, yesNo, type Caller } from './codebook-support';

/** The smallest public count and the smallest number of values of a public median (docs/aggregation.md). */
const K = 5;

/** The bands of integer answers as docs/aggregation.md lists them (dimensions table), by variable. */
const band = (bounds: [string, number, number][]) => (v: number) => bounds.find(([, lo, hi]) => v >= lo && v <= hi)![0];
const HAND_BANDS: Record<string, (v: number) => string> = {
  'respondents.age': band([['18-24', 0, 24], ['25-34', 25, 34], ['35-44', 35, 44], ['45-59', 45, 59], ['60+', 60, 999]]),
  'children.age': band([['0-5', 0, 5], ['6-11', 6, 11], ['12-17', 12, 17]]),
  'households.travelling_size': band([['1', 1, 1], ['2', 2, 2], ['3-4', 3, 4], ['5+', 5, 999]]),
  'households.travelling_children': (v) => (v > 0 ? 'yes' : 'no'),
  'households.children_in_venezuela': (v) => (v > 0 ? 'yes' : 'no'),
};

interface NadaVar {
  vid: string;
  file_id: string;
  name: string;
  labl: string;
  var_universe: string;
  var_catgry: { value: string; label: string; stats?: { type: string; value: number }[] }[];
  var_sumstat: { type: string; value: number }[];
  var_notes?: string;
}
interface NadaDoc {
  lang: string;
  study_desc: { title_statement: { idno: string } };
  data_files: { file_id: string; case_count?: number }[];
  variables: NadaVar[];
}

/** NADA's schemas as the shipped README says to load them (relative $refs under http://ihsn.org/schemas/). */
function nadaValidators() {
  const dir = path.join(__dirname, '../fixtures/nada');
  const ajv = new Ajv({ strict: false, allErrors: true });
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), `http://ihsn.org/schemas/${f}`);
  }
  return { document: ajv.getSchema('http://ihsn.org/schemas/ddi-schema.json')!, variable: ajv.getSchema('http://ihsn.org/schemas/variable-schema.json')! };
}

/** A variable's raw codes in a round, one per unit (or, multi-select, per option chosen), with the unit's record key. */
async function rawCodes(t: TestHub, roundId: string, v: NadaVar): Promise<{ code: string | null; key: number }[]> {
  const q = question(v.file_id as Sheet, v.name);
  const a = q.answer;
  if (a.kind === 'multi-select') {
    const rows = await rawValues(t.ds, roundId, 'respondents', 'ch.code', `JOIN respondent_choice ch ON ch.respondent_id = t.id AND ch.question = '${a.choice}'`);
    return rows.map((r) => ({ code: String(r.value), key: r.key }));
  }
  if (a.kind === 'survey-point') {
    const rows = await rawValues(t.ds, roundId, v.file_id, 'sp.code', 'JOIN survey_point sp ON sp.id = t.survey_point_id');
    return rows.map((r) => ({ code: String(r.value), key: r.key }));
  }
  const rows = await rawValues(t.ds, roundId, v.file_id, `t.${q.dbColumn}`);
  const bands = HAND_BANDS[v.vid];
  if ((a.kind === 'integer' || a.kind === 'decimal') && !bands) throw new Error(`${v.vid}: give its bands in HAND_BANDS, from docs/aggregation.md`);
  return rows.map((r) => ({
    code: r.value === null ? null : bands ? bands(Number(r.value)) : a.kind === 'yes-no' ? yesNo(r.value) : String(r.value),
    key: r.key,
  }));
}

const stat = (v: NadaVar, type: string) => v.var_sumstat.find((s) => s.type === type)?.value;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

describe('Codebook: NADA JSON and the counts behind both formats', () => {
  let t: TestHub;
  let base: string;
  let rounds: string[];
  const docs = new Map<string, NadaDoc>();

  beforeAll(async () => {
    t = await startTestHub({ rounds: 'all' });
    base = await t.listen();
    rounds = ((await t.ds.query('SELECT id FROM round ORDER BY id')) as { id: string }[]).map((r) => r.id);
    for (const id of rounds) {
      for (const as of ['public', 'partner'] as Caller[]) {
        const { res, text } = await getCodebook(base, `${id}.json?lang=en`, as);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
        docs.set(`${id}/${as}`, JSON.parse(text) as NadaDoc);
      }
    }
  }, 300_000);
  afterAll(() => t.close());

  it("validates every seed round's document against NADA's ddi-schema.json, and each variable against variable-schema.json", () => {
    const { document, variable } = nadaValidators();
    expect(variable({ name: 'x' })).toBe(false);
    for (const [name, doc] of docs) {
      expect({ name, ok: document(doc), errors: document.errors ?? null }).toEqual({ name, ok: true, errors: null });
      for (const v of doc.variables) expect({ vid: v.vid, ok: variable(v), errors: variable.errors ?? null }).toEqual({ vid: v.vid, ok: true, errors: null });
    }
  });

  it('gives a partner the exact frequency of every category, as raw SQL counts the rows', async () => {
    let checked = 0;
    for (const id of rounds) {
      for (const v of docs.get(`${id}/partner`)!.variables.filter((x) => x.var_catgry.length > 0)) {
        const raw = tally(await rawCodes(t, id, v));
        for (const c of v.var_catgry) expect({ vid: v.vid, code: c.value, freq: c.stats?.[0].value }).toEqual({ vid: v.vid, code: c.value, freq: raw.get(c.value)?.count ?? 0 });
        const listed = new Set(v.var_catgry.map((c) => c.value));
        expect({ vid: v.vid, unlisted: [...raw.keys()].filter((code) => code !== null && !listed.has(code)) }).toEqual({ vid: v.vid, unlisted: [] });
        if (v.file_id !== 'respondents' || question('respondents', v.name).answer.kind !== 'multi-select') {
          expect({ vid: v.vid, invd: stat(v, 'invd') }).toEqual({ vid: v.vid, invd: raw.get(null)?.count ?? 0 });
        }
        checked += v.var_catgry.length;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('gives a partner exact n, mean, median, min and max of every numeric question, as computed from the raw values', async () => {
    for (const id of rounds) {
      for (const v of docs.get(`${id}/partner`)!.variables.filter((x) => stat(x, 'mean') !== undefined)) {
        const values = (await rawValues(t.ds, id, v.file_id, `t.${question(v.file_id as Sheet, v.name).dbColumn}`)).filter((r) => r.value !== null).map((r) => Number(r.value));
        expect(stat(v, 'vald')).toBe(values.length);
        expect(stat(v, 'mean')).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 5);
        expect(stat(v, 'medn')).toBeCloseTo(median(values), 5);
        expect(stat(v, 'min')).toBe(Math.min(...values));
        expect(stat(v, 'max')).toBe(Math.max(...values));
      }
    }
  });

  it('gives the public the cell-key counts of the documented method, withholds categories below the threshold, and never min or max', async () => {
    let differs = 0;
    let withheld = 0;
    for (const id of rounds) {
      for (const v of docs.get(`${id}/public`)!.variables.filter((x) => x.var_catgry.length > 0)) {
        const raw = tally(await rawCodes(t, id, v));
        for (const c of v.var_catgry) {
          const exact = raw.get(c.value);
          const published = exact ? documentedCount(exact.count, exact.keySum, K) : null;
          expect({ vid: v.vid, code: c.value, freq: c.stats?.[0].value ?? null }).toEqual({ vid: v.vid, code: c.value, freq: published });
          if (published !== null && published !== exact!.count) differs += 1;
          if (published === null) withheld += 1;
        }
        expect(v.var_notes).toMatch(/disclosure-controlled \(cell-key method/);
      }
      for (const v of docs.get(`${id}/public`)!.variables.filter((x) => stat(x, 'mean') !== undefined)) {
        const rows = (await rawValues(t.ds, id, v.file_id, `t.${question(v.file_id as Sheet, v.name).dbColumn}`)).filter((r) => r.value !== null);
        const values = rows.map((r) => Number(r.value));
        const keySum = rows.reduce((a, r) => a + r.key, 0);
        expect(stat(v, 'vald')).toBe(documentedCount(values.length, keySum, K));
        expect(stat(v, 'mean')).toBeCloseTo(documentedMean(values, keySum, K)!, 5);
        const medn = documentedMedian(values, keySum, K);
        if (medn === null) expect(stat(v, 'medn')).toBeUndefined();
        else expect(stat(v, 'medn')).toBeCloseTo(medn, 5);
        expect([stat(v, 'min'), stat(v, 'max')]).toEqual([undefined, undefined]);
      }
    }
    expect(differs).toBeGreaterThan(10);
    expect(withheld).toBeGreaterThan(0);
  });

  it('labels in the language asked (lang=es, else Accept-Language), and the file counts are the round totals', async () => {
    const es = JSON.parse((await getCodebook(base, 'PER-4.json?lang=es', 'partner')).text) as NadaDoc;
    const byHeader = JSON.parse((await getCodebook(base, 'PER-4.json', 'partner', { 'accept-language': 'es-PE,es;q=0.9' })).text) as NadaDoc;
    for (const doc of [es, byHeader]) {
      expect(doc.lang).toBe('es');
      const sex = doc.variables.find((v) => v.vid === 'respondents.sex')!;
      expect([sex.labl, sex.var_catgry.map((c) => c.label)]).toEqual(['Sexo', ['Hombre', 'Mujer']]);
    }
    const partner = docs.get('PER-4/partner')!;
    const counts = await Promise.all(['respondent', 'household', 'child'].map(async (table) => Number((await t.ds.query(`SELECT COUNT(*) AS n FROM ${table} WHERE round_id = 'PER-4'`))[0].n)));
    expect(partner.data_files.map((f) => [f.file_id, f.case_count])).toEqual([
      ['respondents', counts[0]],
      ['households', counts[1]],
      ['children', counts[2]],
    ]);
    expect(partner.study_desc.title_statement.idno).toBe('Round:PER-4');
  });
});
