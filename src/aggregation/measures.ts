import { registerEnumType } from 'type-graphql';
import { Join, JOINS, StatsUnit } from './units';

/**
 * One entry per numeric field a stats query can summarise (n, mean, median, min, max).
 * Only numeric fields are listed, so a measure on a non-numeric field cannot be asked.
 */
export interface MeasureDef {
  name: string;
  label: string;
  description: string;
  /** HXL hashtag stem; the CSV adds +n, +mean, +median, +min, +max. */
  hxl: string;
  /** SQL of the value, per unit the measure applies to. */
  sql: Partial<Record<StatsUnit, string>>;
  joins?: readonly Join[];
}

const RESPONDENT_LEVEL = (column: string) => ({ [StatsUnit.RESPONDENT]: column, [StatsUnit.HOUSEHOLD]: column });
const HOUSEHOLD_LEVEL = (column: string) => ({
  [StatsUnit.RESPONDENT]: column,
  [StatsUnit.HOUSEHOLD]: column,
  [StatsUnit.CHILD]: column,
});

const MEASURE_LIST = [
  {
    name: 'AGE',
    label: 'Age (years)',
    description: 'Age in years of the person counted: the respondent, or the child in childStats.',
    hxl: '#indicator+age',
    sql: { [StatsUnit.RESPONDENT]: 'r.age', [StatsUnit.HOUSEHOLD]: 'r.age', [StatsUnit.CHILD]: 'c.age' },
  },
  {
    name: 'TRAVEL_DAYS',
    label: 'Days travelled',
    description: 'Days travelled since leaving home (respondentStats, householdStats).',
    hxl: '#indicator+travel_days',
    sql: RESPONDENT_LEVEL('r.travel_days'),
  },
  {
    name: 'TRIP_COST_USD',
    label: 'Cost of the trip (USD)',
    description: 'Cost of the trip in US dollars (respondentStats, householdStats).',
    hxl: '#indicator+trip_cost+usd',
    sql: RESPONDENT_LEVEL('r.trip_cost_usd'),
  },
  {
    name: 'MONTHLY_INCOME_USD',
    label: 'Monthly income in Peru (USD)',
    description: 'Average monthly income in Peru in US dollars, for those who worked (respondentStats, householdStats).',
    hxl: '#indicator+income+usd',
    sql: RESPONDENT_LEVEL('r.monthly_income_usd'),
  },
  {
    name: 'MONTHS_IN_PERU',
    label: 'Months in Peru',
    description: 'Months spent in Peru (respondentStats, householdStats).',
    hxl: '#indicator+months_in_peru',
    sql: RESPONDENT_LEVEL('r.months_in_peru'),
  },
  {
    name: 'TRAVELLING_SIZE',
    label: 'Size of the travelling group',
    description: 'People travelling together, the respondent included (all stats types; in childStats, the group the child belongs to).',
    hxl: '#indicator+group_size',
    sql: HOUSEHOLD_LEVEL('h.travelling_size'),
    joins: [JOINS.household],
  },
  {
    name: 'TRAVELLING_CHILDREN',
    label: 'Children travelling',
    description: 'Children under 18 in the travelling group (respondentStats, householdStats).',
    hxl: '#indicator+children_travelling',
    sql: RESPONDENT_LEVEL('h.travelling_children'),
    joins: [JOINS.household],
  },
  {
    name: 'MEMBERS_IN_VENEZUELA',
    label: 'Members left in Venezuela',
    description: 'Household members who stayed in Venezuela (respondentStats, householdStats).',
    hxl: '#indicator+members_left',
    sql: RESPONDENT_LEVEL('h.members_in_venezuela'),
    joins: [JOINS.household],
  },
  {
    name: 'CHILDREN_IN_VENEZUELA',
    label: 'Children left in Venezuela',
    description: 'Children under 18 among the members who stayed in Venezuela (respondentStats, householdStats).',
    hxl: '#indicator+children_left',
    sql: RESPONDENT_LEVEL('h.children_in_venezuela'),
    joins: [JOINS.household],
  },
] as const satisfies readonly MeasureDef[];

export type StatsMeasure = (typeof MEASURE_LIST)[number]['name'];
export const StatsMeasure = Object.fromEntries(MEASURE_LIST.map((m) => [m.name, m.name])) as { readonly [K in StatsMeasure]: K };
export const MEASURES: ReadonlyMap<StatsMeasure, MeasureDef> = new Map(MEASURE_LIST.map((m) => [m.name, m as MeasureDef]));

registerEnumType(StatsMeasure, {
  name: 'StatsMeasure',
  description: 'A numeric field a stats query can summarise with n, mean, median, min and max. Each applies to some stats types only.',
  valuesConfig: Object.fromEntries(MEASURE_LIST.map((m) => [m.name, { description: m.description }])) as Record<
    StatsMeasure,
    { description: string }
  >,
});

export function measuresFor(unit: StatsUnit): StatsMeasure[] {
  return [...MEASURES.values()].filter((m) => m.sql[unit] !== undefined).map((m) => m.name as StatsMeasure);
}
