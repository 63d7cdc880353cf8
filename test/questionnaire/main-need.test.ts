import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { exportRound } from '../../src/export/round-bundle';
import { FIXTURE, FIXTURE_ROUND, respondents } from '../aggregation/fixture-rows';
import { FIXTURE as OLD_BUNDLE } from '../import/support';
import { startTestHub, TestHub } from '../support/hub';

/**
 * The question added through the registry alone: main needs reported at the survey point
 * (multi-select). Expected values come from the fixture's raw `main_needs` cells; the stats
 * dimension itself is checked against the raw rows with every other one in stats.test.ts.
 */
const needsOf = (r: Record<string, string>) => (r.main_needs?.trim() ? r.main_needs.split(';') : []);

describe('Questionnaire: the main needs question, end to end', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ bundles: [FIXTURE, OLD_BUNDLE] });
  });
  afterAll(() => t.close());

  it('reads each respondent’s needs back from the import, in the row type', async () => {
    const res = await t.exec(
      `{ respondents(first: 100, filter: { round: ${FIXTURE_ROUND} }) { edges { node { code mainNeeds } } } }`,
      {},
      'partner',
    );
    const got = Object.fromEntries(res.data!.respondents.edges.map((e: any) => [e.node.code, [...e.node.mainNeeds].sort()]));
    const want = Object.fromEntries(respondents.map((r) => [r.respondent_id, needsOf(r).map((n) => n.toUpperCase()).sort()]));
    expect(got).toEqual(want);
  });

  it('filters respondents by a need, as a count of the raw rows', async () => {
    for (const need of ['food', 'work', 'documentation']) {
      const res = await t.exec(
        `{ respondents(first: 100, filter: { round: ${FIXTURE_ROUND}, mainNeed: ${need.toUpperCase()} }) { totalCount } }`,
        {},
        'partner',
      );
      expect(res.data!.respondents.totalCount).toBe(respondents.filter((r) => needsOf(r).includes(need)).length);
    }
  });

  it('labels the needs in Spanish and English in stats answers', async () => {
    const q = (lang: string) =>
      `{ respondentStats(filter: { round: ${FIXTURE_ROUND} }, groupBy: [MAIN_NEED], lang: ${lang}) { groups { keys { code label } count } } }`;
    const label = (res: any, code: string) => res.data.respondentStats.groups.find((g: any) => g.keys[0].code === code).keys[0].label;
    const [en, es] = [await t.exec(q('EN'), {}, 'partner'), await t.exec(q('ES'), {}, 'partner')];
    expect([label(en, 'food'), label(es, 'food')]).toEqual(['Food', 'Alimentación']);
    expect([label(en, 'shelter'), label(es, 'shelter')]).toEqual(['Shelter', 'Alojamiento']);
    const count = (code: string) => en.data!.respondentStats.groups.find((g: any) => g.keys[0].code === code).count;
    expect(count('food')).toBe(respondents.filter((r) => needsOf(r).includes('food')).length);
  });

  it('imports a bundle written before the question existed, with no answers to it', async () => {
    expect(readFileSync(path.join(OLD_BUNDLE, 'respondents.csv'), 'utf8').split('\n')[0]).not.toContain('main_needs');
    const round = JSON.parse(readFileSync(path.join(OLD_BUNDLE, 'round.json'), 'utf8')) as { number: number };
    const res = await t.exec(`{ respondents(first: 5, filter: { round: ${round.number} }) { totalCount edges { node { mainNeeds } } } }`, {}, 'partner');
    expect(res.data!.respondents.totalCount).toBeGreaterThan(0);
    expect(res.data!.respondents.edges.every((e: any) => e.node.mainNeeds.length === 0)).toBe(true);
  });

  it('exports the needs as the main_needs column, as they were imported', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'dtm-main-need-'));
    await exportRound(t.ds, 'PER', FIXTURE_ROUND, folder);
    const rows = parse(readFileSync(path.join(folder, 'respondents.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const exported = Object.fromEntries(rows.map((r) => [r.respondent_id, needsOf(r).sort()]));
    expect(exported).toEqual(Object.fromEntries(respondents.map((r) => [r.respondent_id, needsOf(r).sort()])));
  });
});
