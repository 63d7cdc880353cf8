import type { ReadState, SheetRow } from './bundle';
import { IdRegistry, IntColumn } from './id-registry';
import { RowConverter } from './row-converter';
import { CHILD_RULES, HOUSEHOLD_RULES, RESPONDENT_RULES, SheetRules, TableSheet } from './rules';
import { SheetPass, sheetReading } from './sheet-reading';

/**
 * The first pass: streams every sheet once and checks every rule, keeping only what the
 * cross-sheet rules need (ids with their row numbers and declared/counted children), so memory
 * grows with the number of ids, never with the size of the rows.
 */

export interface ValidationSummary {
  counts: { respondents: number; households: number; children: number };
  /** Respondents per survey point code. */
  pointCounts: Map<string, number>;
}

// Markers kept in the per-id Int32 columns (one object per id would not fit a million-row round).
/** In a respondent's household column: no household row names the respondent (yet). */
const NO_HOUSEHOLD = -1;
/** In a household's declared travelling count: the counts cannot be checked (a row did not convert). */
const UNCHECKABLE = -2;
/** In a household's declared children_in_venezuela: the cell was left empty. */
const NOT_GIVEN = -1;

interface RespondentIds {
  ids: IdRegistry;
  /** Per respondent: the index of its household, or NO_HOUSEHOLD. */
  household: IntColumn;
  pointCounts: Map<string, number>;
  state: ReadState;
}

interface HouseholdIds {
  ids: IdRegistry;
  declaredTravelling: IntColumn;
  declaredLeft: IntColumn;
  countedTravelling: IntColumn;
  countedLeft: IntColumn;
  state: ReadState;
}

const PROGRESS_EVERY = 4096;

/** One validation pass over the sheets: reports progress and hands each row to a sheet's check. */
class RowScan {
  private bytes = 0;
  private rowsSeen = 0;
  private readonly onBytes: ((n: number) => void) | undefined;

  constructor(readonly pass: SheetPass) {
    const { reader } = pass;
    this.onBytes = reader.rowBytes === null ? undefined : (n: number) => (this.bytes += n);
    pass.progress.start('validate', reader.rowBytes, reader.rowBytes === null ? 'rows' : 'bytes');
  }

  label(sheet: TableSheet): string {
    return this.pass.reader.label(sheet);
  }

  /** Reads a sheet; `visit` gets each row with the sheet's converter (null when its header failed). */
  async each(rules: SheetRules, state: ReadState, visit: (row: SheetRow, convert: RowConverter | null) => void): Promise<void> {
    const reading = sheetReading(this.pass, rules);
    for await (const row of this.pass.reader.rows(rules.sheet, reading.resolve, state, this.pass.log, this.onBytes)) {
      this.rowsSeen += 1;
      if (this.rowsSeen % PROGRESS_EVERY === 0) this.report();
      visit(row, reading.converter());
    }
  }

  finish(): void {
    this.report();
    this.pass.progress.stop();
  }

  private report(): void {
    this.pass.progress.update(this.onBytes ? this.bytes : this.rowsSeen, this.rowsSeen);
  }
}

export async function validateRows(pass: SheetPass): Promise<ValidationSummary> {
  const scan = new RowScan(pass);
  const respondents = await validateRespondents(scan);
  const households = await validateHouseholds(scan, respondents);
  const respondentCount = respondents.ids.size;
  respondents.ids.release();
  const childCount = await validateChildren(scan, households);
  scan.finish();
  return {
    counts: { respondents: respondentCount, households: households.ids.size, children: childCount },
    pointCounts: respondents.pointCounts,
  };
}

const cellText = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * The unique-id rule every sheet shares: registers the row's id in `column` and returns its index,
 * or null when the cell is empty (the converter reports that) or the id was seen before (reported).
 */
function registerUniqueId(scan: RowScan, ids: IdRegistry, sheet: TableSheet, column: string, row: SheetRow): number | null {
  const id = cellText(row.record[column]);
  if (!id) return null;
  const found = ids.add(id, row.rowNumber);
  if (found.added) return found.index;
  scan.pass.log.add({
    file: scan.label(sheet),
    row: row.rowNumber,
    column,
    value: id,
    rule: 'unique',
    problem: `is already used at row ${found.firstRow}; each ${column} must be unique`,
  });
  return null;
}

async function validateRespondents(scan: RowScan): Promise<RespondentIds> {
  const sheet: RespondentIds = { ids: new IdRegistry(), household: new IntColumn(), pointCounts: new Map(), state: { complete: true } };
  await scan.each(RESPONDENT_RULES, sheet.state, (row, convert) => {
    if (registerUniqueId(scan, sheet.ids, 'respondents', 'respondent_id', row) !== null) sheet.household.push(NO_HOUSEHOLD);
    const values = convert?.(row.record, row.rowNumber);
    if (values) {
      const code = values.survey_point as string;
      sheet.pointCounts.set(code, (sheet.pointCounts.get(code) ?? 0) + 1);
    }
  });
  if (sheet.state.complete && sheet.ids.size === 0) {
    scan.pass.log.add({ file: scan.label('respondents'), rule: 'no-rows', problem: 'has no respondent rows; a round needs at least one interview' });
  }
  return sheet;
}

