import { DIMENSIONS, StatsDimension } from '../../src/aggregation/dimensions';
import { MEASURES, StatsMeasure } from '../../src/aggregation/measures';
import { buildStatsStatement } from '../../src/aggregation/stats-sql';
import { StatsUnit, UNITS, UnitFilters } from '../../src/aggregation/units';
import { WhereBuilder } from '../../src/common/where-builder';

/** The tables a stats statement reads, in the order of its FROM clause. */
function tablesRead(unit: StatsUnit, groupBy: StatsDimension[], measures: StatsMeasure[] = [], filter: UnitFilters[StatsUnit] | null = null): string[] {
  const def = UNITS[unit];
  const where = (def.where as (w: WhereBuilder, f: unknown) => WhereBuilder)(new WhereBuilder(), filter);
  const { sql } = buildStatsStatement({
    unit: def,
    where,
    dimensions: groupBy.map((d) => DIMENSIONS.get(d)!),
    measures: measures.map((m) => MEASURES.get(m)!),
    engine: 'postgres',
  });
  return [...sql.matchAll(/(?:FROM|JOIN) (child|household|respondent|survey_point) (\w+)/g)].map((m) => `${m[1]} ${m[2]}`);
}

// The answers are checked against the raw rows in stats.test.ts; these pin what the statement reads.
describe('Stats SQL: a unit joins only the tables its statement refers to', () => {
  it('counts children by age band and sex from the child table alone, as the plain GROUP BY does', () => {
    expect(tablesRead(StatsUnit.CHILD, ['AGE_BAND', 'SEX'], [], { ageMin: 0, ageMax: 17 })).toEqual(['child c']);
  });

  it('joins the household of a child for a household measure, and the respondent through it for a respondent filter', () => {
    expect(tablesRead(StatsUnit.CHILD, ['SEX'], ['TRAVELLING_SIZE'])).toEqual(['child c', 'household h']);
    expect(tablesRead(StatsUnit.CHILD, ['SEX'], [], { respondent: { ageMax: 40 } })).toEqual(['child c', 'household h', 'respondent r']);
  });

  it('joins household and respondent before a dimension join that goes through the respondent', () => {
    expect(tablesRead(StatsUnit.CHILD, ['SURVEY_POINT'])).toEqual(['child c', 'household h', 'respondent r', 'survey_point sp']);
  });

  it('always joins the respondent of a household: its record key is the cell key', () => {
    expect(tablesRead(StatsUnit.HOUSEHOLD, [])).toEqual(['household h', 'respondent r']);
  });
});

describe('Stats SQL: counts first, lookups after', () => {
  const statement = (unit: StatsUnit, groupBy: StatsDimension[], measures: StatsMeasure[] = [], filter: UnitFilters[StatsUnit] | null = null) => {
    const def = UNITS[unit];
    const where = (def.where as (w: WhereBuilder, f: unknown) => WhereBuilder)(new WhereBuilder(), filter);
    return buildStatsStatement({ unit: def, where, dimensions: groupBy.map((d) => DIMENSIONS.get(d)!), measures: measures.map((m) => MEASURES.get(m)!), engine: 'sqlite' }).sql;
  };

  it('groups respondents by survey point and sex on their own columns before joining the survey points', () => {
    const sql = statement(StatsUnit.RESPONDENT, ['SURVEY_POINT', 'SEX'], [], { ageMax: 120 });
    // The inner statement reads the respondent table alone and groups by the two raw columns.
    expect(sql).toMatch(/FROM \(SELECT .*COUNT\(\*\) AS n, SUM\(r\.record_key\) AS k FROM respondent r WHERE .* GROUP BY r\.\w+, r\.\w+\) r JOIN survey_point sp/);
  });

  it('keeps one pass over the rows when a measure needs every value, or when the unit needs its own joins', () => {
    expect(statement(StatsUnit.RESPONDENT, ['SURVEY_POINT', 'SEX'], ['MONTHLY_INCOME_USD'])).not.toMatch(/AS n, SUM\(r\.record_key\) AS k FROM respondent r/);
    expect(statement(StatsUnit.CHILD, ['SURVEY_POINT'])).not.toMatch(/GROUP BY .*\) c /);
  });
});
