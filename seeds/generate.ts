import path from 'node:path';
import { buildRound, RoundData } from './generator/build';
import { writeBundle } from './generator/bundle';
import { ROUNDS } from './generator/rounds';

/**
 * Writes the synthetic, calibrated round bundles `per-round-2` ... `per-round-6` under `outDir`.
 * Same code, same bytes: every random choice comes from a seeded generator per round.
 */
export function generateSeeds(outDir: string): void {
  generate(outDir);
}

function generate(outDir: string): RoundData[] {
  return ROUNDS.map((plan) => {
    const data = buildRound(plan);
    writeBundle(outDir, data);
    return data;
  });
}

function summary(data: RoundData, outDir: string): string {
  const children = data.households.reduce((s, h) => s + h.travelling.length + h.leftInVenezuela.length, 0);
  const perPoint = data.plan.points.map((p) => `${p.code} ${p.respondents}`).join(', ');
  const where = path.relative(process.cwd(), path.join(outDir, `per-round-${data.plan.number}`)) || '.';
  return `round ${data.plan.number}: ${data.respondents.length} respondents (${perPoint}), ${data.households.length} households, ${children} children -> ${where}`;
}

if (require.main === module) {
  const outDir = path.resolve(process.argv[2] ?? path.resolve(process.cwd(), 'seeds'));
  for (const data of generate(outDir)) console.log(summary(data, outDir));
}
