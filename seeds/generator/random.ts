import seedrandom from 'seedrandom';

/** A value and its weight (a share in percent, a count, or any relative weight). */
export type Weighted<T> = readonly [T, number];

/**
 * Seeded randomness and exact allocation. Only arithmetic is used on the random numbers (no
 * Math.log/exp/cos, whose last bits the language leaves to the engine), so that the output is
 * the same byte for byte on every machine.
 */
export class Rng {
  private readonly next: seedrandom.PRNG;

  constructor(seed: string) {
    this.next = seedrandom(seed);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** One value drawn with probability proportional to its weight. */
  pick<T>(weights: ReadonlyArray<Weighted<T>>): T {
    const total = weights.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [value, w] of weights) {
      if (x < w) return value;
      x -= w;
    }
    return weights[weights.length - 1][0];
  }

  /** Fisher-Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /**
   * Exactly `n` values in random order, each value as often as its weight allows (largest
   * remainder). Calibrated shares are reproduced this way rather than by independent draws, so a
   * published 46% is 46% of the rows and not 46% give or take the sampling noise.
   */
  quota<T>(n: number, weights: ReadonlyArray<Weighted<T>>): T[] {
    const out: T[] = [];
    for (const [value, count] of allocate(n, weights)) {
      for (let i = 0; i < count; i++) out.push(value);
    }
    return this.shuffle(out);
  }

  /** `count` distinct indexes out of [0, n), in random order. */
  sample(n: number, count: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, count);
  }
}

/**
 * Splits `n` in proportion to the weights, in integers summing to `n` (largest remainder, ties to
 * the earlier entry). With weights that are counts summing to `n`, returns those counts.
 */
export function allocate<T>(n: number, weights: ReadonlyArray<Weighted<T>>): Array<[T, number]> {
  const total = weights.reduce((s, [, w]) => s + w, 0);
  if (n === 0 || total === 0) return weights.map(([v]) => [v, 0]);
  const exact = weights.map(([, w]) => (n * w) / total);
  const counts = exact.map((x) => Math.floor(x));
  let left = n - counts.reduce((s, c) => s + c, 0);
  const order = exact
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    counts[i]++;
    left--;
  }
  return weights.map(([v], i) => [v, counts[i]]);
}

/** Count that is `percent` of `base`, rounded half up. */
export function percentOf(base: number, percent: number): number {
  return Math.round((base * percent) / 100);
}
