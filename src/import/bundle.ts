import type { SheetLayout } from './mapping';
import type { ViolationLog } from '../csv/violations';

/**
 * One interface over both kinds of bundle (a folder of CSV files, an XLSX workbook): the round
 * metadata as a round.json-shaped object, and the rows of each sheet as an async iterator of
 * `{ sheet, rowNumber, record }` with rows numbered as a spreadsheet shows them.
 */

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
