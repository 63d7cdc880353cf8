import { Presets, SingleBar } from 'cli-progress';
import { ImportPhase, ProgressSink, SILENT_PROGRESS } from '../import/progress';

/**
 * Shows import progress on stderr: a bar with rows/s and ETA on a terminal, a plain line every
 * few seconds otherwise (CI logs, pipes), nothing when quiet. Only counts are shown, never values.
 */
export function createProgressDisplay(stream: NodeJS.WritableStream & { isTTY?: boolean }, options: { quiet?: boolean; intervalMs?: number } = {}): ProgressSink {
  if (options.quiet) return SILENT_PROGRESS;
  const display = stream.isTTY ? barDisplay(stream) : lineDisplay(stream, options.intervalMs ?? 5000);
  // Between the two phases, when no bar is drawn: a line of its own, on a terminal too.
  return { ...display, waiting: (seconds) => void stream.write(`waiting for another import to finish (${seconds} s)…\n`) };
}

const LABEL: Record<ImportPhase, string> = { validate: 'checking', write: 'writing ' };

function barDisplay(stream: NodeJS.WritableStream): ProgressSink {
  let bar: SingleBar | null = null;
  let started = 0;
  let known = false;
  return {
    start(phase, total) {
      started = Date.now();
      known = total !== null && total > 0;
      bar = new SingleBar(
        {
          stream,
          format: `${LABEL[phase]} [{bar}] {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}`,
          hideCursor: true,
          etaBuffer: 50,
        },
        Presets.shades_classic,
      );
      bar.start(known ? (total as number) : 1, 0, { rows: 0, rate: 0 });
    },
    update(done, rows) {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      bar?.update(known ? done : 0, { rows, rate: Math.round(rows / seconds) });
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

function lineDisplay(stream: NodeJS.WritableStream, intervalMs: number): ProgressSink {
  let phase: ImportPhase = 'validate';
  let total: number | null = null;
  let started = 0;
  let last = 0;
  let latest = { done: 0, rows: 0 };
  const print = () => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const rate = Math.round(latest.rows / seconds);
    let text = `${LABEL[phase].trim()}: ${latest.rows} rows, ${rate} rows/s`;
    if (total && latest.done > 0) {
      const share = Math.min(1, latest.done / total);
      const eta = Math.round((seconds / share) * (1 - share));
      text += `, ${Math.round(share * 100)}%, ETA ${eta} s`;
    }
    stream.write(`${text}\n`);
  };
  return {
    start(p, t) {
      phase = p;
      total = t;
      started = Date.now();
      last = started;
      latest = { done: 0, rows: 0 };
    },
    update(done, rows) {
      latest = { done, rows };
      if (Date.now() - last >= intervalMs) {
        last = Date.now();
        print();
      }
    },
    stop() {
      print();
    },
  };
}
