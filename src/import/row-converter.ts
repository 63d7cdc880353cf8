import { foldName } from '../modules/location/location.data';
import { parseDate, parseInteger, parseNumber, parseYesNo, splitMulti } from './cells';
import { LocationIndex } from './locations';
import { SheetLayout } from './mapping';
import { ColumnRule, describeAllowed, MAX_ID_LENGTH, SheetRules } from './rules';
import { ViolationInput } from '../csv/violations';

export type CellValue = string | number | boolean | null | string[];
export type ConvertedRow = Record<string, CellValue>;

export interface RowContext {
  file: string;
  layout: SheetLayout;
  locations: LocationIndex;
  fieldwork: { start: string; end: string } | null;
  /** Survey point codes of the round (lower case); null when the round's list is unreadable. */
  pointCodes: Set<string> | null;
  report: (v: ViolationInput) => void;
}

/** Turns one record into typed, normalised values, or null (after reporting) when a rule is broken. */
export type RowConverter = (record: Record<string, string>, rowNumber: number) => ConvertedRow | null;

const INVALID = Symbol('invalid');
type Parsed = CellValue | typeof INVALID;

/** Builds the converter of a sheet once, so each row only runs the per-column closures. */
export function compileRowConverter(rules: SheetRules, ctx: RowContext): RowConverter {
  const columns = rules.columns.map((rule) => ({ rule, parse: compileCell(rule, ctx) }));
  // Columns of the current row that failed their own rule: cross-column rules skip them.
  const invalid = new Set<string>();
  return (record, rowNumber) => {
    const out: ConvertedRow = {};
    let ok = true;
    for (const { rule, parse } of columns) {
      const raw = record[rule.column];
      const v = parse(raw === undefined ? '' : raw, rowNumber);
      if (v === INVALID) {
        ok = false;
        out[rule.column] = null;
        invalid.add(rule.column);
      } else {
        out[rule.column] = v;
      }
    }
    for (const rule of rules.columns) {
      if (!checkRowRules(rule, out, invalid, record, rowNumber, ctx)) ok = false;
    }
    invalid.clear();
    return ok ? out : null;
  };
}

function checkRowRules(
  rule: ColumnRule,
  out: ConvertedRow,
  invalid: Set<string>,
  record: Record<string, string>, rowNumber: number, ctx: RowContext): boolean {
  const value = out[rule.column];
  if (value === null || invalid.has(rule.column)) return true;
  const fail = (problem: string, ruleName: string) => {
    ctx.report({
      file: ctx.file,
      row: rowNumber,
      column: rule.column,
      columnSource: ctx.layout.sourceNames.get(rule.column),
      value: (record[rule.column] ?? '').trim(),
      rule: ruleName,
      problem,
    });
    return false;
  };
  if (rule.type.kind === 'admin1-of') {
    const countryColumn = rule.type.countryColumn;
    if (invalid.has(countryColumn)) return false;
    const country = out[countryColumn];
    if (typeof country !== 'string') return fail(`needs ${countryColumn}: it is an area of that country`, 'only-when');
    const pcode = ctx.locations.admin1(country, String(value));
    if (pcode === undefined) return fail(ctx.locations.unknownAdmin1(country, String(value)), 'location');
    out[rule.column] = pcode;
  }
  if (rule.onlyWhen && !invalid.has(rule.onlyWhen.column)) {
    const other = out[rule.onlyWhen.column];
    if (other !== rule.onlyWhen.equals) {
      const expected = typeof rule.onlyWhen.equals === 'boolean' ? (rule.onlyWhen.equals ? 'yes' : 'no') : rule.onlyWhen.equals;
      const actual = other === null ? 'empty' : typeof other === 'boolean' ? (other ? 'yes' : 'no') : String(other);
      return fail(`may only be answered when ${rule.onlyWhen.column} is ${expected} (here ${rule.onlyWhen.column} is ${actual})`, 'only-when');
    }
  }
  if (rule.lessThan && !invalid.has(rule.lessThan)) {
    const other = out[rule.lessThan];
    if (typeof other === 'number' && typeof value === 'number' && !(value < other)) {
      return fail(`must be less than ${rule.lessThan} (${other})`, 'less-than');
    }
  }
  if (rule.atMost && !invalid.has(rule.atMost)) {
    const other = out[rule.atMost];
    if (other === null) return fail(`needs ${rule.atMost}: it counts the children among those members`, 'at-most');
    if (typeof other === 'number' && typeof value === 'number' && value > other) {
      return fail(`must not exceed ${rule.atMost} (${other})`, 'at-most');
    }
  }
  return true;
}

