import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { parse } from 'graphql';
import { LRU_ENTRY_BYTES } from '../../src/common/heap-bytes';
import { documentStore, stringEntryBytes, stringStore } from '../../src/server/bounded-stores';
import { BuiltHub, spawnBuiltHub, startNodeOptions } from '../support/built-hub';
import { seedBundles } from '../../src/provisioning/seed-database';
import { createTestDatabase, TestDatabase } from '../support/database';
import { copyOfTemplate, TEMPLATES_ENABLED } from '../support/template-database';

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
/**
 * Heap a store holds: after a collection with it full, less after a collection with it emptied.
 * Both readings are taken around the store alone, so garbage or caches of the test process
 * released in between (seen: the heap 5 MB lower after filling than before) do not count.
 */
const heapHeldOnce = (store: { clear(): unknown }) => {
  const full = heapAfterGc();
  store.clear();
  return full - heapAfterGc();
};
/**
 * The least of three such readings, the store filled again (`fill`) before each: other heap the
 * process frees between two readings (V8 flushing old bytecode, a cache of the test runner) can
 * only add to one reading, while a store that holds more than it should holds it every time.
 */
const heapHeldBy = (store: { clear(): unknown }, fill: () => void) => {
  let least = Infinity;
  for (let i = 0; i < 3; i++) {
    if (i > 0) fill();
    least = Math.min(least, heapHeldOnce(store));
  }
  return least;
};
const MiB = 2 ** 20;
/**
 * A key as long as the stores' real ones (64 hex digits, a SHA-256), distinct per `i`: hashing
 * 300,000 numbers for the fills below took a second and proved nothing more.
 */
const hex = (i: number) => i.toString(16).padStart(64, '0');

describe('Server: stores bounded by the bytes they take (unit)', () => {
  it('counts an entry of a string store as its key, its characters and the LRU’s bookkeeping', () => {
    const key = `fqc:${hex(1)}`;
    // By hand: 16 bytes of string header each, one byte a Latin-1 character, two for any other.
    expect(stringEntryBytes('Perú'.repeat(25), key)).toBe(100 + 16 + 68 + 16 + LRU_ENTRY_BYTES);
    expect(stringEntryBytes('Perú’'.repeat(20), key)).toBe(200 + 16 + 68 + 16 + LRU_ENTRY_BYTES);
  });

  it('holds no more heap than its bound, and as many small answers as the bound pays for', () => {
    const store = stringStore(8 * MiB);
    // 100,000 answers of 100 characters: Apollo’s default count (characters of the values alone) would keep 83,886 of them, about 31 MB of heap.
    const fill = () => {
      for (let i = 0; i < 100_000; i++) void store.set(`fqc:${hex(i)}`, `{"data":{"rounds":[${String(i).padStart(78, '0')}]}}`.padEnd(100, ' '));
    };
    fill();
    const perEntry = 100 + 16 + 68 + 16 + LRU_ENTRY_BYTES;
    expect(store.keys().length).toBe(Math.floor((8 * MiB) / perEntry));
    const held = heapHeldBy(store, fill);
    expect(held).toBeLessThanOrEqual(8 * MiB);
    expect(held).toBeGreaterThan(4 * MiB);
  });

  it('keeps parsed documents within the document store’s bound, measured on the heap', () => {
    const store = documentStore(4 * MiB);
    const fields = 'id pcode level name countryIso3 isoCode source parentPcode';
    const fill = () => {
      for (let i = 0; i < 3000; i++) {
        const aliases = 1 + (i % 4);
        const text = `query V${i} { ${Array.from({ length: aliases }, (_, a) => `a${a}: locations(level: ADMIN1) { ${fields} }`).join(' ')} }`;
        void store.set(`schema:${hex(i)}`, parse(text));
      }
    };
    fill();
    expect(store.keys().length).toBeGreaterThan(50);
    const held = heapHeldBy(store, fill);
    expect(held).toBeLessThanOrEqual(4 * MiB);
  });
});

/** What the memory probe (test/support/memory-probe.js) reports: heap and RSS after a collection, and their peaks. */
interface Probe {
  heapUsed: number;
  rss: number;
  peakHeapUsed: number;
  peakRss: number;
}

/**
 * The attack's operation: `aliases` aliases of the admin-1 gazetteer, variant `n` (a new text,
 * so a new cache key and a new parsed document).
 */
function attack(n: number, aliases: number): string {
  const fields = 'id pcode level name countryIso3 isoCode source parentPcode';
  return `query Variant${n} { ${Array.from({ length: aliases }, (_, i) => `a${i}: locations(level: ADMIN1) { ${fields} }`).join(' ')} }`;
}

/** The response cache of the attacked hub. */
const CACHE_MB = 32;

let db: TestDatabase | undefined;
let attackHub: Promise<{ hub: BuiltHub; url: string }>;
let spawned: BuiltHub | undefined;

