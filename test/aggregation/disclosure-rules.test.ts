import { parse } from 'csv-parse/sync';
import { PARTNER_KEY, startTestHub, TestHub } from '../support/hub';
import { documentedCount, membersOf, storedRecordKeys, unitKey } from './cell-key-spec';
import { childUnits, expectedStats, FIXTURE, FIXTURE_ROUND, householdUnits, KEY, respondentUnits, Unit } from './fixture-rows';

/**
 * The disclosure rules public tables follow on top of the cell-key method (docs/aggregation.md,
 * "Disclosure rules"). Every expected value comes from the fixture's raw rows: counts by hand,
 * published counts by the documented cell-key method (cell-key-spec.ts), the sparsity rule as the
 * documentation states it.
 */

const ROUND_ID = `PER-${FIXTURE_ROUND}`;
const K = 5;
const FRAME = `country: "PER", round: ${FIXTURE_ROUND}`;
const SELECTION = `total unlistedCount groups { keys { code } count } nonResponse { count }
  disclosure { method status failedRules suggestion blockedAreas { dimension code } variables }`;

interface Answer {
  total: number | null;
  unlistedCount: number | null;
  groups: { keys: { code: string | null }[]; count: number }[];
  nonResponse: { count: number | null }[];
  disclosure: { method: string; status: string; failedRules: string[]; suggestion: string | null; blockedAreas: { dimension: string; code: string }[]; variables: number };
}

const codesOf = (g: { keys: { code: string | null }[] }) => JSON.stringify(g.keys.map((k) => k.code));

