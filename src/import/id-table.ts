/**
 * A set of ids numbered in insertion order, kept in typed arrays: about 30 bytes per 8-character
 * id instead of the ~80 a JS Map<string, number> costs, which is what keeps the validation pass of
 * a million-respondent bundle (four million ids) within a few hundred megabytes.
 *
 * Ids are stored as UTF-16 code units in one arena; an open-addressing table (linear probing, load
 * factor ≤ 0.5) maps a 32-bit FNV-1a hash to the id's number.
 */
export class IdTable {
  private chars = new Uint16Array(1 << 16);
  private used = 0;
  /** starts[i] = arena offset of id i; starts[size] = end of the last id. */
  private starts = new Int32Array(1 << 12);
  private hashes = new Int32Array(1 << 12);
  private slots = new Int32Array(1 << 13);
  private mask = (1 << 13) - 1;
  size = 0;

  /** The number of `id`, or -1. */
  get(id: string): number {
    const h = hash(id);
    for (let pos = h & this.mask; ; pos = (pos + 1) & this.mask) {
      const slot = this.slots[pos];
      if (slot === 0) return -1;
      const i = slot - 1;
      if (this.hashes[i] === h && this.equals(i, id)) return i;
    }
  }

  /** Adds `id`; returns its new number, or `-(number + 1)` when it was already there. */
  add(id: string): number {
    const h = hash(id);
    let pos = h & this.mask;
    for (; ; pos = (pos + 1) & this.mask) {
      const slot = this.slots[pos];
      if (slot === 0) break;
      const i = slot - 1;
      if (this.hashes[i] === h && this.equals(i, id)) return -(i + 1);
    }
    const i = this.size;
    this.ensureIds(i + 2);
    this.ensureChars(this.used + id.length);
    this.starts[i] = this.used;
    for (let k = 0; k < id.length; k++) this.chars[this.used + k] = id.charCodeAt(k);
    this.used += id.length;
    this.starts[i + 1] = this.used;
    this.hashes[i] = h;
    this.slots[pos] = i + 1;
    this.size += 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return i;
  }

  /** The id numbered `i`. */
  id(i: number): string {
    return String.fromCharCode(...this.chars.subarray(this.starts[i], this.starts[i + 1]));
  }

  private equals(i: number, id: string): boolean {
    const start = this.starts[i];
    if (this.starts[i + 1] - start !== id.length) return false;
    for (let k = 0; k < id.length; k++) if (this.chars[start + k] !== id.charCodeAt(k)) return false;
    return true;
  }

  private ensureIds(n: number): void {
    if (n <= this.starts.length) return;
    const size = Math.max(n, this.starts.length * 2);
    const starts = new Int32Array(size);
    starts.set(this.starts);
    this.starts = starts;
    const hashes = new Int32Array(size);
    hashes.set(this.hashes);
    this.hashes = hashes;
  }

  private ensureChars(n: number): void {
    if (n <= this.chars.length) return;
    const chars = new Uint16Array(Math.max(n, this.chars.length * 2));
    chars.set(this.chars.subarray(0, this.used));
    this.chars = chars;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let i = 0; i < this.size; i++) {
      let pos = this.hashes[i] & mask;
      while (slots[pos] !== 0) pos = (pos + 1) & mask;
      slots[pos] = i + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche so that ids differing only in their last characters spread over the table.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}
