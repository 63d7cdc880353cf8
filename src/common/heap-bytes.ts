/*
 * What a value takes on the V8 heap, for the stores that a request can leave something in: each
 * is an LRU bounded by these bytes (src/server/bounded-stores.ts, the cost measures of
 * src/security/query-limits.ts; docs/caching.md, "Memory").
 */

/**
 * lru-cache's bookkeeping per entry (its key map, index arrays, size and TTL stamps; about 92
 * bytes measured on Node 20), and the headers of a key or value built by concatenation
 * (`'fqc:' + hash` is a cons string: its own header and its parts'): 100,000 answers of 100
 * characters under keys of 68 took 363 to 371 bytes each, where the characters and headers alone say 216.
 */
export const LRU_ENTRY_BYTES = 256;

/** A string's header on the V8 heap. */
const STRING_HEADER_BYTES = 16;

const BEYOND_LATIN1 = /[^\u0000-\u00ff]/;

/**
 * Bytes V8 takes for a string: one per character when every character is Latin-1, two otherwise
 * (a single curly quote doubles a 17 MB answer). Scans the string once (about 1 ms per MB).
 */
export function stringBytes(s: string): number {
  return s.length * (BEYOND_LATIN1.test(s) ? 2 : 1) + STRING_HEADER_BYTES;
}
