import { parse } from 'csv-parse/sync';
import { startTestHub, TestHub } from '../support/hub';

/**
 * Spanish through the API: the labels of a stats answer and the headers and labels of a CSV, in
 * the terms of the DTM Peru reports. Expected words are written here by hand; codes, counts and
 * the HXL row must not change with the language.
 */
describe('Questionnaire: labels in Spanish and English', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
    base = await t.listen();
  });
  afterAll(() => t.close());

  const STATS = (lang: string) =>
    `{ respondentStats(filter: { country: "PER", round: 4 }, groupBy: [SEX, DOCUMENT_USED]${lang}) { total groups { keys { dimension code label } count } } }`;

  async function post(query: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
    return (await res.json()) as { data: any; errors?: unknown };
  }

  it('answers lang: ES with Spanish labels and the same codes and counts as English', async () => {
    const en = (await t.exec(STATS(''))).data!.respondentStats;
    const es = (await t.exec(STATS(', lang: ES'))).data!.respondentStats;
    expect(es.total).toBe(en.total);
    expect(es.groups.map((g: any) => [g.keys.map((k: any) => k.code), g.count])).toEqual(en.groups.map((g: any) => [g.keys.map((k: any) => k.code), g.count]));
    const label = (groups: any[], code: string) => groups.find((g) => g.keys[1].code === code)?.keys[1].label;
    expect(label(es.groups, 'passport')).toBe('Pasaporte');
    expect(label(en.groups, 'passport')).toBe('Passport');
    expect(label(es.groups, 'national_id')).toBe('Cédula de identidad');
    const sexes = new Set(es.groups.map((g: any) => g.keys[0].label));
    expect(sexes).toEqual(new Set(['Hombre', 'Mujer']));
  });

  it('takes the default language from Accept-Language, and lang overrides it', async () => {
    const spanish = await post(STATS(''), { 'accept-language': 'es-PE,es;q=0.9,en;q=0.5' });
    expect(spanish.data.respondentStats.groups[0].keys[0].label).toMatch(/^(Hombre|Mujer)$/);
    const english = await post(STATS(''), { 'accept-language': 'en-GB,en;q=0.9' });
    expect(english.data.respondentStats.groups[0].keys[0].label).toMatch(/^(Male|Female)$/);
    const none = await post(STATS(''));
    expect(none.data.respondentStats.groups[0].keys[0].label).toMatch(/^(Male|Female)$/);
    const overridden = await post(STATS(', lang: EN'), { 'accept-language': 'es' });
    expect(overridden.data.respondentStats.groups[0].keys[0].label).toMatch(/^(Male|Female)$/);
  });

  it('writes a CSV with Spanish headers and labels for lang=es, and the same HXL row and figures', async () => {
    const get = async (lang: string) => {
      const res = await fetch(`${base}/export/respondentStats.csv?country=PER&round=4&groupBy=SURVEY_POINT,PTP_STATUS&measures=AGE${lang}`);
      expect(res.status).toBe(200);
      return parse(await res.text(), { bom: true }) as string[][];
    };
    const [en, es] = [await get(''), await get('&lang=es')];
    expect(es[0].slice(0, 6)).toEqual(['Punto de monitoreo (código)', 'Punto de monitoreo', 'Situación del PTP (código)', 'Situación del PTP', 'Personas encuestadas', 'Porcentaje']);
    expect(es[0]).toContain('Edad (años): mediana');
    expect(es[0].slice(-2)).toEqual(['Control de divulgación', 'Estado de divulgación']);
    // The same tags, but for the language of the labels of the questionnaire's codes.
    expect(es[1]).toEqual(en[1].map((tag) => tag.replace('+i_en', '+i_es')));
    expect(es[1]).toContain('#respondee+ptp+name+i_es');
    expect(es.length).toBe(en.length);
    const codesAndCounts = (rows: string[][]) => rows.slice(2).map((r) => [r[0], r[2], r[4]]);
    expect(codesAndCounts(es)).toEqual(codesAndCounts(en));
    // Place names stay as the gazetteer spells them; codes of the PTP list get their Spanish labels.
    expect(es.slice(2).map((r) => r[1])).toEqual(en.slice(2).map((r) => r[1]));
    expect(new Set(es.slice(2).map((r) => r[3]))).toContain('Tiene PTP');
  });

  it('refuses a lang it does not speak, naming the parameter and what is allowed', async () => {
    const res = await fetch(`${base}/export/respondentStats.csv?country=PER&round=4&lang=fr`);
    expect(res.status).toBe(400);
    expect(JSON.parse(await res.text()).errors[0]).toEqual({
      message: 'lang: "fr" is not allowed; expected en or es.',
      extensions: { code: 'BAD_USER_INPUT', parameter: 'lang', value: 'fr', allowed: ['en', 'es'] },
    });
  });
});
