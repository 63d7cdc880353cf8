import { startTestHub, TestHub } from '../support/hub';

/**
 * Every path that returns respondents, households or children reads them with one statement
 * (src/common/row-page.ts), nested households and children joined in, whichever field asks: the
 * root connection, the connection under a round or a survey point, or `node(id:)`/`nodes(ids:)`.
 * Each path is asked for the same selection and its statements are counted; the answers are
 * compared with the rows read here with plain SQL, so every path gives the same objects.
 */

const RESPONDENT = `fragment R on Respondent { id sex age household { id travellingSize membersInVenezuela children { id age sex status } } }`;

interface ChildRow {
  id: string;
  age: number;
  sex: string;
  status: string;
}
interface RespondentNode {
  id: string;
  sex: string;
  age: number;
  household: { id: string; travellingSize: number; membersInVenezuela: number | null; children: ChildRow[] } | null;
}

describe('API: one statement for the rows of every path', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
  });
  afterAll(() => t.close());

  const p = (i: number) => (t.ds.options.type === 'postgres' ? `$${i}` : '?');

  /** The respondents of `where` (ordered by id, at most `limit`), with household and children, from plain SQL. */
  async function expectedRespondents(where: string, params: unknown[], limit: number): Promise<RespondentNode[]> {
    const respondents: { id: string; sex: string; age: number }[] = await t.ds.query(
      `SELECT id, sex, age FROM respondent WHERE ${where} ORDER BY id LIMIT ${limit}`,
      params,
    );
    const nodes: RespondentNode[] = [];
    for (const r of respondents) {
      const [h]: { id: string; travelling_size: number; members_in_venezuela: number | null }[] = await t.ds.query(
        `SELECT id, travelling_size, members_in_venezuela FROM household WHERE respondent_id = ${p(1)}`,
        [r.id],
      );
      const children: { id: string; age: number; sex: string; status: string }[] = h
        ? await t.ds.query(`SELECT id, age, sex, status FROM child WHERE household_id = ${p(1)} ORDER BY id`, [h.id])
        : [];
      // The API's ids are the stored ids with their type in front (Relay's global ids).
      nodes.push({
        id: `Respondent:${r.id}`,
        // The database keeps the codes (`female`); GraphQL answers the enum values (`FEMALE`).
        sex: r.sex.toUpperCase(),
        age: Number(r.age),
        household: h && {
          id: `Household:${h.id}`,
          travellingSize: Number(h.travelling_size),
          membersInVenezuela: h.members_in_venezuela === null ? null : Number(h.members_in_venezuela),
          children: children.map((c) => ({ id: `Child:${c.id}`, age: Number(c.age), sex: c.sex.toUpperCase(), status: c.status.toUpperCase() })),
        },
      });
    }
    return nodes;
  }

  /** Runs an operation as a partner and returns its data and the number of data statements it ran. */
  async function run(query: string, variables?: Record<string, unknown>) {
    t.statements.reset();
    const res = await t.exec(query, variables, 'partner');
    expect(res.errors).toBeUndefined();
    return { data: res.data!, statements: t.statements.count, sql: t.statements.statements };
  }

  /** One statement reads respondents, joining households and children; no loader reads them by key afterwards. */
  function expectJoinedRespondentRead(sql: string[]) {
    const reads = sql.filter((s) => /FROM "?respondent"? /.test(s));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatch(/LEFT JOIN "?household"? .*LEFT JOIN "?child"? /s);
    expect(sql.filter((s) => /(household_id|respondent_id)"? IN \(/.test(s))).toEqual([]);
  }

  /** The stored key of an API id (`Respondent:PER-4:r4-00001` -> `PER-4:r4-00001`): the type is the part before the first colon. */
  const keyOf = (id: string) => id.slice(id.indexOf(':') + 1);

  const edgesOf = (connection: { edges: { node: RespondentNode }[] }) => connection.edges.map((e) => e.node);

  let first20: RespondentNode[];
  beforeAll(async () => {
    first20 = await expectedRespondents(`round_id = ${p(1)}`, ['PER-4'], 20);
  });

  it('reads a root page of respondents with households and children in one statement', async () => {
    const { data, statements } = await run(`{ respondents(first: 20, filter: { round: 4 }) { edges { node { ...R } } } } ${RESPONDENT}`);
    expect(statements).toBe(1);
    expect(edgesOf(data.respondents)).toEqual(first20);
    // The rows include households without members in Venezuela and households with children.
    expect(first20.some((r) => r.household && r.household.children.length > 0)).toBe(true);
  });

  it('reads the same page under a round in one statement after the round', async () => {
    const { data, statements, sql } = await run(`{ round(country: "PER", number: 4) { respondents(first: 20) { edges { node { ...R } } } } } ${RESPONDENT}`);
    // The round by its id, then the page.
    expect(statements).toBe(2);
    expect(sql.filter((s) => /FROM "?respondent"? /.test(s))).toHaveLength(1);
    expect(edgesOf(data.round.respondents)).toEqual(first20);
  });

  it('reads the pages of every survey point of a round in one statement after the round and its points', async () => {
    const { data, statements } = await run(
      `{ round(country: "PER", number: 4) { surveyPoints { id respondents(first: 5) { edges { node { ...R } } } } } } ${RESPONDENT}`,
    );
    // The round, its survey points, then the pages of all the points (one windowed statement).
    expect(statements).toBe(3);
    const points = data.round.surveyPoints as { id: string; respondents: { edges: { node: RespondentNode }[] } }[];
    const pointIds: { id: string }[] = await t.ds.query(`SELECT id FROM survey_point WHERE round_id = ${p(1)} ORDER BY id`, ['PER-4']);
    expect(points.map((s) => s.id).sort()).toEqual(pointIds.map((s) => `SurveyPoint:${s.id}`).sort());
    expect(points.length).toBeGreaterThan(1);
    for (const point of points) {
      expect(edgesOf(point.respondents)).toEqual(await expectedRespondents(`survey_point_id = ${p(1)}`, [keyOf(point.id)], 5));
    }
  });

  it('gives the page of one survey point, asked alone, as the pages of all the points give it', async () => {
    const [{ id: key }]: { id: string }[] = await t.ds.query(`SELECT id FROM survey_point WHERE round_id = ${p(1)} ORDER BY id LIMIT 1`, ['PER-4']);
    const id = `SurveyPoint:${key}`;
    const points = `{ round(country: "PER", number: 4) { surveyPoints { id respondents(first: 5) { edges { node { ...R } } } } } } ${RESPONDENT}`;
    const one = `query($id: ID!) { node(id: $id) { ... on SurveyPoint { id respondents(first: 5) { edges { node { ...R } } } } } } ${RESPONDENT}`;
    const expected = await expectedRespondents(`survey_point_id = ${p(1)}`, [key], 5);
    // Both orders: a page of one parent and the pages of several are different statements of the same shape otherwise.
    for (const order of [[one, points], [points, one]]) {
      for (const query of order) {
        const { data } = await run(query, { id });
        const point = query === one ? data.node : data.round.surveyPoints.find((s: { id: string }) => s.id === id);
        expect(edgesOf(point.respondents)).toEqual(expected);
      }
    }
  });

  it('refuses the respondents of a survey point to a public caller, as those of a round', async () => {
    t.statements.reset();
    const res = await t.exec('{ round(country: "PER", number: 4) { surveyPoints { id respondents(first: 1) { edges { node { id } } } } } }');
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(t.statements.statements.filter((s) => /FROM "?respondent"? /.test(s))).toEqual([]);
  });

  it('pages on after a cursor the same way at the root, under a round and under every survey point', async () => {
    const { data: root } = await run(`{ respondents(first: 20, filter: { round: 4 }) { pageInfo { endCursor } } }`);
    const after = root.respondents.pageInfo.endCursor as string;
    const last = keyOf(first20[first20.length - 1].id);
    const next = await expectedRespondents(`round_id = ${p(1)} AND id > ${p(2)}`, ['PER-4', last], 20);
    const underRound = await run(`query($after: String) { round(country: "PER", number: 4) { respondents(first: 20, after: $after) { edges { node { ...R } } } } } ${RESPONDENT}`, {
      after,
    });
    expect(underRound.statements).toBe(2);
    expect(edgesOf(underRound.data.round.respondents)).toEqual(next);
    const underPoints = await run(
      `query($after: String) { round(country: "PER", number: 4) { surveyPoints { id respondents(first: 5, after: $after) { edges { node { ...R } } } } } } ${RESPONDENT}`,
      { after },
    );
    expect(underPoints.statements).toBe(3);
    for (const point of underPoints.data.round.surveyPoints as { id: string; respondents: { edges: { node: RespondentNode }[] } }[]) {
      expect(edgesOf(point.respondents)).toEqual(await expectedRespondents(`survey_point_id = ${p(1)} AND id > ${p(2)}`, [keyOf(point.id), last], 5));
    }
  });

  it('reads a respondent by node(id:) with its household and children in one statement of respondents', async () => {
    for (const expected of first20.slice(0, 3)) {
      const { data, statements, sql } = await run(`query($id: ID!) { node(id: $id) { ...R } } ${RESPONDENT}`, { id: expected.id });
      // A tagged id names its type (node.ids.ts): one statement, the respondent's, which joins its
      // household and children; no other statement reads households or children.
      expect(statements).toBe(1);
      expectJoinedRespondentRead(sql);
      expect(data.node).toEqual(expected);
    }
  });

  it('reads the respondents of nodes(ids:) with their households and children in one statement of respondents', async () => {
    const { data, statements, sql } = await run(`query($ids: [ID!]!) { nodes(ids: $ids) { ...R } } ${RESPONDENT}`, { ids: first20.map((r) => r.id) });
    // As node(id:): one statement of respondents for all the ids.
    expect(statements).toBe(1);
    expectJoinedRespondentRead(sql);
    expect(data.nodes).toEqual(first20);
  });

  it('reads the same respondent by respondent(id:) in one statement', async () => {
    const expected = first20[1];
    const { data, statements } = await run(`query($id: ID!) { respondent(id: $id) { ...R } } ${RESPONDENT}`, { id: expected.id });
    expect(statements).toBe(1);
    expect(data.respondent).toEqual(expected);
  });

  describe('households and children', () => {
    const HOUSEHOLD = `fragment H on Household { id travellingSize children { id age status } }`;
    let households: { id: string; travellingSize: number; children: { id: string; age: number; status: string }[] }[];
    beforeAll(async () => {
      const rows: { id: string; travelling_size: number }[] = await t.ds.query(
        `SELECT id, travelling_size FROM household WHERE round_id = ${p(1)} ORDER BY id LIMIT 20`,
        ['PER-4'],
      );
      households = [];
      for (const h of rows) {
        const children: { id: string; age: number; status: string }[] = await t.ds.query(
          `SELECT id, age, status FROM child WHERE household_id = ${p(1)} ORDER BY id`,
          [h.id],
        );
        households.push({
          id: `Household:${h.id}`,
          travellingSize: Number(h.travelling_size),
          children: children.map((c) => ({ id: `Child:${c.id}`, age: Number(c.age), status: c.status.toUpperCase() })),
        });
      }
    });

    it('reads a root page of households with their children in one statement', async () => {
      const { data, statements } = await run(`{ households(first: 20, filter: { round: 4 }) { edges { node { ...H } } } } ${HOUSEHOLD}`);
      expect(statements).toBe(1);
      expect(data.households.edges.map((e: { node: unknown }) => e.node)).toEqual(households);
    });

    it('reads the same households under a round in one statement after the round', async () => {
      const { data, statements } = await run(`{ round(country: "PER", number: 4) { households(first: 20) { edges { node { ...H } } } } } ${HOUSEHOLD}`);
      expect(statements).toBe(2);
      expect(data.round.households.edges.map((e: { node: unknown }) => e.node)).toEqual(households);
    });

    it('reads a household by household(id:) with its children in one statement', async () => {
      const expected = households.find((h) => h.children.length > 0)!;
      const { data, statements } = await run(`query($id: ID!) { household(id: $id) { ...H } } ${HOUSEHOLD}`, { id: expected.id });
      expect(statements).toBe(1);
      expect(data.household).toEqual(expected);
    });

    it('reads the household of each child of a page, with the household’s children, in one statement after the page', async () => {
      const children: { id: string; household_id: string }[] = await t.ds.query(
        `SELECT id, household_id FROM child WHERE round_id = ${p(1)} ORDER BY id LIMIT 20`,
        ['PER-4'],
      );
      const expected = [];
      for (const c of children) {
        const [h]: { id: string; travelling_size: number }[] = await t.ds.query(`SELECT id, travelling_size FROM household WHERE id = ${p(1)}`, [c.household_id]);
        const siblings: { id: string; age: number; status: string }[] = await t.ds.query(
          `SELECT id, age, status FROM child WHERE household_id = ${p(1)} ORDER BY id`,
          [h.id],
        );
        const household = {
          id: `Household:${h.id}`,
          travellingSize: Number(h.travelling_size),
          children: siblings.map((s) => ({ id: `Child:${s.id}`, age: Number(s.age), status: s.status.toUpperCase() })),
        };
        expected.push({ id: `Child:${c.id}`, household });
      }
      const { data, statements } = await run(`{ children(first: 20, filter: { round: 4 }) { edges { node { id household { ...H } } } } } ${HOUSEHOLD}`);
      // The page of children, then their households by id with the households' children joined.
      expect(statements).toBe(2);
      expect(data.children.edges.map((e: { node: unknown }) => e.node)).toEqual(expected);
    });

    it('reads a page of children at the root and under a round in one statement each (after the round)', async () => {
      const children: { id: string; age: number }[] = await t.ds.query(`SELECT id, age FROM child WHERE round_id = ${p(1)} ORDER BY id LIMIT 20`, ['PER-4']);
      const expected = children.map((c) => ({ id: `Child:${c.id}`, age: Number(c.age) }));
      const root = await run('{ children(first: 20, filter: { round: 4 }) { edges { node { id age } } } }');
      expect(root.statements).toBe(1);
      expect(root.data.children.edges.map((e: { node: unknown }) => e.node)).toEqual(expected);
      const under = await run('{ round(country: "PER", number: 4) { children(first: 20) { edges { node { id age } } } } }');
      expect(under.statements).toBe(2);
      expect(under.data.round.children.edges.map((e: { node: unknown }) => e.node)).toEqual(expected);
    });
  });
});
