import { bucketOf, cellKey, countPerturbation, magnitudeFactor, meanFactor, meanU, medianU } from './ptable';

/**
 * Disclosure control for public callers: the cell-key method (ONS Census 2021 tables, ABS
 * TableBuilder), as documented in docs/aggregation.md. Every function takes the exact value and
 * the sum of the record keys of the records behind it, and returns what a public caller sees.
 * The same records always give the same answer, whatever the query that selected them, so
 * repeating a query or differencing two overlapping ones does not average the noise away.
 */

/** A mean's perturbation: this share of the cell's largest absolute value, spread over its n values. */
export const MEAN_TOP_SCALE = 3;
/** A median's perturbation is at least this share of the cell's largest absolute value over n. */
export const MEDIAN_TOP_SCALE = 0.5;
/** Medians are shown from this many values times k. */
export const MEDIAN_MIN_FACTOR = 4;
/** A median's perturbation is at least this share of its own size (so it is never a person's exact answer). */
export const MEDIAN_RELATIVE_SCALE = 0.03;

/** Public medians are rounded to this many significant digits. */
export const PUBLIC_SIGNIFICANT_DIGITS = 3;

const significant = (v: number) => Number(v.toPrecision(PUBLIC_SIGNIFICANT_DIGITS));

/** A count as published: null below k (so that a small cell cannot be told from an empty one), else perturbed. */
export function publicCount(count: number, recordKeySum: number, k: number): number | null {
  if (count < k) return null;
  return count + countPerturbation(count, k, bucketOf(cellKey(recordKeySum)));
}

export interface MeasureCell {
  /** Values in the cell. */
  n: number;
  mean: number | null;
  median: number | null;
  /** Largest absolute value. */
  top: number | null;
  /** Record-key sum of the units with a value. */
  keySum: number;
}

/**
 * A mean as published: withheld (null) below k values, else the mean of the sum perturbed by
 * d x MEAN_TOP_SCALE x the largest value, with d uniform in (-2, 2) from the cell key. (Not rounded:
 * when two rounded means coincide, n1 x mean1 - n2 x mean2 collapses onto the mean itself, which
 * "recovers" everyone whose answer is close to the mean.)
 */
export function publicMean(cell: MeasureCell, k: number): number | null {
  if (cell.n < k || cell.mean === null) return null;
  const d = meanFactor(meanU(cellKey(cell.keySum)));
  return cell.mean + (d * MEAN_TOP_SCALE * (cell.top ?? 0)) / cell.n;
}

/**
 * A median as published: withheld below MEDIAN_MIN_FACTOR x k values, else moved by d times the
 * larger of the mean's perturbation size and MEDIAN_RELATIVE_SCALE of the median itself, so a
 * published median is always at least 1% away from the value it was computed from; rounded to
 * three significant digits.
 */
export function publicMedian(cell: MeasureCell, k: number): number | null {
  if (cell.n < MEDIAN_MIN_FACTOR * k || cell.median === null) return null;
  const d = magnitudeFactor(medianU(cellKey(cell.keySum)));
  const size = Math.max((MEDIAN_TOP_SCALE * (cell.top ?? 0)) / cell.n, MEDIAN_RELATIVE_SCALE * Math.abs(cell.median));
  return significant(cell.median + d * size);
}