describe('Aggregation: disclosure rules for public callers', () => {
  let t: TestHub;
  let keyOf: (u: Unit) => number;
  const keySum = (units: Unit[]) => units.reduce((a, u) => a + keyOf(u), 0);
  /** What the documented method publishes for these units: null below k. */
  const published = (units: Unit[]) => documentedCount(units.length, keySum(units), K);

  beforeAll(async () => {
    t = await startTestHub({ bundles: [FIXTURE] });
    const { keys } = await storedRecordKeys(t.ds);
    keyOf = (u) => unitKey(ROUND_ID, keys, u);
  });
  afterAll(() => t.close());

  async function ask(query: string, args: string, as: 'public' | 'partner' = 'public'): Promise<Answer> {
    const res = await t.exec(`{ s: ${query}(${args}) { ${SELECTION} } }`, undefined, as);
    expect(res.errors).toBeUndefined();
    return res.data!.s as Answer;
  }

  /** The same request, counting the data statements it sends. */
  async function askCounting(query: string, args: string): Promise<{ answer: Answer; statements: number }> {
    t.statements.reset();
    const answer = await ask(query, args);
    return { answer, statements: t.statements.count };
  }

  const expectBlocked = (a: Answer, rules: string[]) => {
    expect(a.disclosure.status).toBe('BLOCKED');
    expect(a.disclosure.failedRules).toEqual(rules);
    expect(a.total).toBeNull();
    expect(a.groups).toEqual([]);
    expect(a.unlistedCount).toBeNull();
    for (const n of a.nonResponse) expect(n.count).toBeNull();
  };

  describe('CLASSIFICATION', () => {
    it('blocks a range that is not one public age class, before any statement runs', async () => {
      const { answer, statements } = await askCounting('respondentStats', `filter: { ${FRAME}, ageMin: 23 }, groupBy: [SEX]`);
      expectBlocked(answer, ['CLASSIFICATION']);
      expect(statements).toBe(0);
      expect(answer.disclosure.suggestion).toBe(
        'ageMin 23: a public table filters on one public age class (0-17, 18-24, 25-34, 35-44, 45-59 or 60-120); group by AGE_BAND to see several; a partner key allows any range.',
      );
    });

    it('blocks a range of several classes, even on class boundaries: two nested unions differ by one class', async () => {
      // The hole the patient attacker found: {base, ageMax: 44} - {base, ageMax: 34} is the 35-44
      // class of the base, a different pair for every other end.
      for (const range of ['ageMin: 25, ageMax: 44', 'ageMax: 44', 'ageMin: 35']) {
        const { answer, statements } = await askCounting('respondentStats', `filter: { ${FRAME}, ${range} }`);
        expectBlocked(answer, ['CLASSIFICATION']);
        expect(statements).toBe(0);
      }
      expectBlocked(await ask('childStats', `filter: { ${FRAME}, ageMin: 0, ageMax: 5 }`), ['CLASSIFICATION']);
    });

    it('says the same in Spanish', async () => {
      const a = await ask('respondentStats', `filter: { ${FRAME}, ageMax: 30 }, lang: ES`);
      expect(a.disclosure.suggestion).toBe(
        'ageMax 30: una tabla pública filtra por una sola clase pública de edad (0-17, 18-24, 25-34, 35-44, 45-59 o 60-120); agrupe por AGE_BAND para ver varias; una clave de socio permite cualquier rango.',
      );
    });

    it('checks the nested respondent filter, the child age classes (split at 3) and the travelling group size bands', async () => {
      const nested = await askCounting('childStats', `filter: { ${FRAME}, respondent: { ageMin: 30 } }`);
      expectBlocked(nested.answer, ['CLASSIFICATION']);
      expect(nested.statements).toBe(0);
      expect(nested.answer.disclosure.suggestion).toMatch(/^respondent\.ageMin 30: /);
      expectBlocked(await ask('childStats', `filter: { ${FRAME}, ageMin: 4 }`), ['CLASSIFICATION']);
      expectBlocked(await ask('householdStats', `filter: { ${FRAME}, travellingSizeMax: 3 }`), ['CLASSIFICATION']);
    });

    it('publishes one class, a reporting range or the whole field, with the counts of the raw rows', async () => {
      const adults = await ask('respondentStats', `filter: { ${FRAME}, ageMin: 25, ageMax: 34 }`);
      expect(adults.disclosure.status).toBe('PUBLISHED');
      expect(adults.total).toBe(published(respondentUnits.filter((u) => Number(u.r.age) >= 25 && Number(u.r.age) <= 34)));
      const oldest = await ask('respondentStats', `filter: { ${FRAME}, ageMin: 60 }`);
      const sixtyPlus = respondentUnits.filter((u) => Number(u.r.age) >= 60);
      expect(oldest.total).toBe(sixtyPlus.length >= K ? published(sixtyPlus) : null);
      const everyone = await ask('respondentStats', `filter: { ${FRAME}, ageMin: 0, ageMax: 120 }`);
      expect(everyone.total).toBe(published(respondentUnits));
      const schoolAge = await ask('childStats', `filter: { ${FRAME}, ageMin: 3 }`);
      expect(schoolAge.total).toBe(published(childUnits.filter((u) => Number(u.c!.age) >= 3)));

      const initialEducation = await ask('childStats', `filter: { ${FRAME}, ageMin: 3, ageMax: 5 }`);
      const threeToFive = childUnits.filter((u) => Number(u.c!.age) >= 3 && Number(u.c!.age) <= 5);
      expect(initialEducation.disclosure.status).toBe(threeToFive.length >= K ? 'PUBLISHED' : 'BLOCKED');
      expect(initialEducation.total).toBe(published(threeToFive));

      const groups = await ask('householdStats', `filter: { ${FRAME}, travellingSizeMin: 3, travellingSizeMax: 4 }`);
      expect(groups.disclosure.status).not.toBe('BLOCKED');
      expect(groups.total).toBe(published(householdUnits.filter((u) => Number(u.h!.travelling_size) >= 3 && Number(u.h!.travelling_size) <= 4)));
    });

    it('leaves partners free ranges, with exact counts', async () => {
      const a = await ask('respondentStats', `filter: { ${FRAME}, ageMin: 23, ageMax: 31 }`, 'partner');
      expect(a.disclosure).toMatchObject({ method: 'EXACT', status: 'PUBLISHED', failedRules: [], suggestion: null, blockedAreas: [] });
      expect(a.total).toBe(respondentUnits.filter((u) => Number(u.r.age) >= 23 && Number(u.r.age) <= 31).length);
    });
  });

  describe('MAX_VARIABLES', () => {
    it('blocks a table of 5 variables beyond country and round before any statement runs, naming them', async () => {
      const { answer, statements } = await askCounting(
        'respondentStats',
        `filter: { ${FRAME}, sex: FEMALE, nationality: "VEN", educationLevel: SECONDARY }, groupBy: [SURVEY_POINT, MARITAL_STATUS]`,
      );
      expectBlocked(answer, ['MAX_VARIABLES']);
      expect(statements).toBe(0);
      expect(answer.disclosure.variables).toBe(5);
      expect(answer.disclosure.suggestion).toBe(
        'The table combines 5 variables beyond country and round (sex, nationality, educationLevel, SURVEY_POINT, MARITAL_STATUS); a public table combines at most 4: drop a filter or a grouping, or use a partner key.',
      );
    });

    it('publishes a table of 4 variables', async () => {
      const a = await ask('respondentStats', `filter: { ${FRAME}, sex: FEMALE, nationality: "VEN" }, groupBy: [SURVEY_POINT, MARITAL_STATUS]`);
      expect(a.disclosure.variables).toBe(4);
      expect(a.disclosure.status).not.toBe('BLOCKED');
      expect(a.total).toBe(published(respondentUnits.filter((u) => u.r.sex === 'female' && u.r.nationality.toUpperCase() === 'VEN')));
    });

    it('counts a question filtered and grouped once, a range once, and the nested respondent filter and the child status too', async () => {
      expect((await ask('respondentStats', `filter: { ${FRAME}, sex: FEMALE, ageMin: 25, ageMax: 34 }, groupBy: [SEX, COUNTRY, ROUND]`)).disclosure.variables).toBe(2);
      // The respondent's sex and age, the child's status, the child's sex and age band: five.
      const children = await askCounting(
        'childStats',
        `filter: { ${FRAME}, status: TRAVELLING, respondent: { sex: FEMALE, ageMin: 25, ageMax: 34 } }, groupBy: [SEX, AGE_BAND]`,
      );
      expectBlocked(children.answer, ['MAX_VARIABLES']);
      expect(children.answer.disclosure.variables).toBe(5);
      expect(children.statements).toBe(0);
    });

    it('reports both rules when both fail', async () => {
      const a = await ask('respondentStats', `filter: { ${FRAME}, ageMin: 23, sex: FEMALE, nationality: "VEN", educationLevel: SECONDARY, discriminated: true }`);
      expectBlocked(a, ['CLASSIFICATION', 'MAX_VARIABLES']);
    });
  });

  describe('THRESHOLD', () => {
    it('blocks a table of a few units exactly as one of none', async () => {
      const lima = respondentUnits.filter((u) => u.r.survey_point === 'lima_terminal');
      expect(lima.length).toBeGreaterThan(0);
      expect(lima.length).toBeLessThan(K);
      const few = await ask('respondentStats', `filter: { ${FRAME}, surveyPoint: "lima_terminal" }, groupBy: [SEX]`);
      const none = await ask('respondentStats', `filter: { ${FRAME}, surveyPoint: "nowhere" }, groupBy: [SEX]`);
      expectBlocked(few, ['THRESHOLD']);
      expect(few.disclosure.suggestion).toBe('Fewer than 5 units match; widen the filter.');
      expect(none).toEqual(few);
    });
  });

  describe('SPARSITY', () => {
    /**
     * The rule as docs/aggregation.md states it, from the raw rows: per survey point, the published
     * counts of its listed groups against the published count of the point's own units.
     */
    function documentedAreas(dims: string[]) {
      const exact = expectedStats(respondentUnits, dims);
      const areas = new Map<string, { units: Unit[]; listed: number; groups: { codes: (string | null)[]; count: number }[] }>();
      for (const g of exact.groups) {
        const area = String(g.codes[0]);
        const members = membersOf(respondentUnits, dims, g.codes);
        const a = areas.get(area) ?? { units: [], listed: 0, groups: [] };
        a.units.push(...members);
        const count = documentedCount(members.length, keySum(members), K);
        if (count !== null) {
          a.listed += count;
          a.groups.push({ codes: g.codes, count });
        }
        areas.set(area, a);
      }
      const own = (code: string) => published(areas.get(code)!.units);
      const blocked = [...areas.keys()].filter((code) => own(code) !== null && areas.get(code)!.listed < 0.5 * own(code)!);
      const passing = [...areas.keys()].filter((code) => own(code) !== null && !blocked.includes(code));
      return { areas, blocked, passing };
    }

    it('blocks and names the sparse survey points and lists the dense ones (PARTIAL)', async () => {
      const dims = ['SURVEY_POINT', 'SEX', 'EDUCATION'];
      const expected = documentedAreas(dims);
      // By hand: north_gate has 14 of its 34 respondents in groups of 5 or more, south_gate 17 of 24.
      expect(expected.blocked).toEqual(['north_gate']);
      expect(expected.passing).toEqual(['south_gate']);
      const a = await ask('respondentStats', `filter: { ${FRAME} }, groupBy: [${dims.join(', ')}]`);
      expect(a.disclosure.status).toBe('PARTIAL');
      expect(a.disclosure.failedRules).toEqual(['SPARSITY']);
      expect(a.disclosure.blockedAreas).toEqual([{ dimension: 'SURVEY_POINT', code: 'north_gate' }]);
      expect(a.disclosure.suggestion).toMatch(/use the admin-1 area \(SURVEY_POINT_REGION\) instead of the survey point/);
      expect(a.groups.map((g) => [codesOf(g), g.count]).sort()).toEqual(expected.areas.get('south_gate')!.groups.map((g) => [JSON.stringify(g.codes), g.count]).sort());
      expect(a.total).toBe(published(respondentUnits));
    });

    it('blocks the whole table when no area passes', async () => {
      const dims = ['SURVEY_POINT', 'AGE_BAND', 'EDUCATION'];
      const expected = documentedAreas(dims);
      expect(expected.passing).toEqual([]);
      expect(expected.blocked.length).toBeGreaterThan(0);
      const a = await ask('respondentStats', `filter: { ${FRAME} }, groupBy: [${dims.join(', ')}]`);
      expectBlocked(a, ['SPARSITY']);
    });

    it('treats a table without an area dimension as one area', async () => {
      const a = await ask('respondentStats', `filter: { ${FRAME} }, groupBy: [AGE_BAND, EDUCATION]`);
      // By hand from the raw rows: which units sit in (age band, education) groups of 5 or more.
      const exact = expectedStats(respondentUnits, ['AGE_BAND', 'EDUCATION']);
      const listed = exact.groups
        .map((g) => documentedCount(g.count, keySum(membersOf(respondentUnits, ['AGE_BAND', 'EDUCATION'], g.codes)), K))
        .reduce<number>((s, c) => s + (c ?? 0), 0);
      const sparse = listed < 0.5 * published(respondentUnits)!;
      expect(a.disclosure.status).toBe(sparse ? 'BLOCKED' : 'PUBLISHED');
      expect(a.disclosure.blockedAreas).toEqual([]);
    });

    it('shows partners every group of every area', async () => {
      const dims = ['SURVEY_POINT', 'SEX', 'EDUCATION'];
      const a = await ask('respondentStats', `filter: { ${FRAME} }, groupBy: [${dims.join(', ')}]`, 'partner');
      expect(a.disclosure).toEqual({ method: 'EXACT', status: 'PUBLISHED', failedRules: [], suggestion: null, blockedAreas: [], variables: 3 });
      expect(a.groups.map((g) => [codesOf(g), g.count]).sort()).toEqual(expectedStats(respondentUnits, dims).groups.map((g) => [JSON.stringify(g.codes), g.count]).sort());
      expect(a.unlistedCount).toBe(0);
    });
  });

  describe('UNLISTED', () => {
    it('publishes the units of unlisted groups as a perturbed count of its own', async () => {
      const dims = ['SURVEY_POINT', 'MARITAL_STATUS'];
      const a = await ask('respondentStats', `filter: { ${FRAME} }, groupBy: [${dims.join(', ')}]`);
      expect(a.disclosure.status).toBe('PUBLISHED');
      const small = expectedStats(respondentUnits, dims).groups.filter((g) => g.count < K);
      const members = small.flatMap((g) => membersOf(respondentUnits, dims, g.codes));
      // By hand: 1 respondent of north_gate, 6 of south_gate and lima_terminal's 4 sit in groups below 5.
      expect(members).toHaveLength(11);
      expect(a.unlistedCount).toBe(documentedCount(members.length, keySum(members), K));
      expect(Math.abs(a.unlistedCount! - members.length)).toBeLessThanOrEqual(2);
    });

    it('counts the units of blocked areas as unlisted', async () => {
      const dims = ['SURVEY_POINT', 'SEX', 'EDUCATION'];
      const a = await ask('respondentStats', `filter: { ${FRAME} }, groupBy: [${dims.join(', ')}]`);
      const listedCodes = new Set(a.groups.map(codesOf));
      const unlisted = expectedStats(respondentUnits, dims)
        .groups.filter((g) => !listedCodes.has(JSON.stringify(g.codes)))
        .flatMap((g) => membersOf(respondentUnits, dims, g.codes));
      expect(unlisted.filter((u) => KEY.SURVEY_POINT(u) === 'north_gate')).toHaveLength(34);
      expect(a.unlistedCount).toBe(documentedCount(unlisted.length, keySum(unlisted), K));
    });

    it('is null when fewer than k units are unlisted (none included)', async () => {
      const exact = expectedStats(respondentUnits, ['SEX']);
      expect(exact.groups.every((g) => g.count >= K)).toBe(true);
      expect((await ask('respondentStats', `filter: { ${FRAME} }, groupBy: [SEX]`)).unlistedCount).toBeNull();
    });
  });

  describe('the place fields', () => {
    it('follow the rules: a place some respondents head to is published, a place none head to is blocked like a small one', async () => {
      const res = await t.exec(`{
        lima: location(pcode: "PE15") { destinationRespondents { total unlistedCount disclosure { status variables } } }
        colombia: location(pcode: "COL") { destinationRespondents { total groups { count } disclosure { status failedRules } } } }`);
      expect(res.errors).toBeUndefined();
      const lima = respondentUnits.filter((u) => u.r.destination_region === 'PE15');
      expect(res.data!.lima.destinationRespondents).toEqual({
        total: published(lima),
        unlistedCount: null,
        disclosure: { status: 'PUBLISHED', variables: 1 },
      });
      expect(respondentUnits.filter((u) => u.r.destination_country === 'COL')).toHaveLength(0);
      expect(res.data!.colombia.destinationRespondents).toEqual({ total: null, groups: [], disclosure: { status: 'BLOCKED', failedRules: ['THRESHOLD'] } });
    });
  });

  describe('the CSV export', () => {
    let base: string;
    beforeAll(async () => {
      base = await t.listen();
    });

    it('answers 403 with the failed rule and the suggestion for a BLOCKED table, and is never stored', async () => {
      const res = await fetch(`${base}/export/respondentStats.csv?country=PER&round=${FIXTURE_ROUND}&ageMin=23&groupBy=SEX`);
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(JSON.parse(await res.text()).errors[0]).toEqual({
        message:
          'This table is not published for public callers: it fails the disclosure rule CLASSIFICATION. ageMin 23: a public table filters on one public age class (0-17, 18-24, 25-34, 35-44, 45-59 or 60-120); group by AGE_BAND to see several; a partner key allows any range.',
        extensions: { code: 'FORBIDDEN' },
      });
    });

    it('repeats the unlisted count and the status on every row of a published table', async () => {
      const res = await fetch(`${base}/export/respondentStats.csv?round=${FIXTURE_ROUND}&groupBy=SURVEY_POINT,MARITAL_STATUS`);
      expect(res.status).toBe(200);
      const [header, hxl, ...rows] = parse(await res.text(), { bom: true }) as string[][];
      expect(header.slice(-4)).toEqual(['Total respondents (base of the share)', 'Unlisted', 'Disclosure control', 'Disclosure status']);
      expect(hxl.slice(-4)).toEqual(['#indicator+num+ind+total', '#indicator+num+ind+unlisted', '#meta+disclosure', '#meta+disclosure+status']);
      const dims = ['SURVEY_POINT', 'MARITAL_STATUS'];
      const small = expectedStats(respondentUnits, dims).groups.filter((g) => g.count < K).flatMap((g) => membersOf(respondentUnits, dims, g.codes));
      for (const row of rows) expect(row.slice(-3)).toEqual([String(documentedCount(small.length, keySum(small), K)), 'CELL_KEY', 'PUBLISHED']);
    });

    it('says it in Spanish with lang=es, and gives partners the table', async () => {
      const es = await fetch(`${base}/export/respondentStats.csv?round=${FIXTURE_ROUND}&surveyPoint=lima_terminal&lang=es`);
      expect(es.status).toBe(403);
      expect(JSON.parse(await es.text()).errors[0].message).toBe(
        'Esta tabla no se publica para el público: no cumple la regla de divulgación THRESHOLD. Menos de 5 unidades coinciden con el filtro; amplíe el filtro.',
      );
      const partner = await fetch(`${base}/export/respondentStats.csv?round=${FIXTURE_ROUND}&surveyPoint=lima_terminal`, { headers: { authorization: `Bearer ${PARTNER_KEY}` } });
      expect(partner.status).toBe(200);
    });
  });
});

