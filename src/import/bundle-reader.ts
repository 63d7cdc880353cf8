import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import unzipper from 'unzipper';
import { SheetLayout } from './mapping';
import { SHEET_RULES } from './rules';
import { CsvSyntaxError, CsvTokenizer } from './csv-tokenizer';
import { EncodingError, firstInvalidUtf8, lineOfOffset, Utf8Decoder } from './utf8-guard';
import { ViolationLog } from './violations';

/**
 * One interface over both kinds of bundle (a folder of CSV files, an XLSX workbook): the round
 * metadata as a round.json-shaped object, and the rows of each sheet as an async iterator of
 * `{ sheet, rowNumber, record }` with rows numbered as a spreadsheet shows them.
 */

export const ROW_SHEETS = ['respondents', 'households', 'children'] as const;
export const XLSX_SHEETS = ['round', 'survey_points', ...ROW_SHEETS] as const;
export const SURVEY_POINT_COLUMNS = ['code', 'name', 'kind', 'direction', 'admin1_pcode', 'border_with'] as const;

export interface SheetRow {
  sheet: string;
  rowNumber: number;
  /** Canonical column -> cell text as read (not trimmed, not mapped). */
  record: Record<string, string>;
}

export interface HeaderInfo {
  header: string[];
  hxl: string[] | null;
}

/** Matches a header to canonical columns (see mapping.ts); null when the sheet cannot be read. */
export type LayoutResolver = (header: HeaderInfo) => SheetLayout | null;

/** Set by a read: false when the sheet could not be read to its end (so its ids are not all known). */
export interface ReadState {
  complete: boolean;
}

/** Where in the source a key of round.json came from, for violation messages. */
export interface SourcePlace {
  file: string;
  row?: number;
  column?: string;
}

export interface RoundSource {
  /** round.json-shaped object (keys camelCase, `surveyPoints` an array). */
  value: unknown;
  /** Place of a key (`country`) or a survey point field (`surveyPoints.2.kind`). */
  place(key: string): SourcePlace;
}

export interface BundleReader {
  readonly kind: 'folder' | 'xlsx';
  /** Total bytes of the inputs one pass over the row sheets reads (for progress), when known. */
  readonly rowBytes: number | null;
  /** File name (or `workbook.xlsx [sheet]`) used in messages. */
  label(sheet: string): string;
  /** Reads the round metadata; structural problems are added to the log and yield null. */
  readRound(log: ViolationLog, warnings: string[]): Promise<RoundSource | null>;
  rows(sheet: string, resolve: LayoutResolver, state: ReadState, log: ViolationLog, onBytes?: (n: number) => void): AsyncIterable<SheetRow>;
}

/** Opens a bundle path: a folder, or an `.xlsx` file. Problems with the path itself are violations. */
export async function openBundle(bundlePath: string, log: ViolationLog): Promise<BundleReader | null> {
  const where = path.basename(bundlePath) || bundlePath;
  let info;
  try {
    info = await stat(bundlePath);
  } catch {
    log.add({ file: where, rule: 'missing-file', problem: `the bundle ${bundlePath} does not exist; give a folder or an .xlsx workbook` });
    return null;
  }
  if (info.isDirectory()) return FolderBundle.open(bundlePath);
  if (/\.xlsx$/i.test(bundlePath)) return new XlsxBundle(bundlePath);
  log.add({
    file: where,
    rule: 'bundle-kind',
    problem: 'is neither a folder (round.json + respondents/households/children CSV) nor an .xlsx workbook',
  });
  return null;
}

function isHxlRow(cells: string[]): boolean {
  const first = cells.find((c) => c.trim().length > 0);
  return first !== undefined && first.trim().startsWith('#');
}

function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim().length === 0);
}

class FolderBundle implements BundleReader {
  readonly kind = 'folder' as const;

  private constructor(
    private readonly dir: string,
    readonly rowBytes: number | null,
  ) {}

  static async open(dir: string): Promise<FolderBundle> {
    let bytes = 0;
    for (const s of ROW_SHEETS) {
      bytes += await stat(path.join(dir, `${s}.csv`)).then((i) => i.size, () => 0);
    }
    return new FolderBundle(dir, bytes);
  }

