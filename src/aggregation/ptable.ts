import { RECORD_KEY_RANGE } from '../db/record-key';

/**
 * The published perturbation table of the cell-key method (docs/aggregation.md, "Perturbation
 * table"). A cell key (the sum of its records' keys modulo 2^24) is hashed three times with
 * different salts: one hash picks one of 256 buckets, which gives a count's perturbation; the
 * others give numbers in (0, 1) that set the size of a mean's and a median's perturbation.
 */
export const MAX_PERTURBATION = 2;

/** For counts at least k + 2: how many of the 256 buckets give each perturbation, in bucket order. */
export const PTABLE: readonly { perturbation: number; buckets: number }[] = [
  { perturbation: -2, buckets: 13 },
  { perturbation: -1, buckets: 51 },
  { perturbation: 0, buckets: 128 },
  { perturbation: 1, buckets: 51 },
  { perturbation: 2, buckets: 13 },
];

/** Salts that make the count, mean and median draws of one cell independent of each other. */
const SALT = { count: 0x9e3779b9, mean: 0x7f4a7c15, median: 0x85ebca77 } as const;

/** The cell key of a set of records: the sum of their record keys, modulo the key range. */
export function cellKey(recordKeySum: number): number {
  return ((recordKeySum % RECORD_KEY_RANGE) + RECORD_KEY_RANGE) % RECORD_KEY_RANGE;
}

/**
 * MurmurHash3's 32-bit finaliser of the cell key XOR a salt. Without it a draw would be read
 * straight from the key's bits, and adding one person would always shift it by that person's own
 * key: a person whose key is small would be "pinned" by almost every pair of filters that differ by
 * them. Through the hash, two different sets of records get independent draws.
 */
export function mix(key: number, salt: number): number {
  let h = (key ^ salt) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** The bucket (0-255) of a cell key: the top 8 bits of its count hash. */
export function bucketOf(key: number): number {
  return mix(key, SALT.count) >>> 24;
}

/**
 * The perturbation of a count c >= k: the table's value for the bucket, except that a published
 * count never falls below k: a perturbation that would take it there is mirrored (-2 becomes +2,
 * -1 becomes +1), so counts of k and k + 1 are biased upwards by at most 0.6 and 0.2 on average.
 */
export function countPerturbation(count: number, k: number, bucket: number): number {
  let start = 0;
  let perturbation = 0;
  for (const row of PTABLE) {
    if (bucket < start + row.buckets) {
      perturbation = row.perturbation;
      break;
    }
    start += row.buckets;
  }
  return count + perturbation < k ? -perturbation : perturbation;
}

/**
 * A factor in ±[0.5, 1.5), never near zero, from a number u in (0, 1): the direction and size of
 * a median's perturbation (never zero, so a median is never published exactly).
 */
export function magnitudeFactor(u: number): number {
  return u < 0.5 ? -(0.5 + 2 * u) : 0.5 + 2 * (u - 0.5);
}

/**
 * A factor uniform in (-2, 2) from u: the direction and size of a mean's perturbation. Of the
 * spreads with the same average size, a flat one makes two independent draws least likely to
 * (nearly) cancel, which is what differencing two means needs.
 */
export function meanFactor(u: number): number {
  return 4 * u - 2;
}

const unit = (h: number) => ((h >>> 8) + 0.5) / 2 ** 24;

/** u for a mean: the top 24 bits of the mean hash of the cell key, centred in their interval. */
export function meanU(key: number): number {
  return unit(mix(key, SALT.mean));
}

/** u for a median: the same from the median hash. */
export function medianU(key: number): number {
  return unit(mix(key, SALT.median));
}