async function validateHouseholds(scan: RowScan, respondents: RespondentIds): Promise<HouseholdIds> {
  const { log } = scan.pass;
  const sheet: HouseholdIds = {
    ids: new IdRegistry(),
    declaredTravelling: new IntColumn(),
    declaredLeft: new IntColumn(),
    countedTravelling: new IntColumn(),
    countedLeft: new IntColumn(),
    state: { complete: true },
  };
  await scan.each(HOUSEHOLD_RULES, sheet.state, (row, convert) => {
    const index = registerUniqueId(scan, sheet.ids, 'households', 'household_id', row);
    if (index !== null) {
      sheet.declaredTravelling.push(UNCHECKABLE);
      sheet.declaredLeft.push(UNCHECKABLE);
      sheet.countedTravelling.push(0);
      sheet.countedLeft.push(0);
    }
    const respondentId = cellText(row.record.respondent_id);
    if (respondentId) {
      const ri = respondents.ids.find(respondentId);
      if (ri === null) {
        if (respondents.state.complete) {
          log.add({ file: scan.label('households'), row: row.rowNumber, column: 'respondent_id', value: respondentId, rule: 'reference', problem: `is not the respondent_id of any row of ${scan.label('respondents')}` });
        }
      } else if (respondents.household.get(ri) !== NO_HOUSEHOLD) {
        log.add({
          file: scan.label('households'),
          row: row.rowNumber,
          column: 'respondent_id',
          value: respondentId,
          rule: 'one-household-per-respondent',
          problem: `already has a household at row ${sheet.ids.rows.get(respondents.household.get(ri))}; a respondent has at most one household`,
        });
      } else if (index !== null) {
        respondents.household.set(ri, index);
      }
    }
    const values = convert?.(row.record, row.rowNumber);
    if (values && index !== null) {
      sheet.declaredTravelling.set(index, values.travelling_children as number);
      sheet.declaredLeft.set(index, values.children_in_venezuela === null ? NOT_GIVEN : (values.children_in_venezuela as number));
    }
  });
  if (respondents.state.complete && sheet.state.complete) checkEveryRespondentHasHousehold(scan, respondents);
  return sheet;
}

function checkEveryRespondentHasHousehold(scan: RowScan, respondents: RespondentIds): void {
  for (let i = 0; i < respondents.ids.size; i++) {
    if (respondents.household.get(i) !== NO_HOUSEHOLD) continue;
    scan.pass.log.add({
      file: scan.label('respondents'),
      row: respondents.ids.rows.get(i),
      column: 'respondent_id',
      value: respondents.ids.ids.id(i),
      rule: 'household-required',
      problem: `has no row in ${scan.label('households')}; every respondent has exactly one household row`,
    });
  }
}

/** Checks the children sheet and counts each household's children; returns the number of child ids. */
async function validateChildren(scan: RowScan, households: HouseholdIds): Promise<number> {
  const ids = new IdRegistry();
  const state: ReadState = { complete: true };
  await scan.each(CHILD_RULES, state, (row, convert) => {
    registerUniqueId(scan, ids, 'children', 'child_id', row);
    const householdId = cellText(row.record.household_id);
    const hi = householdId ? households.ids.find(householdId) : null;
    if (householdId && hi === null && households.state.complete) {
      scan.pass.log.add({ file: scan.label('children'), row: row.rowNumber, column: 'household_id', value: householdId, rule: 'reference', problem: `is not the household_id of any row of ${scan.label('households')}` });
    }
    const values = convert?.(row.record, row.rowNumber);
    if (hi === null) return;
    if (!values) {
      // The row's status is unknown: its household's counts cannot be checked.
      households.declaredTravelling.set(hi, UNCHECKABLE);
      return;
    }
    if (values.status === 'travelling') households.countedTravelling.set(hi, households.countedTravelling.get(hi) + 1);
    else households.countedLeft.set(hi, households.countedLeft.get(hi) + 1);
  });
  if (state.complete && households.state.complete) checkChildrenCounts(scan, households);
  return ids.size;
}

/** Each household's declared numbers of children against the rows counted in the children sheet. */
function checkChildrenCounts(scan: RowScan, households: HouseholdIds): void {
  const children = scan.label('children');
  for (let i = 0; i < households.ids.size; i++) {
    const travelling = households.declaredTravelling.get(i);
    if (travelling === UNCHECKABLE) continue;
    const id = households.ids.ids.id(i);
    const row = households.ids.rows.get(i);
    if (travelling !== households.countedTravelling.get(i)) {
      scan.pass.log.add({
        file: scan.label('households'),
        row,
        column: 'travelling_children',
        value: String(travelling),
        rule: 'children-count',
        problem: `must equal the number of travelling rows for household ${id} in ${children}, which is ${households.countedTravelling.get(i)}`,
      });
    }
    const left = households.declaredLeft.get(i);
    const listed = households.countedLeft.get(i);
    if (listed > 0 && left !== listed) {
      scan.pass.log.add({
        file: scan.label('households'),
        row,
        column: 'children_in_venezuela',
        value: left === NOT_GIVEN ? '' : String(left),
        rule: 'children-count',
        problem: `must equal the number of left_in_venezuela rows for household ${id} in ${children}, which is ${listed}`,
      });
    }
  }
}
