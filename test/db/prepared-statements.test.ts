import { EntityManager, QueryFailedError } from 'typeorm';
import { runStatement } from '../../src/common/entity-rows';
import { MAX_PER_CONNECTION } from '../../src/db/prepared-statements';
import { readRows } from '../../src/common/row-page';
import { WhereBuilder } from '../../src/common/where-builder';
import { Respondent } from '../../src/modules/respondent/respondent.entity';
import { respondentSource } from '../../src/modules/respondent/respondent.source';
import { PARTNER_KEY, startTestHub, TestHub } from '../support/hub';
import { expectCancelledAtBudget } from '../support/slow-sql';

const BUDGET_MS = 500;
const PAGE = 5;
/** Pages after the first, all of one statement shape (a keyset page): more than PostgreSQL's five custom plans before it weighs a generic one. */
const PAGES = 7;
const onPostgres = process.env.DATABASE_URL ? it : it.skip;

/** pg's client under a request's query runner, as it records the statements it has prepared. */
type PgClient = { processID: number; connection: { parsedStatements: Record<string, string> } };
const clientOf = (m: EntityManager) => (m.queryRunner as unknown as { databaseConnection: PgClient }).databaseConnection;

/** A statement that counts for hours unless cancelled; bigint, so the bound limit fits. */
const ENDLESS = 'SELECT COUNT(*) AS total FROM (SELECT generate_series(CAST(1 AS bigint), :n) AS x) s';

/**
 * On PostgreSQL the page and loader statements of a request run as named prepared statements on
 * its connection: parsed once per connection, planned for their values every time
 * (plan_cache_mode = force_custom_plan), logged once per execution like any TypeORM statement, and
 * cancelled into the same time-budget error. Expected rows come from TypeORM's own find().
 */
