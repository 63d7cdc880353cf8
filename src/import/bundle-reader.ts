import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { SheetLayout } from './mapping';
import { SHEET_RULES } from './rules';
import { CsvSyntaxError, CsvTokenizer } from '../csv/csv-tokenizer';
import { EncodingError, firstInvalidUtf8, lineOfOffset, Utf8Decoder } from '../csv/utf8-guard';
import { isBlank, isHxlRow, ROW_SHEETS } from './sheet-format';
import { ViolationLog } from '../csv/violations';
import { XlsxBundle } from './xlsx-bundle';
import type { BundleReader, LayoutResolver, ReadState, RoundSource, SheetRow } from './bundle';

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

