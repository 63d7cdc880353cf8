import path from 'node:path';
import { documentedCount } from '../aggregation/cell-key-spec';
import { startTestHub, TestHub } from '../support/hub';
import { ddi, getCodebook, rawValues, seedHeader, tally, validateDdi, xmlFile, xpath } from './codebook-support';

/** The smallest public count (DISCLOSURE_MIN_CELL's default, docs/aggregation.md). */
const K = 5;
const SHEETS = ['respondents', 'households', 'children'];

describe('Codebook: DDI Codebook 2.5 XML of every seed round', () => {
  let t: TestHub;
  let base: string;
  let rounds: string[];
  const files = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestHub({ rounds: 'all' });
    base = await t.listen();
    rounds = ((await t.ds.query('SELECT id FROM round ORDER BY id')) as { id: string }[]).map((r) => r.id);
    for (const id of rounds) {
      for (const as of ['public', 'partner'] as const) {
        const { res, text } = await getCodebook(base, `Round:${id}.xml`, as);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
        files.set(`${id}/${as}`, xmlFile(`${id}-${as}.xml`, text));
      }
    }
  }, 300_000);
  afterAll(() => t.close());

  it('uses a live validator: the DDI sample validates against the shipped XSD and its broken copy does not', () => {
    const fixtures = path.join(__dirname, '../fixtures/ddi-codebook-2.5');
    expect(validateDdi(path.join(fixtures, 'sample-valid.xml')).ok).toBe(true);
    expect(validateDdi(path.join(fixtures, 'sample-invalid.xml')).ok).toBe(false);
  });

  it('validates the codebook of every seed round against the DDI Codebook 2.5 XSD, for public callers and partner keys', () => {
    expect(rounds).toEqual(['PER-2', 'PER-3', 'PER-4', 'PER-5', 'PER-6']);
    for (const [name, file] of files) {
      const verdict = validateDdi(file);
      expect({ name, ...verdict }).toEqual({ name, ok: true, output: `${file} validates\n` });
    }
  });

  it('has one var per column of each sheet, in the order of the seed bundle header, in a fileDscr per sheet', () => {
    for (const id of rounds) {
      const file = files.get(`${id}/public`)!;
      const number = Number(id.split('-')[1]);
      for (const sheet of SHEETS) {
        const names = xpath(file, `//${ddi('var')}[@files='${sheet}']/@name`)
          .split('\n')
          .map((l) => /name="([^"]*)"/.exec(l)![1]);
        expect(names).toEqual(seedHeader(number, sheet));
        expect(xpath(file, `string(//${ddi('fileDscr')}[@ID='${sheet}']//${ddi('varQnty')})`)).toBe(String(names.length));
      }
    }
  });

  it('labels every variable and every closed category in English and Spanish, with xml:lang', () => {
    const file = files.get('PER-4/partner')!;
    const vars = Number(xpath(file, `count(//${ddi('var')})`));
    expect(vars).toBeGreaterThan(30);
    for (const lang of ['en', 'es']) {
      expect(Number(xpath(file, `count(//${ddi('var')}/${ddi('labl')}[@xml:lang='${lang}'])`))).toBe(vars);
      expect(Number(xpath(file, `count(//${ddi('var')}/${ddi('universe')}[@xml:lang='${lang}'])`))).toBe(vars);
    }
    const sex = `//${ddi('var')}[@ID='respondents.sex']`;
    expect(xpath(file, `string(${sex}/${ddi('labl')}[@xml:lang='es'])`)).toBe('Sexo');
    expect(xpath(file, `string(${sex}/${ddi('catgry')}[${ddi('catValu')}='female']/${ddi('labl')}[@xml:lang='es'])`)).toBe('Mujer');
    expect(xpath(file, `string(${sex}/${ddi('catgry')}[${ddi('catValu')}='female']/${ddi('labl')}[@xml:lang='en'])`)).toBe('Female');
    const reason = `//${ddi('var')}[@ID='respondents.discrimination_reason']`;
    expect(xpath(file, `string(${reason}/${ddi('universe')}[@xml:lang='es'])`)).toBe('Personas encuestadas de la ronda PER-4, solo si "Se sintió discriminado/a" es "Sí"');
  });

  it("counts sex as raw SQL does: exact for a partner, the documented cell-key count for the public, and says which", async () => {
    for (const id of rounds) {
      const raw = tally((await rawValues(t.ds, id, 'respondents', 't.sex')).map((v) => ({ code: v.value as string, key: v.key })));
      const freq = (as: string, code: string) =>
        xpath(files.get(`${id}/${as}`)!, `string(//${ddi('var')}[@ID='respondents.sex']/${ddi('catgry')}[${ddi('catValu')}='${code}']/${ddi('catStat')}[@type='freq'])`);
      for (const code of ['male', 'female']) {
        expect(freq('partner', code)).toBe(String(raw.get(code)?.count ?? 0));
        const published = raw.get(code) ? documentedCount(raw.get(code)!.count, raw.get(code)!.keySum, K) : null;
        expect(freq('public', code)).toBe(published === null ? '' : String(published));
      }
      const note = (as: string) => xpath(files.get(`${id}/${as}`)!, `string(//${ddi('var')}[@ID='respondents.sex']/${ddi('notes')})`);
      expect(note('public')).toMatch(/^Frequencies and statistics are disclosure-controlled \(cell-key method/);
      expect(note('partner')).toMatch(/^Exact frequencies and statistics: the request carried a partner key/);
    }
  });
});
