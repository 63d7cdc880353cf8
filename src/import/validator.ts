import type { BundleReader, ReadState } from './bundle';
import { IdTable } from './id-table';
import { Mapping, resolveLayout, SheetLayout } from './mapping';
import { LocationIndex } from './locations';
import { ProgressSink } from './progress';
import { RoundCheck } from './round-meta';
import { compileRowConverter, RowConverter } from './row-converter';
import { CHILD_RULES, HOUSEHOLD_RULES, RESPONDENT_RULES, SheetRules, TableSheet } from './rules';
import { ViolationLog } from './violations';

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

export interface SheetPass {
  reader: BundleReader;
  mapping: Mapping;
  locations: LocationIndex;
  round: RoundCheck;
  log: ViolationLog;
  warnings: string[];
  progress: ProgressSink;
}

/** A growable Int32Array: per-id numbers without one JS object per id. */
class IntColumn {
  private data = new Int32Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i];
  }

  set(i: number, v: number): void {
    this.data[i] = v;
  }
}

/** Ids of a sheet in first-seen order, each with its row number. */
class IdRegistry {
  ids = new IdTable();
  rows = new IntColumn();

  /** Frees the memory once no later sheet refers to these ids. */
  release(): void {
    this.ids = new IdTable();
    this.rows = new IntColumn();
  }

  /** The index of a new id, or the row number where it was first seen (as a negative number). */
  add(id: string, row: number): number {
    const i = this.ids.add(id);
    if (i < 0) return -this.rows.get(-i - 1);
    this.rows.push(row);
    return i;
  }

  get(id: string): number {
    return this.ids.get(id);
  }

  get size(): number {
    return this.ids.size;
  }
}

/** Builds the layout resolver and the row converter of a sheet, once its header is known. */
export function sheetReading(pass: SheetPass, rules: SheetRules): { resolve: (h: { header: string[]; hxl: string[] | null }) => SheetLayout | null; converter: () => RowConverter | null } {
  let converter: RowConverter | null = null;
  const file = pass.reader.label(rules.sheet);
  return {
    resolve: ({ header, hxl }) => {
      const layout = resolveLayout({
        sheet: rules.sheet,
        file,
        header,
        hxl,
        columns: rules.columns.map((c) => c.column),
        required: rules.columns.filter((c) => c.required).map((c) => c.column),
        mapping: pass.mapping,
        log: pass.log,
        warnings: pass.warnings,
      });
      if (layout) {
        converter = compileRowConverter(rules, {
          file,
          layout,
          locations: pass.locations,
          fieldwork: pass.round.fieldwork,
          pointCodes: pass.round.pointCodes,
          report: (v) => pass.log.add(v),
        });
      }
      return layout;
    },
    converter: () => converter,
  };
}

const PROGRESS_EVERY = 4096;

