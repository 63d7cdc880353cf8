import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { foldName } from '../modules/location/location.data';
import { ViolationLog } from '../csv/violations';

/**
 * Header and value mapping: turns the column names and answer labels of a real export
 * (`group_x/sexo`, `hombre`) into the canonical ones before any rule is checked.
 */

export interface Mapping {
  /** Per sheet: normalised source header or HXL tag -> canonical column. */
  headers: Map<string, Map<string, string>>;
  /** Per `column` (every sheet) or `sheet.column`: folded source value -> canonical value. */
  values: Map<string, Map<string, string>>;
}

export const EMPTY_MAPPING: Mapping = { headers: new Map(), values: new Map() };

/** `#Affected +F +Children` and `#affected+children+f` are the same HXL column. */
export function normaliseHxl(tag: string): string {
  const parts = tag.replace(/\s+/g, '').toLowerCase().split('+');
  const [head, ...attributes] = parts;
  return [head, ...attributes.filter((a) => a.length > 0).sort()].join('+');
}

function normaliseHeader(source: string): string {
  const t = source.trim();
  return t.startsWith('#') ? normaliseHxl(t) : t.toLowerCase();
}

/**
 * Reads and checks a mapping file. `columnsBySheet` lists the canonical columns a mapping may
 * target. Problems become violations of the mapping file; the result is then empty.
 */
export async function loadMapping(
  file: string,
  columnsBySheet: Record<string, readonly string[]>,
  log: ViolationLog,
): Promise<Mapping> {
  const label = path.basename(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    log.add({ file: label, rule: 'missing-file', problem: `the mapping file ${file} cannot be read` });
    return EMPTY_MAPPING;
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    log.add({ file: label, rule: 'json-syntax', problem: `is not valid JSON (${(e as Error).message})` });
    return EMPTY_MAPPING;
  }
  if (!isObject(json)) {
    log.add({ file: label, rule: 'mapping', problem: 'must be a JSON object whose keys are sheet names and "values"' });
    return EMPTY_MAPPING;
  }
  const before = log.total;
  const mapping: Mapping = { headers: new Map(), values: new Map() };
  const sheets = Object.keys(columnsBySheet);
  for (const [key, entry] of Object.entries(json)) {
    if (key === 'values') {
      readValues(entry, columnsBySheet, label, log, mapping);
      continue;
    }
    const columns = columnsBySheet[key];
    if (!columns) {
      log.add({ file: label, column: key, rule: 'mapping', problem: `unknown key; allowed keys are ${[...sheets, 'values'].join(', ')}` });
      continue;
    }
    if (!isStringRecord(entry)) {
      log.add({ file: label, column: key, rule: 'mapping', problem: 'must map source headers to canonical column names (strings)' });
      continue;
    }
    const headers = new Map<string, string>();
    for (const [source, target] of Object.entries(entry)) {
      if (!columns.includes(target)) {
        log.add({
          file: label,
          column: `${key}.${source}`,
          value: target,
          rule: 'mapping',
          problem: `is not a column of ${key}; allowed: ${columns.join(', ')}`,
        });
        continue;
      }
      headers.set(normaliseHeader(source), target);
    }
    mapping.headers.set(key, headers);
  }
  return log.total === before ? mapping : EMPTY_MAPPING;
}

function readValues(
  entry: unknown,
  columnsBySheet: Record<string, readonly string[]>,
  label: string,
  log: ViolationLog,
  mapping: Mapping,
): void {
  if (!isObject(entry)) {
    log.add({ file: label, column: 'values', rule: 'mapping', problem: 'must be an object: { column: { source value: canonical value } }' });
    return;
  }
  const allColumns = new Set(Object.values(columnsBySheet).flat());
  for (const [key, map] of Object.entries(entry)) {
    const [sheet, column] = key.includes('.') ? key.split('.', 2) : [undefined, key];
    const known = sheet === undefined ? allColumns.has(column) : (columnsBySheet[sheet] ?? []).includes(column);
    if (!known) {
      log.add({ file: label, column: `values.${key}`, rule: 'mapping', problem: 'names no column of the format (use "column" or "sheet.column")' });
      continue;
    }
    if (!isStringRecord(map)) {
      log.add({ file: label, column: `values.${key}`, rule: 'mapping', problem: 'must map source values to canonical values (strings)' });
      continue;
    }
    mapping.values.set(key, new Map(Object.entries(map).map(([from, to]) => [foldName(from), to])));
  }
}

export interface SheetLayout {
  /** Canonical column of each source column (by position), or null when ignored. */
  keys: (string | null)[];
  /** Canonical column -> source header, to name the column as the operator sees it. */
  sourceNames: Map<string, string>;
  /** Canonical column -> value mapping for this sheet. */
  valueMaps: Map<string, Map<string, string>>;
}

/**
 * Matches a sheet's header (and HXL row) to the canonical columns: first the mapping (by header,
 * then by HXL tag), then the canonical names themselves and their old names, case-insensitively. Unknown columns are
 * warnings; a missing required column or a column given twice is a violation and yields null.
 */
export function resolveLayout(args: {
  sheet: string;
  file: string;
  header: string[];
  hxl: string[] | null;
  columns: readonly string[];
  /** Old column names still accepted: old name -> canonical column. */
  aliases?: ReadonlyMap<string, string>;
  required: readonly string[];
  mapping: Mapping;
  log: ViolationLog;
  warnings: string[];
}): SheetLayout | null {
  const { sheet, file, header, hxl, columns, required, mapping, log, warnings } = args;
  const byMapping = mapping.headers.get(sheet) ?? new Map<string, string>();
  const canonical = new Map([...(args.aliases ?? []), ...columns.map((c) => [c.toLowerCase(), c] as const)]);
  const keys: (string | null)[] = [];
  const sourceNames = new Map<string, string>();
  let ok = true;
  header.forEach((raw, i) => {
    const name = raw.trim();
    const tag = hxl?.[i]?.trim();
    let key =
      byMapping.get(normaliseHeader(name)) ??
      (tag ? byMapping.get(normaliseHxl(tag)) : undefined) ??
      canonical.get(name.toLowerCase()) ??
      null;
    if (key === null) {
      if (name.length > 0 || (tag && tag.length > 0)) {
        warnings.push(`${file}: unknown column ${JSON.stringify(name || tag)} (column ${i + 1}) is ignored`);
      }
      keys.push(null);
      return;
    }
    const earlier = sourceNames.get(key);
    if (earlier !== undefined) {
      log.add({
        file,
        row: 1,
        column: key,
        rule: 'duplicate-column',
        problem: `is given twice (by ${JSON.stringify(earlier)} and ${JSON.stringify(name)}); each column may appear once`,
      });
      ok = false;
      key = null;
    } else {
      sourceNames.set(key, name);
    }
    keys.push(key);
  });
  const missing = required.filter((c) => !sourceNames.has(c));
  for (const column of missing) {
    log.add({
      file,
      row: 1,
      column,
      rule: 'missing-column',
      problem: `required column is missing; the header has ${header.map((h) => h.trim()).filter(Boolean).join(', ') || 'no columns'}`,
    });
    ok = false;
  }
  if (!ok) return null;
  const valueMaps = new Map<string, Map<string, string>>();
  for (const c of columns) {
    const specific = mapping.values.get(`${sheet}.${c}`) ?? mapping.values.get(c);
    if (specific) valueMaps.set(c, specific);
  }
  return { keys, sourceNames, valueMaps };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return isObject(v) && Object.values(v).every((x) => typeof x === 'string');
}