describe('Aggregation: disclosurePolicy lists every rule and setting', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ bundles: [FIXTURE], env: { DISCLOSURE_MIN_CELL: '7', DISCLOSURE_MAX_VARIABLES: '3', DISCLOSURE_MIN_LISTED_SHARE: '0.6' } });
  });
  afterAll(() => t.close());

  it('gives the settings of the environment, the classifications and one entry per rule', async () => {
    const res = await t.exec(`{ disclosurePolicy {
      method threshold medianThreshold maxPerturbation maxVariables minListedShare areaDimensions exactAccess
      classifications { filterInput minField maxField label ranges { min max } dimension }
      rules { rule setting value description } } }`);
    expect(res.errors).toBeUndefined();
    const p = res.data!.disclosurePolicy;
    expect(p).toMatchObject({
      method: 'CELL_KEY',
      threshold: 7,
      medianThreshold: 28,
      maxPerturbation: 2,
      maxVariables: 3,
      minListedShare: 0.6,
      areaDimensions: ['COUNTRY', 'SURVEY_POINT', 'SURVEY_POINT_REGION'],
    });
    expect(p.classifications).toEqual([
      { filterInput: 'RespondentFilter', minField: 'ageMin', maxField: 'ageMax', label: 'Age', ranges: [{ min: 0, max: 17 }, { min: 18, max: 24 }, { min: 25, max: 34 }, { min: 35, max: 44 }, { min: 45, max: 59 }, { min: 60, max: 120 }], dimension: 'AGE_BAND' },
      { filterInput: 'HouseholdFilter', minField: 'travellingSizeMin', maxField: 'travellingSizeMax', label: 'Size of the travelling group', ranges: [{ min: 1, max: 1 }, { min: 2, max: 2 }, { min: 3, max: 4 }, { min: 5, max: 50 }], dimension: 'TRAVELLING_GROUP_SIZE' },
      // The child classes: the AGE_BAND bands split at 3, and 3-17, the reporting range of the schooling figures.
      { filterInput: 'ChildFilter', minField: 'ageMin', maxField: 'ageMax', label: 'Age', ranges: [{ min: 0, max: 2 }, { min: 3, max: 5 }, { min: 6, max: 11 }, { min: 12, max: 17 }, { min: 3, max: 17 }], dimension: 'AGE_BAND' },
    ]);
    expect(p.rules.map((r: { rule: string; setting: string | null; value: number | null }) => [r.rule, r.setting, r.value])).toEqual([
      ['CLASSIFICATION', null, null],
      ['MAX_VARIABLES', 'DISCLOSURE_MAX_VARIABLES', 3],
      ['THRESHOLD', 'DISCLOSURE_MIN_CELL', 7],
      ['SPARSITY', 'DISCLOSURE_MIN_LISTED_SHARE', 0.6],
    ]);
    for (const r of p.rules) expect(r.description.length).toBeGreaterThan(40);
    expect(p.exactAccess).toMatch(/exact values/);
  });

  it('is public and cacheable: a GET answers with a public max-age', async () => {
    const base = await t.listen();
    const res = await fetch(`${base}/graphql?query=${encodeURIComponent('{ disclosurePolicy { threshold maxVariables } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(((await res.json()) as { data: unknown }).data).toEqual({ disclosurePolicy: { threshold: 7, maxVariables: 3 } });
  });

  it('answers in Spanish', async () => {
    const res = await t.exec('{ disclosurePolicy(lang: ES) { exactAccess classifications { label } rules { description } } }');
    expect(res.data!.disclosurePolicy.exactAccess).toMatch(/valores exactos/);
    expect(res.data!.disclosurePolicy.classifications[0].label).toBe('Edad');
  });

  it('applies the settings it lists: 4 variables are over a limit of 3, and k is 7', async () => {
    const res = await t.exec(
      `{ s: respondentStats(filter: { ${FRAME}, sex: FEMALE, nationality: "VEN" }, groupBy: [SURVEY_POINT, MARITAL_STATUS]) { total disclosure { status failedRules threshold } } }`,
    );
    expect(res.data!.s).toEqual({ total: null, disclosure: { status: 'BLOCKED', failedRules: ['MAX_VARIABLES'], threshold: 7 } });
  });
});