/** The built hub the attack is sent to, on a seeded database, with a cache of CACHE_MB and the memory probe. */
async function startAttackHub(): Promise<{ hub: BuiltHub; url: string }> {
  // The seeded database the hub would make of an empty one (SEED_ON_START), copied from the suite's template instead of imported again.
  db = TEMPLATES_ENABLED ? await copyOfTemplate(seedBundles()) : await createTestDatabase();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...db.config,
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    SEED_ON_START: 'true',
    RESPONSE_CACHE_MAX_MB: String(CACHE_MB),
    // Whatever the cost model says of the attack, the bound must hold for any answer the limits let through.
    MAX_QUERY_COMPLEXITY: '100000000',
    RATE_LIMIT_PER_MINUTE: '100000',
    RATE_LIMIT_COST_PER_MINUTE: '1000000000',
  };
  if (!db.config.DATABASE_URL) delete env.DATABASE_URL;
  spawned = spawnBuiltHub(env, undefined, [...startNodeOptions(), '--expose-gc', '--require', path.join(__dirname, '../support/memory-probe.js')]);
  return { hub: spawned, url: `http://127.0.0.1:${await spawned.port}` };
}

// Started before the unit tests, so that it boots (seconds) on the other core while they run: their
// heap readings are synchronous, so nothing of the start-up runs in this process between two of them.
beforeAll(() => {
  attackHub = startAttackHub();
  // Awaited (and its failure reported) by the attack's tests; not an unhandled rejection meanwhile.
  attackHub.catch(() => undefined);
});
afterAll(async () => {
  await attackHub.catch(() => undefined);
  await spawned?.stop();
  await db?.drop();
});

describe('Server: the memory attack of issue 20 against the built hub', () => {
  /** Variants sent twice each: the hub before issue 20 kept a parse of every one (about 13 MB each). */
  const VARIANTS = 30;
  /**
   * 3 aliases: an answer of 1.8 M characters, 3.6 MB on the heap (names beyond Latin-1 make it a
   * two-byte string), under an eighth of the cache (4 MB); 4 aliases (4.8 MB) are over it.
   */
  const ALIASES = 3;
  let hub: BuiltHub;
  let url: string;

  /** Asks the probe for a report (SIGUSR2) and resolves with it as soon as the hub has printed it. */
  const probe = async (): Promise<Probe> => {
    const report = hub.printed(/memory-probe (\{.*\})/, hub.output().length);
    hub.proc.kill('SIGUSR2');
    return JSON.parse((await report)[1]) as Probe;
  };
  const post = async (query: string) => {
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const text = await res.text();
    return { status: res.status, hit: res.headers.get('age') !== null, text };
  };

  beforeAll(async () => {
    ({ hub, url } = await attackHub);
  });

  it('keeps the cached answers within RESPONSE_CACHE_MAX_MB and the heap near its start while variants of a large answer are each sent twice', async () => {
    // One answer first, so that the start includes what every request builds once (schema caches, statements).
    await post(attack(-1, 1));
    const start = await probe();
    let answer = '';
    for (let n = 0; n < VARIANTS; n++) {
      const miss = await post(attack(n, ALIASES));
      const hit = await post(attack(n, ALIASES));
      expect([miss.status, miss.hit, hit.status, hit.hit]).toEqual([200, false, 200, true]);
      expect(hit.text.length).toBe(miss.text.length);
      answer = miss.text;
    }
    const after = await probe();

    // The answer as the cache stores it (Apollo's plugin: data, cache policy, time), in bytes on the heap.
    const stored = JSON.stringify({ data: JSON.parse(answer).data, cachePolicy: { maxAge: 60, scope: 'PUBLIC' }, cacheTime: Date.now() });
    const storedBytes = stored.length * (/[^\u0000-\u00ff]/.test(stored) ? 2 : 1);
    // The newest variants, newest first, are hits until the first miss: that is what the cache holds.
    let held = 0;
    while (held < VARIANTS && (await post(attack(VARIANTS - 1 - held, ALIASES))).hit) held += 1;
    const fits = Math.floor((CACHE_MB * MiB) / storedBytes);
    expect(held).toBeLessThanOrEqual(fits);
    expect(held).toBeGreaterThanOrEqual(fits - 1);

    // Before issue 20 the heap kept a parse of every hit: about 13 MB a variant here, 400 MB in all.
    const grown = after.heapUsed - start.heapUsed;
    expect(grown).toBeLessThan((CACHE_MB + 24) * MiB);
    expect(after.peakRss).toBeLessThan(1024 * MiB);
    console.log(
      `memory attack: ${VARIANTS} variants of ${(storedBytes / MiB).toFixed(2)} MB, ${held} held by a cache of ${CACHE_MB} MB; ` +
        `heap after GC ${(start.heapUsed / MiB).toFixed(0)} -> ${(after.heapUsed / MiB).toFixed(0)} MB, RSS peak ${(after.peakRss / MiB).toFixed(0)} MB`,
    );
  });

  it('does not cache an answer larger than an eighth of the cache', async () => {
    const big = attack(1000, ALIASES + 1);
    const first = await post(big);
    const second = await post(big);
    expect(first.text.length * 2).toBeGreaterThan((CACHE_MB * MiB) / 8);
    expect([first.status, first.hit, second.status, second.hit]).toEqual([200, false, 200, false]);
  });
});