function compileCell(rule: ColumnRule, ctx: RowContext): (raw: string, rowNumber: number) => Parsed {
  const { column, type } = rule;
  const allowed = describeAllowed(type);
  const valueMap = ctx.layout.valueMaps.get(column);
  const columnSource = ctx.layout.sourceNames.get(column);
  const map = (t: string): string => (valueMap ? valueMap.get(foldName(t)) ?? t : t);
  const fail = (rowNumber: number, raw: string, ruleName: string, problem = `must be ${allowed}`): Parsed => {
    ctx.report({ file: ctx.file, row: rowNumber, column, columnSource, value: raw, rule: ruleName, problem });
    return INVALID;
  };

  const single = (parse: (t: string, raw: string, rowNumber: number) => Parsed) => (raw: string, rowNumber: number): Parsed => {
    const t = raw.trim();
    if (t.length === 0) return rule.required ? fail(rowNumber, raw, 'required', `is required: ${allowed}`) : null;
    return parse(map(t), t, rowNumber);
  };
  const multi = (one: (t: string) => string | undefined, ruleName: string) =>
    single((_t, raw, rowNumber) => {
      const out: string[] = [];
      for (const part of splitMulti(raw)) {
        const code = one(map(part));
        if (code === undefined) return fail(rowNumber, raw, ruleName, `${JSON.stringify(part)} is not allowed: must be ${allowed}`);
        if (out.includes(code)) return fail(rowNumber, raw, 'duplicate-choice', `${JSON.stringify(part)} is listed twice`);
        out.push(code);
      }
      return out.length === 0 ? null : out;
    });

  switch (type.kind) {
    case 'id':
    case 'ref':
      return single((t, raw, n) => (t.length > MAX_ID_LENGTH ? fail(n, raw, 'max-length') : t));
    case 'survey-point': {
      const codes = () => [...(ctx.pointCodes ?? [])].join(', ');
      return single((t, raw, n) => {
        const code = t.toLowerCase();
        if (ctx.pointCodes && !ctx.pointCodes.has(code)) {
          return fail(n, raw, 'reference', `must be one of the round's survey point codes: ${codes()}`);
        }
        return code;
      });
    }
    case 'code': {
      const codes = new Set(type.codes);
      return single((t, raw, n) => {
        const code = t.toLowerCase();
        return codes.has(code) ? code : fail(n, raw, 'code');
      });
    }
    case 'codes': {
      const codes = new Set(type.codes);
      return multi((t) => (codes.has(t.toLowerCase()) ? t.toLowerCase() : undefined), 'code');
    }
    case 'country':
      return single((t, raw, n) => ctx.locations.country(t) ?? fail(n, raw, 'country'));
    case 'countries':
      return multi((t) => ctx.locations.country(t), 'country');
    case 'admin1': {
      const names = ctx.locations.admin1Names(type.country).join(', ');
      return single(
        (t, raw, n) => ctx.locations.admin1(type.country, t) ?? fail(n, raw, 'location', `must be ${allowed}, one of ${names}`),
      );
    }
    case 'admin1-of':
      // Resolved with the row's country in checkRowRules: a name means different areas in different countries.
      return single((t) => t);
    case 'integer':
      return single((t, raw, n) => {
        const v = parseInteger(t);
        if (v === undefined) return fail(n, raw, 'integer');
        if (v < type.min || (type.max !== undefined && v > type.max)) return fail(n, raw, 'range');
        return v;
      });
    case 'number':
      return single((t, raw, n) => {
        const v = parseNumber(t);
        if (v === undefined) return fail(n, raw, 'number');
        if (v < type.min || v > type.max) return fail(n, raw, 'range');
        return v;
      });
    case 'date':
      return single((t, raw, n) => {
        const v = parseDate(t);
        if (v === undefined) return fail(n, raw, 'date');
        const fw = ctx.fieldwork;
        if (rule.withinFieldwork && fw && (v < fw.start || v > fw.end)) {
          return fail(n, raw, 'within-fieldwork', `must be within the fieldwork period, ${fw.start} to ${fw.end}`);
        }
        return v;
      });
    case 'yes-no':
      return single((t, raw, n) => {
        const v = parseYesNo(t);
        return v === undefined ? fail(n, raw, 'yes-no') : v;
      });
  }
}
