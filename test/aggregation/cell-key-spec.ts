import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ExpectedGroup, expectedStats, KEY, Unit } from './fixture-rows';

/**
 * The cell-key method as docs/aggregation.md publishes it, written out again for the tests from
 * the documentation (not imported from src/), so that a drift between the code and the published
 * rules fails a test.
 */
const RANGE = 2 ** 24;
/** The documented perturbation table: bucket ranges (of 256) and perturbations. */
const TABLE: [number, number][] = [
  [13, -2],
  [64, -1],
  [192, 0],
  [243, 1],
  [256, 2],
];

/** fmix32(x XOR salt), as the docs write it, in BigInt arithmetic modulo 2^32. */
function fmix32(x: number, salt: number): number {
  const M = 2n ** 32n;
  let h = BigInt((x ^ salt) >>> 0);
  h ^= h >> 16n;
  h = (h * 0x85ebca6bn) % M;
  h ^= h >> 13n;
  h = (h * 0xc2b2ae35n) % M;
  h ^= h >> 16n;
  return Number(h);
}
const uOf = (key: number, salt: number) => (Math.floor(fmix32(key, salt) / 256) + 0.5) / 2 ** 24;
const threeDigits = (v: number) => Number(v.toPrecision(3));

export function documentedCount(count: number, keySum: number, k: number): number | null {
  if (count < k) return null;
  const bucket = Math.floor(fmix32(keySum % RANGE, 0x9e3779b9) / 2 ** 24);
  const p = TABLE.find(([end]) => bucket < end)![1];
  return count + p < k ? count - p : count + p;
}

const factor = (u: number) => (u < 0.5 ? -(0.5 + 2 * u) : 0.5 + 2 * (u - 0.5));

export function documentedMean(values: number[], keySum: number, k: number): number | null {
  if (values.length < k) return null;
  const u = uOf(keySum % RANGE, 0x7f4a7c15);
  const top = Math.max(...values.map(Math.abs));
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return mean + ((4 * u - 2) * 3 * top) / values.length;
}

export function documentedMedian(values: number[], keySum: number, k: number): number | null {
  if (values.length < 4 * k) return null;
  const u = uOf(keySum % RANGE, 0x85ebca77);
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const top = Math.max(...values.map(Math.abs));
  return threeDigits(median + factor(u) * Math.max((0.5 * top) / values.length, 0.03 * Math.abs(median)));
}

/** Record keys as stored (read raw from the database), and the secret they are made with. */
export async function storedRecordKeys(ds: DataSource): Promise<{ secret: string; keys: Map<string, number> }> {
  const [{ value: secret }] = await ds.query("SELECT value FROM hub_setting WHERE key = 'record_key_secret'");
  const rows: { id: string; record_key: number | string }[] = [
    ...(await ds.query('SELECT id, record_key FROM respondent')),
    ...(await ds.query('SELECT id, record_key FROM child')),
  ];
  return { secret, keys: new Map(rows.map((r) => [r.id, Number(r.record_key)])) };
}

/** The documented record key: the first 24 bits of HMAC-SHA256(secret, id). */
export function documentedRecordKey(secret: string, id: string): number {
  const mac = createHmac('sha256', Buffer.from(secret, 'hex')).update(id).digest();
  return mac[0] * 65536 + mac[1] * 256 + mac[2];
}

/** The record key of a fixture unit: its child's key in childStats, else its respondent's. */
export function unitKey(roundId: string, keys: Map<string, number>, u: Unit): number {
  const id = u.c ? `${roundId}:${u.c.child_id}` : `${roundId}:${u.r.respondent_id}`;
  const key = keys.get(id);
  if (key === undefined) throw new Error(`no record key stored for ${id}`);
  return key;
}

export interface PublicGroup {
  codes: (string | null)[];
  count: number;
  exact: ExpectedGroup;
}

/** The units of a group: those whose code (or one of whose options) in each dimension is the group's. */
export function membersOf(units: Unit[], dims: string[], codes: (string | null)[]): Unit[] {
  return units.filter((u) =>
    dims.every((d, i) => {
      const v = KEY[d](u);
      return Array.isArray(v) ? v.includes(codes[i]!) : v === codes[i];
    }),
  );
}

/** What the documented method publishes for a table computed from the raw rows. */
export function documentedTable(units: Unit[], dims: string[], keyOf: (u: Unit) => number, k: number, measures: string[] = []) {
  const exact = expectedStats(units, dims, measures);
  const sum = (list: Unit[]) => list.reduce((a, u) => a + keyOf(u), 0);
  const groups: PublicGroup[] = [];
  for (const g of exact.groups) {
    const count = documentedCount(g.count, sum(membersOf(units, dims, g.codes)), k);
    if (count !== null) groups.push({ codes: g.codes, count, exact: g });
  }
  const nonResponse = dims.map((d) => {
    const none = units.filter((u) => KEY[d](u) === null);
    return documentedCount(none.length, sum(none), k);
  });
  return { total: documentedCount(units.length, sum(units), k), groups, nonResponse };
}
