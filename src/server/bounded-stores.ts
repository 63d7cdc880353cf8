import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';
import { LRU_ENTRY_BYTES, stringBytes } from '../common/heap-bytes';

/*
 * Everything a request can leave behind in the hub's memory is held in one of these stores, each
 * an LRU (lru-cache, through Apollo's InMemoryLRUCache) bounded by the bytes it really takes on
 * the heap: the characters of its keys and values as V8 stores them, the LRU's own bookkeeping per
 * entry, and for parsed documents the objects of the syntax tree. Counting characters alone (the
 * LRU's default) let small entries cost several times what they were charged (docs/caching.md).
 */

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