  label(sheet: string): string {
    return sheet === 'round' ? 'round.json' : `${sheet}.csv`;
  }

  async readRound(log: ViolationLog): Promise<RoundSource | null> {
    const file = 'round.json';
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(this.dir, file));
    } catch {
      log.add({ file, rule: 'missing-file', problem: 'the bundle folder has no round.json (the round metadata)' });
      return null;
    }
    const bad = firstInvalidUtf8(bytes);
    if (bad !== -1) {
      const line = bytes.subarray(0, bad).toString('latin1').split('\n').length;
      log.add({ file, row: line, rule: 'encoding', problem: encodingProblem(bytes[bad], bad) });
      return null;
    }
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
    if (text.trim().length === 0) {
      log.add({ file, rule: 'empty-file', problem: 'the file is empty; it must hold the round metadata as a JSON object' });
      return null;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      log.add({ file, rule: 'json-syntax', problem: `is not valid JSON (${(e as Error).message})` });
      return null;
    }
    return { value, place: (key) => ({ file, column: key }) };
  }

  rows(sheet: string, resolve: LayoutResolver, state: ReadState, log: ViolationLog, onBytes?: (n: number) => void): AsyncIterable<SheetRow> {
    return readCsv(path.join(this.dir, `${sheet}.csv`), sheet, this.label(sheet), resolve, state, log, onBytes);
  }
}

