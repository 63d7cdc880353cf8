import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';

/*
 * Everything a request can leave behind in the hub's memory is held in one of these stores, each
 * an LRU (lru-cache, through Apollo's InMemoryLRUCache) bounded by the bytes it really takes on
 * the heap: the characters of its keys and values as V8 stores them, the LRU's own bookkeeping per
 * entry, and for parsed documents the objects of the syntax tree. Counting characters alone (the
 * LRU's default) let small entries cost several times what they were charged (docs/caching.md).
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

/** Bytes an entry of a string-valued store takes: its key, its value and the LRU's bookkeeping. */
export function stringEntryBytes(value: string, key: string): number {
  return stringBytes(value) + stringBytes(key) + LRU_ENTRY_BYTES;
}

/** An LRU of strings bounded by `maxBytes` of heap, keys and bookkeeping included. */
export function stringStore(maxBytes: number): InMemoryLRUCache<string> {
  return new InMemoryLRUCache<string>({ maxSize: maxBytes, sizeCalculation: stringEntryBytes });
}

/**
 * Heap bytes of a parsed document per byte of its JSON: measured at 3.8 (a 2.8 KB query of 30
 * aliases) to 4.6 (a 35-character query), the source text included; the rest covers the
 * per-document memos kept beside it (text scan, requested columns).
 */
const DOCUMENT_BYTES_PER_JSON_BYTE = 6;

/** Parsed, validated documents that Apollo keeps by query text, so that a repeated operation is not parsed again. */
export const DOCUMENT_STORE_BYTES = 32 * 2 ** 20;

/** Query texts registered as automatic persisted queries, by hash. */
export const PERSISTED_QUERY_BYTES = 16 * 2 ** 20;

/**
 * Apollo's document store, bounded by an estimate of the heap its documents take. Apollo's default
 * is bounded by the characters of the documents' JSON, a quarter or less of the heap they hold.
 */
export function documentStore(maxBytes = DOCUMENT_STORE_BYTES): InMemoryLRUCache<DocumentNode> {
  return new InMemoryLRUCache<DocumentNode>({
    maxSize: maxBytes,
    sizeCalculation: (document, key) => InMemoryLRUCache.sizeCalculation(document) * DOCUMENT_BYTES_PER_JSON_BYTE + stringBytes(key) + LRU_ENTRY_BYTES,
  });
}

/** The store of automatic persisted queries; Apollo's default counts neither keys nor bookkeeping. */
export function persistedQueryStore(maxBytes = PERSISTED_QUERY_BYTES): InMemoryLRUCache<string> {
  return stringStore(maxBytes);
}
