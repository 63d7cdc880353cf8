import { expectBadUserInput } from '../support/expect-errors';
import { startTestHub, TestHub } from '../support/hub';
import { FIXTURE } from './fixture-rows';

describe('Aggregation: bad input to the stats queries', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ bundles: [FIXTURE] });
  });
  afterAll(() => t.close());

  const expectBadInput = async (query: string, mentions: RegExp[], variables?: Record<string, unknown>) =>
    expectBadUserInput(await t.exec(query, variables, 'public'), mentions);

  it('rejects an unknown dimension and lists the dimensions', () =>
    expectBadInput('{ respondentStats(groupBy: [SHOE_SIZE]) { total } }', [/SHOE_SIZE/, /StatsDimension/, /SURVEY_POINT/, /AGE_BAND/]));

  it('rejects an unknown dimension passed in a variable and lists the dimensions', () =>
    expectBadInput('query($g: [StatsDimension!]!) { respondentStats(groupBy: $g) { total } }', [/SHOE_SIZE/, /SURVEY_POINT/], { g: ['SHOE_SIZE'] }));

  it('rejects more than three dimensions and says how many are allowed', () =>
    expectBadInput('{ respondentStats(groupBy: [ROUND, SURVEY_POINT, SEX, AGE_BAND]) { total } }', [/groupBy/, /at most 3/, /EDUCATION/]));

  it('rejects a measure on a non-numeric field and lists the numeric fields', () =>
    expectBadInput('{ respondentStats(groupBy: [SEX], measures: [SEX]) { total } }', [/SEX/, /StatsMeasure/, /MONTHLY_INCOME_USD/, /TRAVEL_DAYS/]));

  it('rejects a measure that does not apply to the stats type and lists those that do', () =>
    expectBadInput('{ childStats(measures: [MONTHLY_INCOME_USD]) { total } }', [/measures/, /MONTHLY_INCOME_USD/, /childStats/, /AGE, TRAVELLING_SIZE/]));

  it('rejects a dimension that does not apply to the stats type and lists those that do', () =>
    expectBadInput('{ respondentStats(groupBy: [SCHOOL_LEVEL]) { total } }', [/groupBy/, /SCHOOL_LEVEL/, /does not apply to respondents/, /SURVEY_POINT/]));

  it('rejects a child dimension in householdStats', () =>
    expectBadInput('{ householdStats(groupBy: [SURVEY_POINT, CAREGIVER]) { total } }', [/CAREGIVER/, /householdStats/, /TRAVELLING_GROUP_SIZE/]));

  it('rejects the same dimension twice', () =>
    expectBadInput('{ respondentStats(groupBy: [SEX, SEX]) { total } }', [/groupBy/, /SEX is repeated/]));

  it('rejects a filter that contradicts itself', async () => {
    await expectBadInput('{ respondentStats(filter: { ageMin: 40, ageMax: 30 }, groupBy: [SEX]) { total } }', [/ageMin/, /ageMax/, /match nothing/]);
    await expectBadInput('{ childStats(filter: { ageMin: 12, ageMax: 5 }, groupBy: [SCHOOL_LEVEL]) { total } }', [/ageMin/, /ageMax/]);
    await expectBadInput('{ householdStats(filter: { travellingSizeMin: 5, travellingSizeMax: 2 }) { total } }', [/travellingSizeMin/, /travellingSizeMax/]);
  });

  it('rejects an invalid filter value with the filter rule', () =>
    expectBadInput('{ childStats(filter: { ageMax: 30 }) { total } }', [/ageMax/, /between 0 and 17/]));
});
