import { WhereBuilder } from '../../src/common/where-builder';
import { respondentWhere, RespondentFilter } from '../../src/modules/respondent/respondent.filter';
import { PARTNER_KEY, startTestHub, TestHub } from '../support/hub';

/** The compiled page of the query benchmark, in the seed's round 4. */
const ROUND_PAGE = '{ respondents(first: 100, filter: { round: 4 }) { edges { node { id household { travellingSize children { age sex } } } } } }';

/**
 * A statement whose best plan cannot depend on its values (a keyset page of every respondent or
 * of a round named through the round table) runs, in a session of one statement, on PostgreSQL
 * connections that plan prepared statements generically; every other statement keeps custom
 * plans, made for its values (docs/stats-performance.md has the plans measured on skewed rounds).
 */
describe('Plans: generic only where no value can change the plan', () => {
  const planFree = (filter: Partial<RespondentFilter>) => respondentWhere(new WhereBuilder(), filter as RespondentFilter).planFreeOfValues;

  it('counts a filter free of values only when it names nothing but rounds through the round table', () => {
    expect(planFree({})).toBe(true);
    expect(planFree({ round: 4 })).toBe(true);
    expect(planFree({ country: 'PER' })).toBe(true);
    // Country and number name one round_id, compared with the respondents' column (rounds differ in size).
    expect(planFree({ country: 'PER', round: 4 })).toBe(false);
    expect(planFree({ round: 4, surveyPoint: 'cebaf_tumbes' })).toBe(false);
    expect(planFree({ round: 4, sex: 'female' })).toBe(false);
    expect(planFree({ ageMin: 18 })).toBe(false);
  });

  describe('through the hub', () => {
    let t: TestHub;
    beforeAll(async () => {
      t = await startTestHub({ rounds: [4] });
    });
    afterAll(() => t?.close());

    const planModeOf = async (work: 'once-free' | 'once' | 'transaction-free') => {
      const { db } = await t.hub.contextFor(`Bearer ${PARTNER_KEY}`);
      if (work !== 'transaction-free') db.readOnce();
      try {
        const rows = await db.run((m) => m.query('SHOW plan_cache_mode'), { planFreeOfValues: work !== 'once' });
        return (rows as { plan_cache_mode: string }[])[0].plan_cache_mode;
      } finally {
        await db.release();
      }
    };

    it('runs a session of one plan-free statement on a generic-plan connection, and nothing else (PostgreSQL)', async () => {
      if (t.db.engine !== 'postgres') return;
      // What the server says of the connection each session got.
      expect(await planModeOf('once-free')).toBe('force_generic_plan');
      expect(await planModeOf('once')).toBe('force_custom_plan');
      // A transaction's later statements may be anything: the hint is not taken there.
      expect(await planModeOf('transaction-free')).toBe('force_custom_plan');
    });

    it('sends the compiled page of a round generically, and pages filtered by a value with custom plans', async () => {
      const ask = async (query: string) => {
        t.statements.reset();
        const contextValue = await t.hub.contextFor(`Bearer ${PARTNER_KEY}`);
        const response = await t.hub.apollo.executeOperation({ query }, { contextValue });
        expect(response.body.kind === 'single' && response.body.singleResult.errors).toBeFalsy();
        return t.statements.planModes;
      };
      const generic = t.db.engine === 'postgres' ? 'force_generic_plan' : undefined;
      const custom = t.db.engine === 'postgres' ? 'force_custom_plan' : undefined;
      expect(await ask(ROUND_PAGE)).toEqual([generic]);
      expect(await ask('{ respondents(first: 10) { edges { node { id sex } } } }')).toEqual([generic]);
      expect(await ask('{ respondents(first: 10, filter: { round: 4, sex: FEMALE }) { edges { node { id sex } } } }')).toEqual([custom]);
      expect(await ask('{ respondents(first: 10, filter: { country: "PER", round: 4 }) { edges { node { id } } } }')).toEqual([custom]);
      // Not compiled (totalCount): a transaction of two statements, both with custom plans.
      expect(await ask('{ respondents(first: 10, filter: { round: 4 }) { totalCount edges { node { id } } } }')).toEqual([custom, custom]);
    });
  });
});
