import { describeEnum } from '../common/enum';
import { WhereBuilder } from '../common/where-builder';
import { childWhere } from '../modules/child/child.filter';
import { householdWhere } from '../modules/household/household.filter';
import { respondentWhere } from '../modules/respondent/respondent.filter';
import type { Sheet } from '../questionnaire/question';
import { parentJoins, recordKeyUnit, UNIT_DECLARATIONS, unitDeclaration, UNIT_NAMES, type UnitName } from '../questionnaire/units';

/** What a stats query counts: one row of a unit's table (questionnaire/units.ts), by the unit's name. */
export type StatsUnit = UnitName;
export const StatsUnit = Object.fromEntries(UNIT_NAMES.map((u) => [u.toUpperCase(), u])) as { readonly [U in UnitName as Uppercase<U>]: U };
describeEnum(
  StatsUnit,
  'StatsUnit',
  'What a stats result counts.',
  Object.fromEntries(UNIT_NAMES.map((u) => [u.toUpperCase(), `${UNIT_DECLARATIONS[u].counts} (${UNIT_DECLARATIONS[u].statsQuery}).`])) as Record<keyof typeof StatsUnit, string>,
);

export const ALL_UNITS: readonly StatsUnit[] = UNIT_NAMES;

/** A join a dimension or measure needs, named by the alias it introduces. */
export interface Join {
  alias: string;
  sql: string;
}

/** Each unit's filter clauses: the list query's filter (modules/<unit>/<unit>.filter.ts). */
const WHERE = { respondent: respondentWhere, household: householdWhere, child: childWhere } satisfies Record<StatsUnit, unknown>;

/** The filter type of each unit: the same input the list query takes. */
export type UnitFilters = { [U in StatsUnit]: NonNullable<Parameters<(typeof WHERE)[U]>[1]> };

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

/** A unit's stats definition, from its declaration: the joins are those of its list query (`*.source.ts`). */
function unitDef<U extends StatsUnit>(unit: U): UnitDef<U> {
  const d = UNIT_DECLARATIONS[unit];
  const joins = parentJoins(unit).map((j) => ({ alias: j.alias, sql: `JOIN ${j.table} ${j.alias} ON ${j.on}` }));
  return {
    unit,
    query: d.statsQuery,
    sheet: d.sheet,
    filterInput: d.filterInput,
    noun: d.noun.en,
    alias: d.alias,
    from: `${d.table} ${d.alias}`,
    joins,
    provides: [d.alias, ...joins.map((j) => j.alias)],
    recordKey: `${UNIT_DECLARATIONS[recordKeyUnit(unit)].alias}.record_key`,
    countHxl: d.countHxl,
    where: WHERE[unit] as UnitDef<U>['where'],
  };
}

/** Every unit's stats definition, e.g. child `c` JOIN household `h` JOIN respondent `r`. */
export const UNITS = Object.fromEntries(UNIT_NAMES.map((u) => [u, unitDef(u)])) as { [U in StatsUnit]: UnitDef<U> };

/**
 * The joins that reach a unit's row from the row it is one to one with, top down (a respondent's
 * household: `LEFT JOIN household h ON h.respondent_id = r.id`): its answers in the statements of
 * the units above it. None for a unit that is not one to one with its parent.
 */
export function oneToOneJoins(unit: StatsUnit): Join[] {
  const out: Join[] = [];
  for (let d = unitDeclaration(unit); d.parent?.oneToOne; d = unitDeclaration(d.parent.unit)) {
    out.unshift({ alias: d.alias, sql: `LEFT JOIN ${d.table} ${d.alias} ON ${d.alias}.${d.parent.column} = ${unitDeclaration(d.parent.unit).alias}.id` });
  }
  return out;
}

/** Joins shared by several dimensions and measures. */
export const JOINS = {
  surveyPoint: { alias: 'sp', sql: 'JOIN survey_point sp ON sp.id = r.survey_point_id' },
  round: { alias: 'ro', sql: 'JOIN round ro ON ro.id = r.round_id' },
} satisfies Record<string, Join>;
