import { SecondStatementRefused } from '../../src/db/one-statement';
import { READ_POOL_SIZE } from '../../src/db/postgres-snapshots';
import { runStatement } from '../../src/common/entity-rows';
import { startTestHub, TestHub } from '../support/hub';
import { endlessCount, expectCancelledAtBudget } from '../support/slow-sql';

const BUDGET_MS = 3000;
const SQLITE_READERS = 2;
/** Respondents of the seed's round 4 (its published sample size). */
const SEED_ROUND_4 = 2148;
const COUNT_ROUND_4 = `SELECT COUNT(*) AS n FROM respondent r JOIN round o ON o.id = r.round_id WHERE o.country = 'PER' AND o.number = 4`;

/**
 * A request known to read with one statement marks its session with `readOnce`: the statement
 * runs on a connection taken without a transaction (one statement is its own snapshot), so the
 * BEGIN and COMMIT round trips go; a second statement is refused rather than read from another
 * snapshot; the time budget still cancels it. Through the hub's own sessions (`contextFor`).
 */
describe('Reads: a session of one statement (ReadSession.readOnce)', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4], env: { REQUEST_TIME_BUDGET_MS: String(BUDGET_MS), SQLITE_READERS: String(SQLITE_READERS) } });
  });
  afterAll(() => t?.close());

  const session = async (once: boolean) => {
    const { db } = await t.hub.contextFor();
    if (once) db.readOnce();
    return db;
  };
  const countRound4 = async (db: Awaited<ReturnType<typeof session>>) => Number((await db.run((m) => m.query(COUNT_ROUND_4)))[0].n);

  it('sends its one statement with no BEGIN or COMMIT, where an unmarked session sends both', async () => {
    t.statements.reset();
    const unmarked = await session(false);
    expect(await countRound4(unmarked)).toBe(SEED_ROUND_4);
    await unmarked.release();
    expect(t.statements.sessionStatements.map((sql) => sql.split(' ')[0])).toEqual(['BEGIN', 'COMMIT']);

    t.statements.reset();
    const once = await session(true);
    expect(await countRound4(once)).toBe(SEED_ROUND_4);
    await once.release();
    expect(t.statements.sessionCount).toBe(0);
    expect(t.statements.statements).toEqual([COUNT_ROUND_4]);
  });

  it('refuses a second statement, from a second run or from one run that sends two, and gives every connection back', async () => {
    const poolSize = t.db.engine === 'postgres' ? READ_POOL_SIZE : SQLITE_READERS;
    // More refused sessions than the pool has connections: one that kept its connection would
    // leave the last ones waiting until SERVER_BUSY.
    for (let i = 0; i <= poolSize; i++) {
      const db = await session(true);
      expect(await countRound4(db)).toBe(SEED_ROUND_4);
      await expect(countRound4(db)).rejects.toBeInstanceOf(SecondStatementRefused);
      await db.release();
    }
    for (let i = 0; i <= poolSize; i++) {
      const db = await session(true);
      const twice = db.run(async (m) => {
        await m.query(COUNT_ROUND_4);
        return m.query(COUNT_ROUND_4);
      });
      await expect(twice).rejects.toThrow(/asked for a second statement/);
      await db.release();
    }
    // The hub's cached statement shapes, which PostgreSQL runs as named prepared statements past
    // the runner's `query` (db/prepared-statements.ts), are refused the same way.
    const shaped = await session(true);
    const byShape = (db: typeof shaped) => db.run((m) => runStatement<{ n: number }>(m, COUNT_ROUND_4, {}));
    expect(Number((await byShape(shaped))[0].n)).toBe(SEED_ROUND_4);
    await expect(byShape(shaped)).rejects.toBeInstanceOf(SecondStatementRefused);
    await shaped.release();
    // Every connection at once, each held until all have read.
    const held = await Promise.all(Array.from({ length: poolSize }, () => session(true)));
    expect(await Promise.all(held.map(countRound4))).toEqual(Array(poolSize).fill(SEED_ROUND_4));
    await Promise.all(held.map((db) => db.release()));
    if (t.db.engine === 'postgres') {
      const [open] = await t.ds.query(`SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`);
      expect(Number(open.n)).toBe(0);
    }
  });

  it('refuses to be marked once the session has read', async () => {
    const db = await session(false);
    await countRound4(db);
    expect(() => db.readOnce()).toThrow(/must be called before the session runs anything/);
    await db.release();
  });

  it('runs the one statement under the budget as statement_timeout and the reads page cost (PostgreSQL)', async () => {
    if (t.db.engine !== 'postgres') return;
    const show = async (setting: string) => {
      const db = await session(true);
      const [row] = await db.run((m) => m.query(`SHOW ${setting}`));
      await db.release();
      return row[setting];
    };
    // 3000 ms as PostgreSQL prints it; 1.1 is READ_RANDOM_PAGE_COST (the server's default is 4).
    expect(await show('statement_timeout')).toBe('3s');
    expect(await show('random_page_cost')).toBe('1.1');
    // The hub's own DataSource (migrations, seeding, imports) has no request's timeout.
    expect((await t.ds.query('SHOW statement_timeout'))[0].statement_timeout).toBe('0');
  });

  it('cancels a one-statement read that runs past the budget, with the usual error, and the connection reads again', async () => {
    const db = await session(true);
    await expectCancelledAtBudget(t.ds, BUDGET_MS, () => db.run((m) => m.query(endlessCount(t.ds))), () => db.release());
    // Every connection still serves (a broken one would have been replaced).
    const after = await Promise.all(Array.from({ length: SQLITE_READERS }, () => session(true)));
    expect(await Promise.all(after.map(countRound4))).toEqual(Array(SQLITE_READERS).fill(SEED_ROUND_4));
    await Promise.all(after.map((db) => db.release()));
  });
});
