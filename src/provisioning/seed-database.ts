import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { projectRoot } from '../common/project-root';
import { importBundle } from '../import/import-round';
import { PublishedFigure } from '../modules/published-figure/published-figure.entity';
import { Round } from '../modules/round/round.entity';
import { loadReferenceData } from './reference-data';

export const SEEDS_DIR = path.join(projectRoot(), 'seeds');

/** The seed round bundles, in round order. */
export function seedBundles(seedsDir = SEEDS_DIR): string[] {
  return readdirSync(seedsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^per-round-\d+$/.test(d.name))
    .map((d) => path.join(seedsDir, d.name))
    .sort((a, b) => Number(a.split('-').pop()) - Number(b.split('-').pop()));
}

/**
 * Loads the seeds into an empty database: the reference figures and series, then every seed
 * bundle through the same import path as any data manager's bundle. A database that already
 * holds rounds or figures is left as it is.
 */
export async function seedIfEmpty(ds: DataSource, seedsDir = SEEDS_DIR): Promise<{ seeded: boolean; rounds: string[] }> {
  const hasRounds = (await ds.getRepository(Round).count()) > 0;
  const hasFigures = (await ds.getRepository(PublishedFigure).count()) > 0;
  if (!hasFigures) await loadReferenceData(ds, path.join(seedsDir, 'reference'));
  if (hasRounds) return { seeded: !hasFigures, rounds: [] };
  const rounds: string[] = [];
  for (const bundle of seedBundles(seedsDir)) {
    const result = await importBundle(ds, bundle);
    if (!result.ok) {
      const first = result.violations.slice(0, 5).map((v) => v.message).join('\n  ');
      throw new Error(`Seed bundle ${bundle} does not import (${result.totalViolations} violations):\n  ${first}`);
    }
    rounds.push(result.roundId);
  }
  return { seeded: true, rounds };
}
