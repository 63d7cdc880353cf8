import type ExcelJS from 'exceljs';
import path from 'node:path';
import type { BundleReader, LayoutResolver, ReadState, RoundSource, SheetRow, SourcePlace } from './bundle';
import type { SheetLayout } from './mapping';
import { SHEET_RULES } from './rules';
import { isBlank, isHxlRow, SURVEY_POINT_COLUMNS, XLSX_SHEETS } from './sheet-format';
import { ViolationLog } from '../csv/violations';

const DATE_COLUMNS = new Set(
  Object.values(SHEET_RULES).flatMap((r) => r.columns.filter((c) => c.type.kind === 'date').map((c) => c.column)),
);
const ROUND_DATE_KEYS = new Set(['fieldworkStart', 'fieldworkEnd', 'publishedOn']);

/** `YYYY-MM-DD` of an Excel date serial (days since 1899-12-30, or since 1904-01-01). */
export function excelSerialDate(serial: number, date1904: boolean): string {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(epoch + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10);
}

/** Text of an ExcelJS cell value as a CSV cell would hold it. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('');
    if ('result' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    if ('error' in o) return String(o.error);
  }
  return String(v);
}

interface XlsxRow {
  number: number;
  cells: string[];
  /** The cell values as ExcelJS gives them (index 0 = column A). */
  raw: unknown[];
}

/**
 * An XLSX round bundle. The workbook is read once, with ExcelJS's workbook reader, and kept in
 * memory for both passes of an import. (ExcelJS's streaming reader was tried first: it named and
 * decoded sheets reliably only when the zip entries came in a particular order, and failed
 * intermittently on workbooks ExcelJS itself wrote.) Large rounds belong in CSV bundles, which
 * stream with flat memory; a sheet is limited to Excel's 1,048,576 rows anyway.
 */
export class XlsxBundle implements BundleReader {
  readonly kind = 'xlsx' as const;
  readonly rowBytes = null;
  private readonly name: string;
  private book: Promise<ExcelJS.Workbook> | null = null;
  /** Set when the workbook itself cannot be read: its sheets are then not tried one by one. */
  private unreadable = false;

  constructor(private readonly file: string) {
    this.name = path.basename(file);
  }

  private workbook(): Promise<ExcelJS.Workbook> {
    // ExcelJS (about 600 modules with its zip and stream dependencies) is loaded at the first XLSX
    // read, not by every process that can import: most imports, the hub's start and tests read CSV.
    this.book ??= import('exceljs').then(({ default: Excel }) => new Excel.Workbook().xlsx.readFile(this.file));
    return this.book;
  }

  label(sheet: string): string {
    return `${this.name} [${sheet}]`;
  }

  /** The non-empty rows of a sheet, in order, with their numbers as Excel shows them. */
  private *sheetRows(sheet: ExcelJS.Worksheet): Generator<XlsxRow> {
    for (let n = 1; n <= sheet.rowCount; n++) {
      const row = sheet.findRow(n);
      if (!row) continue;
      const raw = (Array.isArray(row.values) ? row.values : []).slice(1) as unknown[];
      const cells = Array.from({ length: raw.length }, (_v, i) => cellText(raw[i]));
      yield { number: n, cells, raw };
    }
  }

  async readRound(log: ViolationLog, warnings: string[]): Promise<RoundSource | null> {
    let book: ExcelJS.Workbook;
    try {
      book = await this.workbook();
    } catch (e) {
      this.unreadable = true;
      log.add({ file: this.name, rule: 'xlsx-unreadable', problem: `is not a readable XLSX workbook (${(e as Error).message})` });
      return null;
    }
    const names = book.worksheets.map((w) => w.name);
    const missing = XLSX_SHEETS.filter((s) => !names.includes(s));
    for (const sheet of missing) {
      log.add({
        file: this.name,
        rule: 'sheet-name',
        problem: `the workbook has no sheet named "${sheet}"; it has ${names.map((n) => `"${n}"`).join(', ') || 'no sheets'}; the sheets must be named ${XLSX_SHEETS.join(', ')}`,
      });
    }
    for (const extra of names.filter((n) => !(XLSX_SHEETS as readonly string[]).includes(n))) {
      warnings.push(`${this.name}: unknown sheet "${extra}" is ignored`);
    }
    if (missing.length > 0) return null;
    const rowsOf = (name: string) => [...this.sheetRows(book.getWorksheet(name)!)];
    return this.roundFromSheets(rowsOf('round'), rowsOf('survey_points'), log, book.properties.date1904 === true);
  }

