import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isInterfaceType } from 'graphql';
import { buildHubSchema } from '../../src/schema/build-schema';
import { SEEDS_DIR } from '../../src/provisioning/seed-database';
import { seedRows } from '../support/csv';
import { startTestHub, TestHub } from '../support/hub';

const round4 = JSON.parse(readFileSync(path.join(SEEDS_DIR, 'per-round-4', 'round.json'), 'utf8')) as {
  surveyPoints: { code: string; name: string }[];
};

const NODE_FIELDS = `
  __typename id
  ... on Round { number }
  ... on SurveyPoint { code name }
  ... on Location { pcode name }
  ... on Respondent { age sex }
  ... on Household { travellingSize }
  ... on Child { age status }`;

describe('API: Relay node lookup over the seeded rounds', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
  });
  afterAll(() => t.close());

  it('is implemented by exactly the types whose ids cannot be mistaken for another type', async () => {
    const schema = await buildHubSchema();
    const node = schema.getType('Node');
    expect(isInterfaceType(node)).toBe(true);
    const implementers = schema.getPossibleTypes(node as never).map((type) => type.name).sort();
    expect(implementers).toEqual(['Child', 'Household', 'Location', 'Respondent', 'Round', 'SurveyPoint']);
  });

  it('gives public callers rounds, survey points and locations by id', async () => {
    const tumbes = round4.surveyPoints.find((p) => p.code === 'cebaf_tumbes')!;
    const res = await t.exec(
      `{ nodes(ids: ["Round:PER-4", "SurveyPoint:PER-4:cebaf_tumbes", "Location:PER", "Location:PE24"]) { ${NODE_FIELDS} } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.nodes).toEqual([
      { __typename: 'Round', id: 'Round:PER-4', number: 4 },
      { __typename: 'SurveyPoint', id: 'SurveyPoint:PER-4:cebaf_tumbes', code: 'cebaf_tumbes', name: tumbes.name },
      { __typename: 'Location', id: 'Location:PER', pcode: 'PER', name: 'Peru' },
      { __typename: 'Location', id: 'Location:PE24', pcode: 'PE24', name: 'Tumbes' },
    ]);
  });

  it('still finds the objects of the untagged ids of the previous release, and answers with tagged ids', async () => {
    const res = await t.exec(`{ nodes(ids: ["PER-4", "PER-4:cebaf_tumbes", "PER", "PE24"]) { __typename id } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.nodes).toEqual([
      { __typename: 'Round', id: 'Round:PER-4' },
      { __typename: 'SurveyPoint', id: 'SurveyPoint:PER-4:cebaf_tumbes' },
      { __typename: 'Location', id: 'Location:PER' },
      { __typename: 'Location', id: 'Location:PE24' },
    ]);
  });

  it('finds an ISO 3166-2 area by its tagged id, which the untagged location shape (letters and digits) never matched', async () => {
    const res = await t.exec('{ tagged: node(id: "Location:CO-ANT") { id ... on Location { pcode level } } untagged: node(id: "CO-ANT") { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ tagged: { id: 'Location:CO-ANT', pcode: 'CO-ANT', level: 'ADMIN1' }, untagged: null });
  });

  it('keeps the untagged id of each type in its deprecated legacyId field', async () => {
    const res = await t.exec(
      `{ round(country: "PER", number: 4) { id legacyId surveyPoints { id legacyId }
           respondents(first: 1) { edges { node { id legacyId household { id legacyId children { id legacyId } } } } } } }`,
      undefined,
      'partner',
    );
    expect(res.errors).toBeUndefined();
    const round = res.data!.round;
    expect([round.id, round.legacyId]).toEqual(['Round:PER-4', 'PER-4']);
    expect(round.surveyPoints).toContainEqual({ id: 'SurveyPoint:PER-4:cebaf_tumbes', legacyId: 'PER-4:cebaf_tumbes' });
    const respondent = round.respondents.edges[0].node;
    const household = seedRows(4, 'households').find((h) => h.respondent_id === 'r4-00001')!;
    expect(respondent).toMatchObject({ id: 'Respondent:PER-4:r4-00001', legacyId: 'PER-4:r4-00001' });
    expect(respondent.household).toMatchObject({ id: `Household:PER-4:${household.household_id}`, legacyId: `PER-4:${household.household_id}` });
    for (const c of respondent.household.children) expect(c.id).toBe(`Child:${c.legacyId}`);
  });

  it('answers null for ids that name nothing, in place', async () => {
    const res = await t.exec(
      `{ a: node(id: "PER-9") { id } b: node(id: "XX99") { id } c: node(id: "not an id") { id } d: node(id: "Round:PER-9") { id }
         e: node(id: "Location:XX99") { id } f: node(id: "SurveyPoint:PER-4:nowhere") { id } nodes(ids: ["Round:PER-4", "Round:PER-77"]) { id } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ a: null, b: null, c: null, d: null, e: null, f: null, nodes: [{ id: 'Round:PER-4' }, null] });
  });

  it('refuses an id whose prefix is no type with BAD_USER_INPUT naming the value and the types', async () => {
    const res = await t.exec('{ node(id: "Person:PER-4:r4-00001") { id } }', undefined, 'partner');
    expect(res.data).toEqual({ node: null });
    expect(res.errors!.map((e) => [e.extensions!.code, e.extensions!.argument])).toEqual([['BAD_USER_INPUT', 'id']]);
    expect(res.errors![0].message).toBe(
      'id: "Person:PER-4:r4-00001" is not allowed; "Person" is not a type with ids: an id starts with its type and a colon, ' +
        'one of Round, SurveyPoint, Location, Respondent, Household, Child (e.g. `Respondent:PER-4:r4-00001`).',
    );
    // Type names are matched exactly: a lower-case prefix is no type either.
    const list = await t.exec('{ nodes(ids: ["Round:PER-4", "respondent:PER-4:r4-00001"]) { id } }', undefined, 'partner');
    expect(list.data).toEqual({ nodes: [{ id: 'Round:PER-4' }, null] });
    expect(list.errors!.map((e) => [e.extensions!.code, (e as { path?: unknown[] }).path])).toEqual([['BAD_USER_INPUT', ['nodes', 1]]]);
    expect(list.errors![0].message).toContain('"respondent" is not a type with ids');
  });

  it('refuses public callers a respondent, household or child id with FORBIDDEN and no data, tagged or not', async () => {
    const respondent = seedRows(4, 'respondents')[0];
    const household = seedRows(4, 'households')[0];
    const child = seedRows(4, 'children')[0];
    const ids = [
      `Respondent:PER-4:${respondent.respondent_id}`,
      `Household:PER-4:${household.household_id}`,
      `Child:PER-4:${child.child_id}`,
      `PER-4:${respondent.respondent_id}`,
      `PER-4:${household.household_id}`,
      `PER-4:${child.child_id}`,
    ];
    for (const id of ids) {
      const res = await t.exec(`query ($id: ID!) { node(id: $id) { ${NODE_FIELDS} } }`, { id });
      expect(res.data).toEqual({ node: null });
      expect(res.errors!.map((e) => e.extensions!.code)).toEqual(['FORBIDDEN']);
      expect(res.errors![0].message).toContain('needs a partner key');
    }
  });

  it('refuses a public caller a tagged row-level id without reading any table', async () => {
    t.statements.reset();
    const res = await t.exec('{ node(id: "Respondent:PER-4:r4-00001") { id } }');
    expect(res.errors!.map((e) => e.extensions!.code)).toEqual(['FORBIDDEN']);
    expect(t.statements.count).toBe(0);
  });

  it('refuses an id that names no row exactly as one that does, so public callers learn nothing about which exist', async () => {
    for (const prefix of ['', 'Respondent:']) {
      const existing = await t.exec(`{ node(id: "${prefix}PER-4:${seedRows(4, 'respondents')[0].respondent_id}") { id } }`);
      const missing = await t.exec(`{ node(id: "${prefix}PER-4:no-such-respondent") { id } }`);
      const renamed = existing.errors!.map((e) => ({ ...e, message: e.message.replace(/"[^"]*PER-4:[^"]+"/, `"${prefix}PER-4:no-such-respondent"`) }));
      expect(missing).toEqual({ ...existing, errors: renamed });
    }
  });

  it('gives partners respondents, households and children by id, with the values of the seed rows', async () => {
    const respondent = seedRows(4, 'respondents')[5];
    const household = seedRows(4, 'households')[5];
    const child = seedRows(4, 'children')[5];
    const ids = [
      `Respondent:PER-4:${respondent.respondent_id}`,
      `Household:PER-4:${household.household_id}`,
      `Child:PER-4:${child.child_id}`,
    ];
    const expected = [
      { __typename: 'Respondent', id: ids[0], age: Number(respondent.age), sex: respondent.sex.toUpperCase() },
      { __typename: 'Household', id: ids[1], travellingSize: Number(household.travelling_size) },
      { __typename: 'Child', id: ids[2], age: Number(child.age), status: child.status.toUpperCase() },
    ];
    const res = await t.exec(`query ($ids: [ID!]!) { nodes(ids: $ids) { ${NODE_FIELDS} } }`, { ids }, 'partner');
    expect(res.errors).toBeUndefined();
    expect(res.data!.nodes).toEqual(expected);
    // The same rows by the untagged ids of the previous release.
    const untagged = [`PER-4:${respondent.respondent_id}`, `PER-4:${household.household_id}`, `PER-4:${child.child_id}`];
    const old = await t.exec(`query ($ids: [ID!]!) { nodes(ids: $ids) { ${NODE_FIELDS} } }`, { ids: untagged }, 'partner');
    expect(old.errors).toBeUndefined();
    expect(old.data!.nodes).toEqual(expected);
  });

  it('gives partners the type-specific queries by tagged and untagged id, and refuses an id of another type', async () => {
    const res = await t.exec(
      `{ a: respondent(id: "Respondent:PER-4:r4-00001") { id code } b: respondent(id: "PER-4:r4-00001") { id }
         c: household(id: "Household:PER-4:h4-00001") { id } d: child(id: "Child:PER-4:c4-00001") { id } e: child(id: "PER-4:c4-00001") { id } }`,
      undefined,
      'partner',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      a: { id: 'Respondent:PER-4:r4-00001', code: 'r4-00001' },
      b: { id: 'Respondent:PER-4:r4-00001' },
      c: { id: 'Household:PER-4:h4-00001' },
      d: { id: 'Child:PER-4:c4-00001' },
      e: { id: 'Child:PER-4:c4-00001' },
    });
    const wrong = await t.exec('{ respondent(id: "Household:PER-4:h4-00001") { id } }', undefined, 'partner');
    expect(wrong.data).toEqual({ respondent: null });
    expect(wrong.errors!.map((e) => e.extensions!.code)).toEqual(['BAD_USER_INPUT']);
    expect(wrong.errors![0].message).toBe(
      'id: "Household:PER-4:h4-00001" is not allowed; it is a Household id; this argument takes Respondent ids (`Respondent:...`).',
    );
  });

  it('refuses only the row-level items of a public nodes list, each at its own position', async () => {
    const respondentId = `Respondent:PER-4:${seedRows(4, 'respondents')[0].respondent_id}`;
    const res = await t.exec(`{ nodes(ids: ["Round:PER-4", "${respondentId}", "SurveyPoint:PER-4:santa_rosa_tacna"]) { id } }`);
    expect(res.data).toEqual({ nodes: [{ id: 'Round:PER-4' }, null, { id: 'SurveyPoint:PER-4:santa_rosa_tacna' }] });
    expect(res.errors!.map((e) => [e.extensions!.code, (e as { path?: unknown[] }).path])).toEqual([['FORBIDDEN', ['nodes', 1]]]);
  });

  it('fetches again by id every object other queries return (the id round-trips for each type)', async () => {
    const listed = await t.exec(
      `{ round(country: "PER", number: 4) { id surveyPoints { id admin1 { id } }
           respondents(first: 3) { edges { node { id household { id children { id } } } } } } }`,
      undefined,
      'partner',
    );
    expect(listed.errors).toBeUndefined();
    const r = listed.data!.round;
    const pairs: [string, string][] = [['Round', r.id]];
    for (const p of r.surveyPoints) pairs.push(['SurveyPoint', p.id], ['Location', p.admin1.id]);
    for (const { node } of r.respondents.edges) {
      pairs.push(['Respondent', node.id], ['Household', node.household.id]);
      for (const c of node.household.children) pairs.push(['Child', c.id]);
    }
    expect(new Set(pairs.map((p) => p[0]))).toEqual(new Set(['Round', 'SurveyPoint', 'Location', 'Respondent', 'Household', 'Child']));
    const res = await t.exec('query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', { ids: pairs.map((p) => p[1]) }, 'partner');
    expect(res.errors).toBeUndefined();
    expect(res.data!.nodes).toEqual(pairs.map(([type, id]) => ({ __typename: type, id })));
  });

  it('gives the seed rounds untagged ids that no two objects share, so the previous release\'s lookup finds one object each', () => {
    const ids = [
      'PER-4',
      ...round4.surveyPoints.map((p) => `PER-4:${p.code}`),
      ...seedRows(4, 'respondents').map((r) => `PER-4:${r.respondent_id}`),
      ...seedRows(4, 'households').map((h) => `PER-4:${h.household_id}`),
      ...seedRows(4, 'children').map((c) => `PER-4:${c.child_id}`),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('looks up a list of tagged ids with one statement per type, reading only the table of each', async () => {
    const ids = seedRows(4, 'respondents').slice(0, 100).map((r) => `Respondent:PER-4:${r.respondent_id}`);
    t.statements.reset();
    const res = await t.exec('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids }, 'partner');
    expect(res.errors).toBeUndefined();
    expect(res.data!.nodes).toEqual(ids.map((id) => ({ id })));
    expect(t.statements.count).toBe(1);
    expect(t.statements.statements[0]).toMatch(/\bFROM "respondent"/);
    t.statements.reset();
    const one = await t.exec('{ node(id: "SurveyPoint:PER-4:cebaf_tumbes") { id } }', undefined, 'partner');
    expect(one.data).toEqual({ node: { id: 'SurveyPoint:PER-4:cebaf_tumbes' } });
    expect(t.statements.statements).toHaveLength(1);
    expect(t.statements.statements[0]).toMatch(/\bFROM "survey_point"/);
  });

  it('looks up a list of untagged row-level ids as before: one statement for each of the four types they may be', async () => {
    const ids = seedRows(4, 'respondents').slice(0, 100).map((r) => `PER-4:${r.respondent_id}`);
    t.statements.reset();
    const res = await t.exec('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids }, 'partner');
    expect(res.errors).toBeUndefined();
    expect(res.data!.nodes).toHaveLength(100);
    // survey point, respondent, household and child by id: one batched statement each.
    expect(t.statements.count).toBe(4);
  });

  it('refuses more than 500 ids in one nodes request', async () => {
    const ids = Array.from({ length: 501 }, (_, i) => `Round:PER-${i + 1}`);
    const res = await t.exec('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(res.errors!.map((e) => e.extensions!.code)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].message).toBe('nodes(ids:): 501 ids were asked for; at most 500 are allowed per request.');
  });
});

describe('API: node lookup when a bundle gave two rows the same code', () => {
  let t: TestHub;
  let dir: string;
  beforeAll(async () => {
    // The import rules only ask for ids unique within each file: household h1 renamed r1 is valid,
    // and then shares the id PER-7:r1 with respondent r1.
    dir = mkdtempSync(path.join(tmpdir(), 'dtm-node-'));
    const bundle = path.join(dir, 'bundle');
    cpSync(path.join(__dirname, '../import/fixtures/valid-round'), bundle, { recursive: true });
    for (const file of ['households.csv', 'children.csv']) {
      const p = path.join(bundle, file);
      writeFileSync(p, readFileSync(p, 'utf8').replace(/\bh1\b/g, 'r1'));
    }
    t = await startTestHub({ bundles: [bundle] });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says which types share an untagged id instead of answering one of them', async () => {
    const res = await t.exec('{ node(id: "PER-7:r1") { id } }', undefined, 'partner');
    expect(res.data).toEqual({ node: null });
    expect(res.errors!.map((e) => [e.extensions!.code, e.extensions!.types])).toEqual([['AMBIGUOUS_ID', ['Respondent', 'Household']]]);
    expect(res.errors![0].message).toContain('"Respondent:PER-7:r1"');
    const other = await t.exec('{ node(id: "PER-7:r2") { __typename id } }', undefined, 'partner');
    expect(other.errors).toBeUndefined();
    expect(other.data).toEqual({ node: { __typename: 'Respondent', id: 'Respondent:PER-7:r2' } });
  });

  it('answers each of the two rows by its tagged id, which no two objects share', async () => {
    const res = await t.exec(
      `{ r: node(id: "Respondent:PER-7:r1") { __typename id } h: node(id: "Household:PER-7:r1") { __typename id ... on Household { travellingSize } } }`,
      undefined,
      'partner',
    );
    expect(res.errors).toBeUndefined();
    // households.csv of the fixture: h1 (here r1) travels as 3.
    expect(res.data).toEqual({
      r: { __typename: 'Respondent', id: 'Respondent:PER-7:r1' },
      h: { __typename: 'Household', id: 'Household:PER-7:r1', travellingSize: 3 },
    });
  });
});
