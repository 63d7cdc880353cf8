import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { SEEDS_DIR } from '../../src/provisioning/seed-database';

/** The raw rows of a seed bundle's CSV file: the independent source of expected values. */
export function seedRows(round: number, file: 'respondents' | 'households' | 'children'): Record<string, string>[] {
  const text = readFileSync(path.join(SEEDS_DIR, `per-round-${round}`, `${file}.csv`), 'utf8');
  const rows = parse(text, { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.filter((r) => !Object.values(r).some((v) => v.startsWith('#')));
}

/**
 * The columns of a seed bundle's CSV file, in order: the committed, canonical header, against which
 * the format's column list is checked without writing that list out again in a test.
 */
export function seedColumns(file: 'respondents' | 'households' | 'children', round = 4): string[] {
  const text = readFileSync(path.join(SEEDS_DIR, `per-round-${round}`, `${file}.csv`), 'utf8');
  return (parse(text, { bom: true, to_line: 1 }) as string[][])[0];
}

export function publishedFigures(): {
  round: number;
  indicator: string;
  breakdown: string;
  value: number | null;
  unit: string;
  denominator_note: string | null;
  confidence: string;
  source_url: string | null;
}[] {
  return JSON.parse(readFileSync(path.join(SEEDS_DIR, 'reference', 'published-figures.json'), 'utf8'));
}
