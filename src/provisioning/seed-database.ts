import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { projectRoot } from '../common/project-root';
import { importBundle } from '../import/import-round';
import { Round } from '../modules/round/round.entity';

export const SEEDS_DIR = path.join(projectRoot(), 'seeds');

/** The seed round bundles, in round order. */
export function seedBundles(seedsDir = SEEDS_DIR): string[] {
  return readdirSync(seedsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^per-round-\d+$/.test(d.name))
    .map((d) => path.join(seedsDir, d.name))
    .sort((a, b) => Number(a.split('-').pop()) - Number(b.split('-').pop()));
}

/**
 * Loads the seed rounds into a database without rounds, every bundle through the same import path
 * as any data manager's bundle (the reference step has loaded the figures and areas they need).
 * A database that already holds rounds is left as it is.
 */
export async function seedIfEmpty(ds: DataSource, seedsDir = SEEDS_DIR): Promise<{ seeded: boolean; rounds: string[] }> {
  if ((await ds.getRepository(Round).count()) > 0) return { seeded: false, rounds: [] };
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
