import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { parse } from 'graphql';
import { documentStore, LRU_ENTRY_BYTES, stringEntryBytes, stringStore } from '../../src/server/bounded-stores';
import { createTestDatabase, TestDatabase } from '../support/database';

/*
 * Issue 20, memory: thirty aliases of `locations(level: ADMIN1)` make a 16.9 MB answer; sent twice
 * per variant (a miss, then a hit), 45 variants took the hub from 0.2 GB to 4 GB and a heap crash,
 * because every hit was parsed and the parse kept outside the response cache's byte bound. Here:
 * the stores count the bytes they really take on the heap (measured after a collection, not
 * taken from the code under test), and the built hub replays the attack with a small cache.
 */

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const MiB = 2 ** 20;
const hex = (i: number) => createHash('sha256').update(String(i)).digest('hex');

describe('Server: stores bounded by the bytes they take (unit)', () => {
  it('counts an entry of a string store as its key, its characters and the LRU’s bookkeeping', () => {
    const key = `fqc:${hex(1)}`;
    // By hand: 16 bytes of string header each, one byte a Latin-1 character, two for any other.
    expect(stringEntryBytes('Perú'.repeat(25), key)).toBe(100 + 16 + 68 + 16 + LRU_ENTRY_BYTES);
    expect(stringEntryBytes('Perú’'.repeat(20), key)).toBe(200 + 16 + 68 + 16 + LRU_ENTRY_BYTES);
  });

  it('holds no more heap than its bound, and as many small answers as the bound pays for', () => {
    const before = heapAfterGc();
    const store = stringStore(8 * MiB);
    // 100,000 answers of 100 characters: Apollo’s default count (characters of the values alone) would keep 83,886 of them, about 31 MB of heap.
    for (let i = 0; i < 100_000; i++) void store.set(`fqc:${hex(i)}`, `{"data":{"rounds":[${String(i).padStart(78, '0')}]}}`.padEnd(100, ' '));
    const held = heapAfterGc() - before;
    const perEntry = 100 + 16 + 68 + 16 + LRU_ENTRY_BYTES;
    expect(store.keys().length).toBe(Math.floor((8 * MiB) / perEntry));
    expect(held).toBeLessThanOrEqual(8 * MiB);
    expect(held).toBeGreaterThan(4 * MiB);
  });

  it('keeps parsed documents within the document store’s bound, measured on the heap', () => {
    const before = heapAfterGc();
    const store = documentStore(4 * MiB);
    const fields = 'id pcode level name countryIso3 isoCode source parentPcode';
    for (let i = 0; i < 3000; i++) {
      const aliases = 1 + (i % 4);
      const text = `query V${i} { ${Array.from({ length: aliases }, (_, a) => `a${a}: locations(level: ADMIN1) { ${fields} }`).join(' ')} }`;
      void store.set(`schema:${hex(i)}`, parse(text));
    }
    const held = heapAfterGc() - before;
    expect(held).toBeLessThanOrEqual(4 * MiB);
    expect(store.keys().length).toBeGreaterThan(50);
  });
});