  private roundFromSheets(roundRows: XlsxRow[], pointRows: XlsxRow[], log: ViolationLog, date1904: boolean): RoundSource | null {
    const places = new Map<string, SourcePlace>();
    const value: Record<string, unknown> = {};
    const roundLabel = this.label('round');
    const [head, ...body] = roundRows.filter((r) => !isBlank(r.cells));
    if (!head) {
      log.add({ file: roundLabel, rule: 'empty-file', problem: 'the sheet is empty; it must have the columns key and value' });
      return null;
    }
    const keyAt = head.cells.findIndex((c) => c.trim().toLowerCase() === 'key');
    const valueAt = head.cells.findIndex((c) => c.trim().toLowerCase() === 'value');
    if (keyAt < 0 || valueAt < 0) {
      log.add({ file: roundLabel, row: head.number, rule: 'missing-column', problem: 'the sheet must have the columns key and value' });
      return null;
    }
    for (const r of body) {
      const key = (r.cells[keyAt] ?? '').trim();
      if (!key || key.startsWith('#')) continue;
      const raw = r.raw[valueAt];
      const text = typeof raw === 'number' && ROUND_DATE_KEYS.has(key) ? excelSerialDate(raw, date1904) : (r.cells[valueAt] ?? '').trim();
      value[key] = text === '' ? null : key === 'number' && /^\d+$/.test(text) ? Number(text) : text;
      places.set(key, { file: roundLabel, row: r.number, column: 'value' });
    }
    const pointsLabel = this.label('survey_points');
    const [pHead, ...pBody] = pointRows.filter((r) => !isBlank(r.cells));
    const points: Record<string, unknown>[] = [];
    if (pHead) {
      const idx = new Map(pHead.cells.map((c, i) => [c.trim().toLowerCase(), i]));
      for (const c of SURVEY_POINT_COLUMNS) {
        if (!idx.has(c) && (c === 'code' || c === 'name' || c === 'kind' || c === 'direction' || c === 'admin1_pcode')) {
          log.add({ file: pointsLabel, row: pHead.number, column: c, rule: 'missing-column', problem: 'required column is missing' });
        }
      }
      for (const r of pBody) {
        if (isHxlRow(r.cells) && r.number === pHead.number + 1) continue;
        const point: Record<string, unknown> = {};
        const get = (c: string) => {
          const i = idx.get(c);
          const t = i === undefined ? '' : (r.cells[i] ?? '').trim();
          return t === '' ? null : t;
        };
        point.code = get('code');
        point.name = get('name');
        point.kind = get('kind');
        point.direction = get('direction');
        point.admin1Pcode = get('admin1_pcode');
        point.borderWith = get('border_with');
        const n = points.length;
        for (const [camel, snake] of [
          ['code', 'code'], ['name', 'name'], ['kind', 'kind'], ['direction', 'direction'],
          ['admin1Pcode', 'admin1_pcode'], ['borderWith', 'border_with'],
        ]) {
          places.set(`surveyPoints.${n}.${camel}`, { file: pointsLabel, row: r.number, column: snake });
        }
        places.set(`surveyPoints.${n}`, { file: pointsLabel, row: r.number });
        points.push(point);
      }
    }
    places.set('surveyPoints', { file: pointsLabel });
    value.surveyPoints = points;
    return {
      value,
      place: (key) => places.get(key) ?? (key.startsWith('surveyPoints') ? { file: pointsLabel } : { file: roundLabel, column: key }),
    };
  }

  rows(sheet: string, resolve: LayoutResolver, state: ReadState, log: ViolationLog): AsyncIterable<SheetRow> {
    const label = this.label(sheet);
    const self = this;
    return (async function* () {
      let book: ExcelJS.Workbook;
      try {
        if (self.unreadable) throw new Error('unreadable');
        book = await self.workbook();
      } catch {
        // Already reported by readRound.
        state.complete = false;
        return;
      }
      const ws = book.getWorksheet(sheet);
      if (!ws) {
        // Already reported by readRound, which lists the sheets the workbook has.
        state.complete = false;
        return;
      }
      const date1904 = book.properties.date1904 === true;
      let header: XlsxRow | null = null;
      let hxl: string[] | null = null;
      let layout: SheetLayout | null | undefined;
      for (const row of self.sheetRows(ws)) {
        if (header === null) {
          if (isBlank(row.cells)) continue;
          header = row;
          continue;
        }
        if (row.number === header.number + 1 && hxl === null && isHxlRow(row.cells)) {
          hxl = row.cells;
          continue;
        }
        if (isBlank(row.cells)) continue;
        if (layout === undefined) layout = resolve({ header: header.cells, hxl });
        if (layout === null) {
          state.complete = false;
          return;
        }
        const record: Record<string, string> = {};
        layout.keys.forEach((k, i) => {
          if (k === null) return;
          const raw = row.raw[i];
          // A date column holding a bare number is an Excel date serial without its format.
          record[k] = typeof raw === 'number' && DATE_COLUMNS.has(k) ? excelSerialDate(raw, date1904) : (row.cells[i] ?? '');
        });
        yield { sheet, rowNumber: row.number, record };
      }
      if (header === null) {
        state.complete = false;
        log.add({ file: label, rule: 'empty-file', problem: 'the sheet is empty; its first row must be the header naming the columns' });
        return;
      }
      if (layout === undefined && resolve({ header: header.cells, hxl }) === null) state.complete = false;
    })();
  }
}
