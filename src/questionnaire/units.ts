import { text, type Text } from './text';

/**
 * What one unit of the survey is: a kind of row a round holds (respondent, household, child).
 * Plain data, declared once here; the import rules, the list queries' sources, the stats units,
 * the CSV downloads and the response cache's rules are derived from it (docs/architecture.md,
 * "Units: one declaration each").
 */
export interface UnitDeclaration<Name extends string = string> {
  /** Database table of its rows. */
  table: string;
  /** Alias of the table in every statement that reads it: list pages, filters, stats. */
  alias: string;
  /** Sheet of a round bundle that holds its rows (`<sheet>.csv`, or an XLSX sheet). */
  sheet: string;
  /** GraphQL object type of one row (with `<type>Connection` and `<type>Edge` for its pages). */
  graphqlType: string;
  /**
   * The unit each row belongs to, through a NOT NULL column of this unit's table that holds the
   * parent's id. `oneToOne`: every parent row has exactly one row of this unit (a respondent's
   * household), so the two are counted alike: the unit shares its parent's record key, a
   * parent's answer is summarised over it and its answers group its parent.
   */
  parent?: { unit: Name; column: string; oneToOne?: boolean };
  /** Partners read its rows one by one (pages, `node`): an answer that reaches its types is never cached. */
  rowLevel: boolean;
  /** The stats query that counts it; also its CSV download, `/export/<statsQuery>.csv`. */
  statsQuery: string;
  /** GraphQL input type of its filter, shared by its list and stats queries. */
  filterInput: string;
  /** HXL tag of the count column of its stats CSV: a survey's count is an indicator, not people affected (docs/downloads.md). */
  countHxl: string;
  /** What a count of it is called, in each language (messages, CSV headers). */
  noun: Text;
  /** What the `StatsUnit` value says, before the name of the stats query. */
  counts: string;
}

/** Holds every `parent.unit` to a declared unit's name (checked by the compiler). */
function declareUnits<const D extends { [N in keyof D]: UnitDeclaration<Extract<keyof D, string>> }>(units: D): D {
  return units;
}

/** The units, parents before their children: the importer writes them in this order. */
export const UNIT_DECLARATIONS = declareUnits({
  respondent: {
    table: 'respondent',
    alias: 'r',
    sheet: 'respondents',
    graphqlType: 'Respondent',
    rowLevel: true,
    statsQuery: 'respondentStats',
    filterInput: 'RespondentFilter',
    countHxl: '#indicator+num+ind',
    noun: text('respondents', 'personas encuestadas'),
    counts: 'Interviewed adults',
  },
  household: {
    table: 'household',
    alias: 'h',
    sheet: 'households',
    graphqlType: 'Household',
    parent: { unit: 'respondent', column: 'respondent_id', oneToOne: true },
    rowLevel: true,
    statsQuery: 'householdStats',
    filterInput: 'HouseholdFilter',
    countHxl: '#indicator+num+hh',
    noun: text('households', 'hogares'),
    counts: 'Travelling groups with the members left in Venezuela, one per respondent',
  },
  child: {
    table: 'child',
    alias: 'c',
    sheet: 'children',
    graphqlType: 'Child',
    parent: { unit: 'household', column: 'household_id' },
    rowLevel: true,
    statsQuery: 'childStats',
    filterInput: 'ChildFilter',
    countHxl: '#indicator+num+children+ind',
    noun: text('children', 'niños, niñas y adolescentes'),
    counts: 'Children under 18, travelling or left in Venezuela',
  },
});

export type UnitName = keyof typeof UNIT_DECLARATIONS;
/** The row sheets of a round bundle, one per unit. */
export type Sheet = (typeof UNIT_DECLARATIONS)[UnitName]['sheet'];

export const UNIT_NAMES = Object.keys(UNIT_DECLARATIONS) as readonly UnitName[];

/** A unit's declaration, typed alike for every unit (`parent` is absent on some). */
export const unitDeclaration = (name: UnitName): UnitDeclaration<UnitName> & { sheet: Sheet } => UNIT_DECLARATIONS[name];

/** The unit whose rows a sheet holds. */
export function unitOfSheet(sheet: Sheet): UnitName {
  return UNIT_NAMES.find((u) => UNIT_DECLARATIONS[u].sheet === sheet)!;
}

/** A join from a unit's table up to its parent's: `<table> <alias> ON <alias>.id = <child alias>.<column>`. */
export interface ParentJoin {
  unit: UnitName;
  table: string;
  alias: string;
  on: string;
}

/** The joins from a unit up through its parent, its parent's parent, ...: each goes through the one before. */
export function parentJoins(name: UnitName): ParentJoin[] {
  const out: ParentJoin[] = [];
  for (let u = unitDeclaration(name); u.parent; ) {
    const p = unitDeclaration(u.parent.unit);
    out.push({ unit: u.parent.unit, table: p.table, alias: p.alias, on: `${p.alias}.id = ${u.alias}.${u.parent.column}` });
    u = p;
  }
  return out;
}

/** The units one to one with this one: itself, and those reached through one-to-one parent links either way. */
export function oneToOneUnits(name: UnitName): UnitName[] {
  return reachable(name, 'one-to-one');
}

/**
 * The units each of whose rows has at most one row of this unit: itself, those it is one to one
 * with, and every unit below them (a child has one household and one respondent).
 */
export function unitsWithAtMostOne(name: UnitName): UnitName[] {
  return reachable(name, 'every');
}

/** The unit whose `record_key` a row of this unit is counted with: its own, or its one-to-one parent's. */
export function recordKeyUnit(name: UnitName): UnitName {
  let u = name;
  while (unitDeclaration(u).parent?.oneToOne) u = unitDeclaration(u).parent!.unit;
  return u;
}

/** Whether a unit's rows carry their own record key (the cell-key method counts them). */
export const hasOwnRecordKey = (name: UnitName): boolean => recordKeyUnit(name) === name;

/**
 * The units reached from `name` (itself included), in declaration order: up and down one-to-one
 * parent links, and down `every` parent link when asked.
 */
function reachable(name: UnitName, down: 'one-to-one' | 'every'): UnitName[] {
  const oneToOne = (child: UnitName) => unitDeclaration(child).parent?.oneToOne === true;
  const seen = new Set<UnitName>([name]);
  const queue = [name];
  while (queue.length > 0) {
    const u = queue.shift()!;
    const parent = unitDeclaration(u).parent;
    const up = parent && oneToOne(u) ? [parent.unit] : [];
    const below = UNIT_NAMES.filter((c) => unitDeclaration(c).parent?.unit === u && (down === 'every' || oneToOne(c)));
    for (const next of [...up, ...below]) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return UNIT_NAMES.filter((u) => seen.has(u));
}
