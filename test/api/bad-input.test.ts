import { expectBadUserInput } from '../support/expect-errors';
import { startTestHub, TestHub } from '../support/hub';

describe('API: bad input', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
  });
  afterAll(() => t.close());

  const expectBadInput = async (query: string, mentions: RegExp[], variables?: Record<string, unknown>) =>
    expectBadUserInput(await t.exec(query, variables, 'partner'), mentions);

  it('rejects a negative age naming the argument and the allowed range', () =>
    expectBadInput('{ respondents(filter: { ageMin: -1 }) { totalCount } }', [/ageMin/, /between 0 and 120/, /-1/]));

  it('rejects an unknown country code naming the argument and the expected codes', () =>
    expectBadInput('{ rounds(country: "XXX") { number } }', [/country/, /XXX/, /ISO 3166-1 alpha-3/]));

  it('rejects an unknown country code inside a filter', () =>
    expectBadInput('{ respondents(filter: { country: "ZZZ" }) { totalCount } }', [/country/, /ZZZ/, /alpha-3/]));

  it('rejects an unknown enum code and lists the allowed values', () =>
    expectBadInput('{ respondents(filter: { sex: OTHER }) { totalCount } }', [/OTHER/, /Sex/, /MALE, FEMALE/]));

  it('rejects an unknown enum code passed in a variable and lists the allowed values', () =>
    expectBadInput('query($s: Sex) { respondents(filter: { sex: $s }) { totalCount } }', [/OTHER/, /MALE, FEMALE/], { s: 'OTHER' }));

  it('rejects a malformed cursor naming the after argument', () =>
    expectBadInput('{ respondents(first: 2, after: "not-a-cursor!") { totalCount } }', [/after/, /not-a-cursor!/, /cursor/]));

  it('rejects a page size over the maximum naming first and the limit', () =>
    expectBadInput('{ respondents(first: 100000) { totalCount } }', [/first/, /between 1 and 500/, /100000/]));

  it('rejects a filter that contradicts itself', () =>
    expectBadInput('{ respondents(filter: { ageMin: 40, ageMax: 30 }) { totalCount } }', [/ageMin/, /ageMax/]));

  it('answers null for a round that does not exist and empty lists elsewhere', async () => {
    const res = await t.exec(
      '{ round(country: "PER", number: 99) { id } rounds(country: "COL") { id } respondents(filter: { round: 99 }) { totalCount edges { cursor } } publishedFigures(filter: { round: 99 }) { id } }',
      undefined,
      'partner',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ round: null, rounds: [], respondents: { totalCount: 0, edges: [] }, publishedFigures: [] });
  });

  it('refuses a query nested deeper than the limit before running it', async () => {
    const deep = '{ rounds { respondents(first: 1) { edges { node { household { respondent { household { respondent { household { respondent { household { respondent { round { id } } } } } } } } } } } } } }';
    await expectBadInput(deep, [/depth/, /limit/]);
  });
});