export async function validateRows(pass: SheetPass): Promise<ValidationSummary> {
  const { reader, log, progress } = pass;
  let bytes = 0;
  let rowsSeen = 0;
  const onBytes = reader.rowBytes === null ? undefined : (n: number) => (bytes += n);
  const tick = () => {
    rowsSeen += 1;
    if (rowsSeen % PROGRESS_EVERY === 0) progress.update(onBytes ? bytes : rowsSeen, rowsSeen);
  };
  progress.start('validate', reader.rowBytes, reader.rowBytes === null ? 'rows' : 'bytes');

  const label = (s: TableSheet) => reader.label(s);
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

  // respondents
  const respondents = new IdRegistry();
  const respondentHousehold = new IntColumn();
  const pointCounts = new Map<string, number>();
  const respondentsState: ReadState = { complete: true };
  {
    const r = sheetReading(pass, RESPONDENT_RULES);
    for await (const row of reader.rows('respondents', r.resolve, respondentsState, log, onBytes)) {
      tick();
      const id = str(row.record.respondent_id);
      if (id) {
        const at = respondents.add(id, row.rowNumber);
        if (at < 0) {
          log.add({ file: label('respondents'), row: row.rowNumber, column: 'respondent_id', value: id, rule: 'unique', problem: `is already used at row ${-at}; each respondent_id must be unique` });
        } else {
          respondentHousehold.push(-1);
        }
      }
      const values = r.converter()?.(row.record, row.rowNumber);
      if (values) {
        const code = values.survey_point as string;
        pointCounts.set(code, (pointCounts.get(code) ?? 0) + 1);
      }
    }
    if (respondentsState.complete && respondents.size === 0) {
      log.add({ file: label('respondents'), rule: 'no-rows', problem: 'has no respondent rows; a round needs at least one interview' });
    }
  }

  // households
  const households = new IdRegistry();
  const declaredTravelling = new IntColumn();
  const declaredLeft = new IntColumn();
  const countedTravelling = new IntColumn();
  const countedLeft = new IntColumn();
  const householdsState: ReadState = { complete: true };
  {
    const r = sheetReading(pass, HOUSEHOLD_RULES);
    for await (const row of reader.rows('households', r.resolve, householdsState, log, onBytes)) {
      tick();
      const id = str(row.record.household_id);
      let index = -1;
      if (id) {
        const at = households.add(id, row.rowNumber);
        if (at < 0) {
          log.add({ file: label('households'), row: row.rowNumber, column: 'household_id', value: id, rule: 'unique', problem: `is already used at row ${-at}; each household_id must be unique` });
        } else {
          index = at;
          declaredTravelling.push(-2);
          declaredLeft.push(-2);
          countedTravelling.push(0);
          countedLeft.push(0);
        }
      }
      const respondentId = str(row.record.respondent_id);
      if (respondentId) {
        const ri = respondents.get(respondentId);
        if (ri < 0) {
          if (respondentsState.complete) {
            log.add({ file: label('households'), row: row.rowNumber, column: 'respondent_id', value: respondentId, rule: 'reference', problem: `is not the respondent_id of any row of ${label('respondents')}` });
          }
        } else if (respondentHousehold.get(ri) >= 0) {
          const other = respondentHousehold.get(ri);
          log.add({
            file: label('households'),
            row: row.rowNumber,
            column: 'respondent_id',
            value: respondentId,
            rule: 'one-household-per-respondent',
            problem: `already has a household at row ${households.rows.get(other)}; a respondent has at most one household`,
          });
        } else if (index >= 0) {
          respondentHousehold.set(ri, index);
        }
      }
      const values = r.converter()?.(row.record, row.rowNumber);
      if (values && index >= 0) {
        declaredTravelling.set(index, values.travelling_children as number);
        declaredLeft.set(index, values.children_in_venezuela === null ? -1 : (values.children_in_venezuela as number));
      }
    }
    if (respondentsState.complete && householdsState.complete) {
      for (let i = 0; i < respondents.size; i++) {
        if (respondentHousehold.get(i) < 0) {
          log.add({
            file: label('respondents'),
            row: respondents.rows.get(i),
            column: 'respondent_id',
            value: respondents.ids.id(i),
            rule: 'household-required',
            problem: `has no row in ${label('households')}; every respondent has exactly one household row`,
          });
        }
      }
    }
  }

  const respondentCount = respondents.size;
  respondents.release();

  // children
  const children = new IdRegistry();
  const childrenState: ReadState = { complete: true };
  {
    const r = sheetReading(pass, CHILD_RULES);
    for await (const row of reader.rows('children', r.resolve, childrenState, log, onBytes)) {
      tick();
      const id = str(row.record.child_id);
      if (id) {
        const at = children.add(id, row.rowNumber);
        if (at < 0) {
          log.add({ file: label('children'), row: row.rowNumber, column: 'child_id', value: id, rule: 'unique', problem: `is already used at row ${-at}; each child_id must be unique` });
        }
      }
      const householdId = str(row.record.household_id);
      const hi = householdId ? households.get(householdId) : -1;
      if (householdId && hi < 0 && householdsState.complete) {
        log.add({ file: label('children'), row: row.rowNumber, column: 'household_id', value: householdId, rule: 'reference', problem: `is not the household_id of any row of ${label('households')}` });
      }
      const values = r.converter()?.(row.record, row.rowNumber);
      if (hi < 0) continue;
      if (!values) {
        // The row's status is unknown: its household's counts cannot be checked.
        declaredTravelling.set(hi, -2);
        continue;
      }
      if (values.status === 'travelling') countedTravelling.set(hi, countedTravelling.get(hi) + 1);
      else countedLeft.set(hi, countedLeft.get(hi) + 1);
    }
    if (childrenState.complete && householdsState.complete) {
      for (let i = 0; i < households.size; i++) {
        const travelling = declaredTravelling.get(i);
        if (travelling === -2) continue;
        const id = households.ids.id(i);
        const row = households.rows.get(i);
        if (travelling !== countedTravelling.get(i)) {
          log.add({
            file: label('households'),
            row,
            column: 'travelling_children',
            value: String(travelling),
            rule: 'children-count',
            problem: `must equal the number of travelling rows for household ${id} in ${label('children')}, which is ${countedTravelling.get(i)}`,
          });
        }
        const left = declaredLeft.get(i);
        const listed = countedLeft.get(i);
        if (listed > 0 && left !== listed) {
          log.add({
            file: label('households'),
            row,
            column: 'children_in_venezuela',
            value: left < 0 ? '' : String(left),
            rule: 'children-count',
            problem: `must equal the number of left_in_venezuela rows for household ${id} in ${label('children')}, which is ${listed}`,
          });
        }
      }
    }
  }
  progress.update(onBytes ? bytes : rowsSeen, rowsSeen);
  progress.stop();
  return {
    counts: { respondents: respondentCount, households: households.size, children: children.size },
    pointCounts,
  };
}
