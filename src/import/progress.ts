/**
 * Progress of an import, reported by phase. The import calls `update` often (every few thousand
 * rows); sinks throttle their own output. No sink ever receives answer values.
 */
export type ImportPhase = 'validate' | 'write';

export interface ProgressSink {
  /** A phase starts; `total` is in `unit`s when known (bytes of CSV to read, rows to write). */
  start(phase: ImportPhase, total: number | null, unit: 'bytes' | 'rows'): void;
  /** `done` units so far and `rows` rows so far in the current phase. */
  update(done: number, rows: number): void;
  /** The current phase ended. */
  stop(): void;
  /** Another import is writing: this one has waited this many seconds (told at once, then every 5 s). */
  waiting?(seconds: number): void;
}

export const SILENT_PROGRESS: ProgressSink = {
  start: () => undefined,
  update: () => undefined,
  stop: () => undefined,
};