function encodingProblem(byte: number | undefined, offset: number): string {
  const hex = byte === undefined ? 'end of file' : `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return `the file is not UTF-8: byte ${hex} at offset ${offset} is not valid UTF-8 (save the file as CSV UTF-8)`;
}

async function* readCsv(
  file: string,
  sheet: string,
  label: string,
  resolve: LayoutResolver,
  state: ReadState,
  log: ViolationLog,
  onBytes?: (n: number) => void,
): AsyncGenerator<SheetRow> {
  try {
    await stat(file);
  } catch {
    log.add({ file: label, rule: 'missing-file', problem: `the bundle folder has no ${label}` });
    state.complete = false;
    return;
  }
  const decoder = new Utf8Decoder();
  const tokenizer = new CsvTokenizer();
  let n = 0;
  let header: string[] | null = null;
  let hxl: string[] | null = null;
  let layout: SheetLayout | null | undefined;
  let encodingError: EncodingError | undefined;
  const records: string[][] = [];
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    let done = false;
    // Chunks are cut after their last line break (a byte that never occurs inside a UTF-8
    // character), so each decoded text starts a record and the tokenizer rarely carries text over.
    let pending: Buffer | null = null;
    const chunks = input[Symbol.asyncIterator]();
    while (!done) {
      const next = (await chunks.next()) as IteratorResult<Buffer>;
      records.length = 0;
      let part: Buffer | null = null;
      if (next.done) {
        done = true;
        part = pending;
        pending = null;
      } else {
        onBytes?.(next.value.length);
        const buf: Buffer = pending ? Buffer.concat([pending, next.value]) : next.value;
        const cut = buf.lastIndexOf(10) + 1;
        part = cut > 0 ? buf.subarray(0, cut) : null;
        pending = cut < buf.length ? Buffer.from(buf.subarray(cut)) : null;
      }
      if (part) {
        const { text, error } = decoder.decode(part);
        tokenizer.push(text, records);
        if (error) {
          encodingError = error;
          done = true;
        }
      }
      if (done && !encodingError) {
        encodingError = decoder.end();
        tokenizer.end(records);
      }
      for (const cells of records) {
        n += 1;
        if (header === null) {
          if (isBlank(cells)) {
            done = true;
            break;
          }
          header = cells;
          continue;
        }
        if (n === 2 && isHxlRow(cells)) {
          hxl = cells;
          continue;
        }
        if (layout === undefined) layout = resolve({ header, hxl });
        if (layout === null) {
          state.complete = false;
          return;
        }
        if (cells.length !== header.length) {
          if (isBlank(cells)) continue;
          log.add({
            file: label,
            row: n,
            rule: 'field-count',
            problem: `the row has ${cells.length} values but the header has ${header.length} columns (check the quoting and separators)`,
          });
          continue;
        }
        const record: Record<string, string> = {};
        const keys = layout.keys;
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i];
          if (k !== null) record[k] = cells[i];
        }
        yield { sheet, rowNumber: n, record };
      }
    }
  } catch (e) {
    state.complete = false;
    if (!(e instanceof CsvSyntaxError)) throw e;
    log.add({ file: label, row: e.record, rule: 'csv-syntax', problem: `is not valid CSV (RFC 4180, comma separated): ${e.message}` });
    return;
  } finally {
    input.destroy();
  }
  if (encodingError) {
    state.complete = false;
    log.add({ file: label, row: await lineOfOffset(file, encodingError.offset), rule: 'encoding', problem: encodingProblem(encodingError.byte, encodingError.offset) });
    return;
  }
  if (header === null) {
    state.complete = false;
    log.add({ file: label, rule: 'empty-file', problem: 'the file is empty; its first row must be the header naming the columns' });
    return;
  }
  if (layout === undefined && resolve({ header, hxl }) === null) state.complete = false;
}

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

interface WorkbookMeta {
  sheets: { name: string; id: number; rId: string; state: string }[];
  rels: { Id: string; Target: string }[];
  date1904: boolean;
}

function xmlAttributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) {
    out[m[1]] = m[2].replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e] as string);
  }
  return out;
}

/**
 * Sheet names, read from the zip's central directory before streaming. ExcelJS's streaming reader
 * names a worksheet only when xl/workbook.xml comes before it in the zip, which Excel does not
 * promise (and ExcelJS itself does not do).
 */
async function readWorkbookMeta(file: string): Promise<WorkbookMeta> {
  const directory = await unzipper.Open.file(file);
  const text = async (p: string) => {
    const entry = directory.files.find((f) => f.path === p);
    return entry ? (await entry.buffer()).toString('utf8') : null;
  };
  const workbook = await text('xl/workbook.xml');
  if (workbook === null) throw new Error('it has no xl/workbook.xml');
  const rels = await text('xl/_rels/workbook.xml.rels');
  const sheets = [...workbook.matchAll(/<(?:\w+:)?sheet\b([^>]*?)\/?>/g)].map((m) => {
    const a = xmlAttributes(m[1]);
    return { name: a.name ?? '', id: Number(a.sheetId), rId: a['r:id'] ?? '', state: a.state ?? 'visible' };
  });
  const relations = [...(rels ?? '').matchAll(/<(?:\w+:)?Relationship\b([^>]*?)\/?>/g)].map((m) => {
    const a = xmlAttributes(m[1]);
    return { Id: a.Id ?? '', Target: (a.Target ?? '').replace(/^\/?xl\//, '') };
  });
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*date1904="(1|true)"/.test(workbook);
  return { sheets, rels: relations, date1904 };
}

/** A streaming workbook reader that knows the sheet names from the start. */
function workbookReader(file: string, meta: WorkbookMeta): ExcelJS.stream.xlsx.WorkbookReader {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  Object.assign(reader, { model: { sheets: meta.sheets }, workbookRels: meta.rels, properties: { model: { date1904: meta.date1904 } } });
  return reader;
}

class XlsxBundle implements BundleReader {
  readonly kind = 'xlsx' as const;
  readonly rowBytes = null;
  private readonly name: string;

  private meta: Promise<WorkbookMeta> | null = null;
  /** Set when the workbook itself cannot be read: its sheets are then not tried one by one. */
  private unreadable = false;

  constructor(private readonly file: string) {
    this.name = path.basename(file);
  }

  private workbookMeta(): Promise<WorkbookMeta> {
    this.meta ??= readWorkbookMeta(this.file);
    return this.meta;
  }

  label(sheet: string): string {
    return `${this.name} [${sheet}]`;
  }

  /** Streams the worksheets; `visit` returns true to stop early. */
  private async eachSheet(visit: (name: string, rows: AsyncIterable<XlsxRow>) => Promise<boolean | void>): Promise<void> {
    const reader = workbookReader(this.file, await this.workbookMeta());
    try {
      for await (const ws of reader) {
        const sheet = ws as unknown as { name: string } & AsyncIterable<{ number: number; values: unknown }>;
        const rows = (async function* () {
          for await (const row of sheet) {
            const values = (Array.isArray(row.values) ? row.values : []) as unknown[];
            const cells: string[] = [];
            for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
            yield { number: row.number, cells, raw: values.slice(1) };
          }
        })();
        if (await visit(sheet.name, rows)) break;
      }
    } finally {
      (reader as unknown as { stream?: { destroy(): void } }).stream?.destroy();
    }
  }

  async readRound(log: ViolationLog, warnings: string[]): Promise<RoundSource | null> {
    let names: string[];
    const roundRows: XlsxRow[] = [];
    const pointRows: XlsxRow[] = [];
    try {
      names = (await this.workbookMeta()).sheets.map((s) => s.name);
      let found = 0;
      await this.eachSheet(async (name, rows) => {
        const target = name === 'round' ? roundRows : name === 'survey_points' ? pointRows : null;
        if (!target) return false;
        for await (const r of rows) target.push(r);
        return ++found === 2;
      });
    } catch (e) {
      this.unreadable = true;
      log.add({ file: this.name, rule: 'xlsx-unreadable', problem: `is not a readable XLSX workbook (${(e as Error).message})` });
      return null;
    }
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
    return this.roundFromSheets(roundRows, pointRows, log, (await this.workbookMeta()).date1904);
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
      if (self.unreadable) {
        state.complete = false;
        return;
      }
      let header: XlsxRow | null = null;
      let hxl: string[] | null = null;
      let layout: SheetLayout | null | undefined;
      let found = false;
      const iterate = async function* (): AsyncGenerator<SheetRow> {
        const meta = await self.workbookMeta();
        const reader = workbookReader(self.file, meta);
        try {
          for await (const ws of reader) {
            const w = ws as unknown as { name: string } & AsyncIterable<{ number: number; values: unknown }>;
            if (w.name !== sheet) continue;
            found = true;
            for await (const row of w) {
              const values = (Array.isArray(row.values) ? row.values : []) as unknown[];
              const cells: string[] = [];
              for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
              if (header === null) {
                if (isBlank(cells)) continue;
                header = { number: row.number, cells, raw: [] };
                continue;
              }
              if (row.number === header.number + 1 && hxl === null && isHxlRow(cells)) {
                hxl = cells;
                continue;
              }
              if (isBlank(cells)) continue;
              if (layout === undefined) layout = resolve({ header: header.cells, hxl });
              if (layout === null) {
                state.complete = false;
                return;
              }
              const record: Record<string, string> = {};
              const keys = layout.keys;
              for (let i = 0; i < keys.length; i++) {
                const k = keys[i];
                if (k === null) continue;
                const raw = values[i + 1];
                // A date column holding a bare number is an Excel date serial without its format.
                record[k] = typeof raw === 'number' && DATE_COLUMNS.has(k) ? excelSerialDate(raw, meta.date1904) : (cells[i] ?? '');
              }
              yield { sheet, rowNumber: row.number, record };
            }
            break;
          }
        } finally {
          (reader as unknown as { stream?: { destroy(): void } }).stream?.destroy();
        }
      };
      try {
        yield* iterate();
      } catch (e) {
        state.complete = false;
        log.add({ file: label, rule: 'xlsx-unreadable', problem: `the sheet cannot be read (${(e as Error).message})` });
        return;
      }
      if (!found) {
        // Already reported by readRound, which lists the sheets the workbook has.
        state.complete = false;
        return;
      }
      if (header === null) {
        state.complete = false;
        log.add({ file: label, rule: 'empty-file', problem: 'the sheet is empty; its first row must be the header naming the columns' });
        return;
      }
      if (layout === undefined && resolve({ header: (header as XlsxRow).cells, hxl }) === null) state.complete = false;
    })();
  }
}
