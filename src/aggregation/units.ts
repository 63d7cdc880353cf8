import { describeEnum } from '../common/enum';
import { WhereBuilder } from '../common/where-builder';
import { ChildFilter, childWhere } from '../modules/child/child.filter';
import { HouseholdFilter, householdWhere } from '../modules/household/household.filter';
import { RespondentFilter, respondentWhere } from '../modules/respondent/respondent.filter';
import type { Sheet } from '../questionnaire/question';

/** What a stats query counts: one row of the respondent, household or child table. */
export enum StatsUnit {
  RESPONDENT = 'respondent',
  HOUSEHOLD = 'household',
  CHILD = 'child',
}
describeEnum(StatsUnit, 'StatsUnit', 'What a stats result counts.', {
  RESPONDENT: 'Interviewed adults (respondentStats).',
  HOUSEHOLD: 'Travelling groups with the members left in Venezuela, one per respondent (householdStats).',
  CHILD: 'Children under 18, travelling or left in Venezuela (childStats).',
});

export const ALL_UNITS: readonly StatsUnit[] = [StatsUnit.RESPONDENT, StatsUnit.HOUSEHOLD, StatsUnit.CHILD];

/** A join a dimension or measure needs, named by the alias it introduces. */
export interface Join {
  alias: string;
  sql: string;
}

/** The filter type of each unit: the same input the list query takes. */
export interface UnitFilters {
  [StatsUnit.RESPONDENT]: RespondentFilter;
  [StatsUnit.HOUSEHOLD]: HouseholdFilter;
  [StatsUnit.CHILD]: ChildFilter;
}

export interface UnitDef<U extends StatsUnit = StatsUnit> {
  unit: U;
  /** The stats query that counts this unit, for messages. */
  query: string;
  /** Noun for messages and docs. */
  noun: string;
  /** The questionnaire sheet of the counted table: whose questions the filter's own fields are. */
  sheet: Sheet;
  /** Name of the GraphQL filter input (the list query's filter). */
  filterInput: string;
  /** Alias of the counted table; its `id` identifies a unit. */
  alias: string;
  /** The counted table with its alias. */
  from: string;
  /**
   * The list query's joins (`*.source.ts`), in order, each going through the ones before it. A
   * statement adds the ones its filter, dimensions or measures refer to (and those they go
   * through): every join follows a NOT NULL foreign key, so it never drops or repeats a unit.
   */
  joins: readonly Join[];
  /** Aliases the unit provides: its own and those of its joins. */
  provides: readonly string[];
  /** SQL of the unit's record key (cell-key method; a household shares its respondent's key, one to one). */
  recordKey: string;
  /** HXL tag of the count column in CSV exports. */
  countHxl: string;
  where(where: WhereBuilder, filter: UnitFilters[U] | null | undefined): WhereBuilder;
}

/**
 * The three units, with the same joins as the list queries (`*.source.ts`): respondent `r`;
 * household `h` JOIN respondent `r`; child `c` JOIN household `h` JOIN respondent `r`.
 */
export const UNITS: { [U in StatsUnit]: UnitDef<U> } = {
  [StatsUnit.RESPONDENT]: {
    unit: StatsUnit.RESPONDENT,
    query: 'respondentStats',
    sheet: 'respondents',
    filterInput: RespondentFilter.name,
    noun: 'respondents',
    alias: 'r',
    from: 'respondent r',
    joins: [],
    provides: ['r'],
    recordKey: 'r.record_key',
    countHxl: '#affected+ind',
    where: (w, f) => respondentWhere(w, f),
  },
  [StatsUnit.HOUSEHOLD]: {
    unit: StatsUnit.HOUSEHOLD,
    query: 'householdStats',
    sheet: 'households',
    filterInput: HouseholdFilter.name,
    noun: 'households',
    alias: 'h',
    from: 'household h',
    joins: [{ alias: 'r', sql: 'JOIN respondent r ON r.id = h.respondent_id' }],
    provides: ['h', 'r'],
    recordKey: 'r.record_key',
    countHxl: '#affected+hh',
    where: (w, f) => householdWhere(w, f),
  },
  [StatsUnit.CHILD]: {
    unit: StatsUnit.CHILD,
    query: 'childStats',
    sheet: 'children',
    filterInput: ChildFilter.name,
    noun: 'children',
    alias: 'c',
    from: 'child c',
    joins: [
      { alias: 'h', sql: 'JOIN household h ON h.id = c.household_id' },
      { alias: 'r', sql: 'JOIN respondent r ON r.id = h.respondent_id' },
    ],
    provides: ['c', 'h', 'r'],
    recordKey: 'c.record_key',
    countHxl: '#affected+children+ind',
    where: (w, f) => childWhere(w, f),
  },
};

/** Joins shared by several dimensions and measures (a respondent has at most one household). */
export const JOINS = {
  household: { alias: 'h', sql: 'LEFT JOIN household h ON h.respondent_id = r.id' },
  surveyPoint: { alias: 'sp', sql: 'JOIN survey_point sp ON sp.id = r.survey_point_id' },
  round: { alias: 'ro', sql: 'JOIN round ro ON ro.id = r.round_id' },
} satisfies Record<string, Join>;