describe('Database: prepared page statements', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4], env: { REQUEST_TIME_BUDGET_MS: String(BUDGET_MS) } });
  });
  afterAll(() => t?.close());

  /** The first page and PAGES keyset pages after it, read in one request; its statements as logged. */
  async function readPages(): Promise<{ ids: string[]; logged: string[]; prepared: { name: string; statement: string; custom: number; generic: number }[]; planCacheMode?: string }> {
    const ctx = await t.hub.contextFor(`Bearer ${PARTNER_KEY}`);
    t.statements.reset();
    const ids: string[] = [];
    try {
      let afterId: string | null = null;
      for (let i = 0; i <= PAGES; i++) {
        const rows = await ctx.db.run((m) => readRows(m, respondentSource, new WhereBuilder(), { kind: 'page', first: PAGE, afterId }));
        ids.push(...rows.slice(0, PAGE).map((r) => r.id));
        afterId = rows[PAGE - 1].id;
      }
      const logged = [...t.statements.statements];
      if (t.db.engine !== 'postgres') return { ids, logged, prepared: [] };
      const prepared = await ctx.db.run((m) =>
        m.query('SELECT name, statement, custom_plans AS custom, generic_plans AS generic FROM pg_prepared_statements ORDER BY prepare_time'),
      );
      const [{ plan_cache_mode: planCacheMode }] = await ctx.db.run((m) => m.query('SHOW plan_cache_mode'));
      return { ids, logged, prepared: prepared.map((p: Record<string, unknown>) => ({ ...p, custom: Number(p.custom), generic: Number(p.generic) })), planCacheMode };
    } finally {
      await ctx.db.release();
    }
  }

  it('answers repeated keyset pages with the rows TypeORM find() gives, one logged statement per page', async () => {
    const expected = (await t.ds.getRepository(Respondent).find({ order: { id: 'ASC' }, take: PAGE * (PAGES + 1) })).map((r) => r.id);
    const { ids, logged } = await readPages();
    expect(ids).toEqual(expected);
    expect(logged).toHaveLength(PAGES + 1);
    // Two shapes: the first page, and every page after an id.
    expect(new Set(logged).size).toBe(2);
  });

  onPostgres('runs each page shape as one named prepared statement on the request connection, planned for its values every time', async () => {
    const { logged, prepared, planCacheMode } = await readPages();
    expect(planCacheMode).toBe('force_custom_plan');
    // The connection may hold statements of earlier requests; the pages' two shapes are among them, once each.
    const ours = prepared.filter((p) => logged.includes(p.statement));
    expect(ours.map((p) => p.statement).sort()).toEqual([...new Set(logged)].sort());
    for (const p of ours) expect(p.name).toMatch(/^dtm_[0-9a-f]{40}$/);
    const keyset = ours.find((p) => p.statement === logged[1])!;
    // Executions of this request (PAGES) or of an earlier one on the same connection as well; never a generic plan.
    expect(keyset.custom).toBeGreaterThanOrEqual(PAGES);
    expect(keyset.custom % PAGES).toBe(0);
    expect(keyset.generic).toBe(0);
  });

  onPostgres('fails a named statement with the QueryFailedError TypeORM gives for the same statement', async () => {
    const runner = t.ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SET statement_timeout = 50');
      const m = runner.manager;
      const [text, values] = t.ds.driver.escapeQueryWithParameters(ENDLESS, { n: 2_000_000_000_000 }, {});
      const typeorm = await m.query(text, values).then(() => null, (e: unknown) => e);
      const named = await runStatement(m, ENDLESS, { n: 2_000_000_000_000 }).then(() => null, (e: unknown) => e);
      expect(Object.values(clientOf(m).connection.parsedStatements)).toContain(text);
      for (const e of [typeorm, named]) expect(e).toBeInstanceOf(QueryFailedError);
      const shape = (e: unknown) => {
        const q = e as QueryFailedError & { code?: string; driverError: { code?: string } };
        return { message: q.message, query: q.query, parameters: q.parameters, code: q.code, driverCode: q.driverError.code };
      };
      expect(shape(named)).toEqual(shape(typeorm));
      expect(shape(named).driverCode).toBe('57014');
    } finally {
      await runner.release();
    }
  });

  onPostgres('cancels a named statement past the time budget into TIME_BUDGET_EXCEEDED, and the statement runs again on the next request', async () => {
    const ctx = await t.hub.contextFor(`Bearer ${PARTNER_KEY}`);
    const client = await ctx.db.run(async (m) => clientOf(m));
    // The request's clock started at the statement above: the endless one stops before a whole budget.
    await expectCancelledAtBudget(t.ds, BUDGET_MS, () => ctx.db.run((m) => runStatement(m, ENDLESS, { n: 2_000_000_000_000 })), () => ctx.db.release(), 0);
    // It ran as a named statement: pg recorded it as prepared on the request's connection.
    expect(Object.values(client.connection.parsedStatements).some((s) => s.includes('generate_series(CAST(1 AS bigint), $1)'))).toBe(true);

    const next = await t.hub.contextFor(`Bearer ${PARTNER_KEY}`);
    try {
      const rows = await next.db.run((m) => runStatement<{ total: string }>(m, ENDLESS, { n: 10 }));
      expect(rows.map((r) => Number(r.total))).toEqual([10]);
    } finally {
      await next.db.release();
    }
  });

  onPostgres('prepares at most MAX_PER_CONNECTION statements on a connection and runs further new texts unnamed', async () => {
    const runner = t.ds.createQueryRunner();
    await runner.connect();
    try {
      const m = runner.manager;
      const before = Object.keys(clientOf(m).connection.parsedStatements).length;
      const texts = MAX_PER_CONNECTION - before + 3;
      const answers: number[] = [];
      for (let i = 0; i < texts; i++) {
        const [row] = await runStatement<{ v: number }>(m, `SELECT CAST(:n AS int) + ${i} AS v`, { n: 1000 });
        answers.push(row.v);
      }
      expect(answers).toEqual(Array.from({ length: texts }, (_, i) => 1000 + i));
      const [{ n }] = await m.query('SELECT COUNT(*)::int AS n FROM pg_prepared_statements');
      expect(n).toBe(100);
      expect(Object.keys(clientOf(m).connection.parsedStatements)).toHaveLength(100);
    } finally {
      await runner.release();
    }
  });
});
