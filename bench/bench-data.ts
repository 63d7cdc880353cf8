import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GeneratedCounts, writeGeneratedBundle } from '../src/provisioning/bundle-generator';

/**
 * Generated bundles kept between benchmark runs, one folder per size under `bench/.data/`
 * (gitignored): a 1,000,000-respondent bundle takes minutes to write and 285 MB of disk, and the
 * generator is deterministic, so a bundle of the same size is the same bundle.
 */

/** `bench/.data` of the source tree (this file runs from `dist/bench/`). */
export const DATA_DIR = path.resolve(__dirname, '..', '..', 'bench', '.data');

export interface BenchBundle {
  dir: string;
  counts: GeneratedCounts;
  bytes: number;
  /** True when an existing bundle was reused. */
  reused: boolean;
  generateSeconds: number;
}

/** Written last, so a folder without it is an interrupted generation and is written again. */
const DONE_FILE = 'generated.json';

export async function ensureBundle(respondents: number, log: (line: string) => void): Promise<BenchBundle> {
  const dir = path.join(DATA_DIR, `bundle-${respondents}`);
  const done = path.join(dir, DONE_FILE);
  if (existsSync(done)) {
    const counts = JSON.parse(readFileSync(done, 'utf8')) as GeneratedCounts;
    if (counts.respondents === respondents) {
      log(`reusing the generated bundle of ${respondents} respondents in ${dir}`);
      return { dir, counts, bytes: dataBytes(dir), reused: true, generateSeconds: 0 };
    }
  }
  rmSync(dir, { recursive: true, force: true });
  log(`generating a bundle of ${respondents} respondents in ${dir}`);
  const t0 = process.hrtime.bigint();
  const counts = await writeGeneratedBundle(dir, { respondents });
  const generateSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  writeFileSync(done, `${JSON.stringify(counts)}\n`);
  return { dir, counts, bytes: dataBytes(dir), reused: false, generateSeconds };
}

/** Bytes of the bundle's own files (round.json and the CSV files). */
function dataBytes(dir: string): number {
  return readdirSync(dir)
    .filter((f) => f !== DONE_FILE)
    .reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
}
