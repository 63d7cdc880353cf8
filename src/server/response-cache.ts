import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import { cacheControlFromInfo } from '@apollo/cache-control-types';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import { getNamedType, GraphQLField, GraphQLResolveInfo, isCompositeType, isLeafType } from 'graphql';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import { DATA_VERSION_SETTING } from '../db/data-version';
import { quietQuery } from '../db/quiet-query';
import { Role } from '../common/roles';
import { stringBytes } from '../common/heap-bytes';
import { stringStore } from './bounded-stores';
import { CACHEABLE_ROOT_FIELDS, CachedAnswers, DataVersions, mayBeCacheable } from './cached-answers';
import type { Context } from '../modules/context';
import { unitDeclaration, UNIT_NAMES } from '../questionnaire/units';

/**
 * Row-level types: the row types of the units declared row-level (questionnaire/units.ts) and
 * their pages' types. A selection that reaches one of them (e.g. `round { respondents }`) is not cached.
 */
export const ROW_LEVEL_TYPES: ReadonlySet<string> = new Set(
  UNIT_NAMES.filter((u) => unitDeclaration(u).rowLevel).flatMap((u) => {
    const type = unitDeclaration(u).graphqlType;
    return [type, `${type}Connection`, `${type}Edge`];
  }),
);

/** How long a read of the data version is reused: an import elsewhere is seen within about a second. */
export const DATA_VERSION_CHECK_MS = 1000;

/**
 * Reads the data version past TypeORM (db/quiet-query.ts): the check is bookkeeping outside any
 * request's snapshot, and it runs at most once a second, so through the ORM it would make the
 * statement counts of tests depend on timing.
 */
async function readDataVersionQuietly(ds: DataSource): Promise<number> {
  const rows = await quietQuery(ds, (mark) => `SELECT value FROM hub_setting WHERE key = ${mark(1)}`, [DATA_VERSION_SETTING]);
  return rows[0] ? Number(rows[0].value) : 0;
}

/**
 * The data version, read from the database at most once per `DATA_VERSION_CHECK_MS`; concurrent
 * requests share one read. The version is read before the request's snapshot starts, so an answer
 * is never older than the version it is stored under (at worst newer, which is harmless).
 */
export class DataVersionWatch {
  private value = 0;
  private checkedAt = -Infinity;
  private pending: Promise<number> | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly checkMs = DATA_VERSION_CHECK_MS,
  ) {}

  async current(): Promise<number> {
    if (Date.now() - this.checkedAt < this.checkMs) return this.value;
    this.pending ??= readDataVersionQuietly(this.ds)
      .then((v) => {
        this.value = v;
        this.checkedAt = Date.now();
        return v;
      })
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  }
}

/** Longest wait for Redis, connecting included, before a cache read counts as a miss. */
const REDIS_TIMEOUT_MS = 500;
/** How long the cache is skipped after Redis failed to answer. */
const SKIP_AFTER_FAILURE_MS = 5000;

/**
 * A cache that never fails a request: when Redis does not answer, a read is a miss and a write is
 * dropped (logged once a minute), so the hub keeps answering from the database.
 */
class ForgivingCache implements KeyValueCache<string> {
  private lastWarning = 0;
  /** After a failure the cache is skipped until then, so that requests do not each wait for a dead Redis. */
  private skipUntil = 0;
  constructor(
    private readonly inner: KeyValueCache<string>,
    private readonly logger?: Logger,
  ) {}

  /** Runs one cache operation within REDIS_TIMEOUT_MS, or not at all while the cache is skipped. */
  private async attempt<T>(fallback: T, op: () => Promise<T>): Promise<T> {
    if (Date.now() < this.skipUntil) return fallback;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer from the response cache in ${REDIS_TIMEOUT_MS} ms`)), REDIS_TIMEOUT_MS);
      });
      return await Promise.race([op(), timeout]);
    } catch (err) {
      this.skipUntil = Date.now() + SKIP_AFTER_FAILURE_MS;
      this.warn(err);
      return fallback;
    } finally {
      clearTimeout(timer);
    }
  }

  private warn(err: unknown): void {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'response cache unavailable; answering from the database');
  }

  get(key: string): Promise<string | undefined> {
    return this.attempt<string | undefined>(undefined, () => this.inner.get(key));
  }

  set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    return this.attempt<void>(undefined, () => this.inner.set(key, value, options));
  }

  async delete(key: string): Promise<boolean | void> {
    return this.attempt<boolean | void>(false, () => this.inner.delete(key));
  }
}

export interface ResponseCacheStore {
  cache: KeyValueCache<string>;
  store: 'memory' | 'redis';
  close(): Promise<void>;
}

/** Bytes of `RESPONSE_CACHE_MAX_MB`. */
export const responseCacheBytes = (config: Pick<Config, 'RESPONSE_CACHE_MAX_MB'>): number => config.RESPONSE_CACHE_MAX_MB * 2 ** 20;

/**
 * The largest answer worth caching, as a share of the cache: a larger one would push out a
 * dashboard's worth of small answers, and a few of them the whole cache.
 */
export const LARGEST_ANSWER_SHARE = 1 / 8;

/** The largest answer the cache takes, in bytes of the stored text (Redis included, though its own bound is Redis's). */
export const largestCachedAnswerBytes = (config: Pick<Config, 'RESPONSE_CACHE_MAX_MB'>): number => Math.floor(responseCacheBytes(config) * LARGEST_ANSWER_SHARE);

/**
 * The store of cached answers: Redis when `REDIS_URL` is set (shared by every instance), else an
 * LRU in memory bounded by `RESPONSE_CACHE_MAX_MB` of heap (keys and bookkeeping included).
 */
export async function openResponseCacheStore(config: Config, logger?: Logger): Promise<ResponseCacheStore> {
  if (!config.REDIS_URL) return { cache: stringStore(responseCacheBytes(config)), store: 'memory', close: async () => undefined };
  // Loaded only here: the Redis client is some 400 modules that a hub without Redis never needs.
  const [{ default: KeyvRedis }, { default: Keyv }] = await Promise.all([import('@keyv/redis'), import('keyv')]);
  // No background reconnection: a closed client reconnects at its next use, which the forgiving
  // cache attempts at most once every few seconds while Redis is down.
  const redis = new KeyvRedis<string>(
    { url: config.REDIS_URL, socket: { connectTimeout: REDIS_TIMEOUT_MS, reconnectStrategy: false } },
    { throwOnConnectError: true, throwOnErrors: true },
  );
  redis.on('error', () => undefined);
  const keyv = new Keyv<string>({ store: redis, namespace: config.RESPONSE_CACHE_KEY_PREFIX, useKeyPrefix: false });
  keyv.on('error', () => undefined);
  return {
    cache: new ForgivingCache(new KeyvAdapter(keyv), logger),
    store: 'redis',
    close: async () => {
      await keyv.disconnect().catch(() => undefined);
    },
  };
}

/** Gives the fields of cacheable answers their hint; every other field keeps Apollo's default of 0 (not cacheable). */
function cacheHintsPlugin(maxAge: number): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      // Response key (alias) of each root field -> whether its field is cacheable.
      const cacheableRoots = new Map<string, boolean>();
      const hint = (info: GraphQLResolveInfo) => {
        let top = info.path;
        while (top.prev) top = top.prev;
        if (!info.path.prev) {
          const cacheable = info.parentType.name === 'Query' && CACHEABLE_ROOT_FIELDS.has(info.fieldName);
          cacheableRoots.set(String(info.path.key), cacheable);
          if (cacheable) cacheControlFromInfo(info).setCacheHint({ maxAge, scope: 'PUBLIC' });
          return;
        }
        const target = getNamedType(info.returnType);
        if (!isCompositeType(target) || !cacheableRoots.get(String(top.key))) return;
        // No hint on row-level types: Apollo's default (0) makes the whole answer uncacheable.
        if (!ROW_LEVEL_TYPES.has(target.name)) cacheControlFromInfo(info).setCacheHint({ maxAge });
      };
      return {
        async executionDidStart({ operation }) {
          if (!mayBeCacheable(operation)) return;
          return { willResolveField: ({ info }) => hint(info) };
        },
      };
    },
  };
}

/** Fields with a `@cacheControl` directive of their own, which Apollo's plugin reads on every resolution. */
const hintedFields = new WeakMap<GraphQLField<unknown, unknown>, boolean>();

/**
 * A scalar or enum field below the root without a `@cacheControl` directive: Apollo's hook gives
 * it an empty policy, which restricts nothing, so skipping the hook changes no answer's policy.
 * On a large cacheable answer (thousands of gazetteer rows) these are most of the fields: skipping
 * the hook's policy, closure and `info.cacheControl` for each took a seventh off the CPU of such an
 * answer (issue 20's three aliases of the admin-1 gazetteer). No resolver of a leaf sets a dynamic
 * hint (their `info.cacheControl` is left unset).
 */
function isUnhintedLeaf(info: GraphQLResolveInfo): boolean {
  if (!info.path.prev || !isLeafType(getNamedType(info.returnType))) return false;
  const field = info.parentType.getFields()[info.fieldName];
  let hinted = hintedFields.get(field);
  if (hinted === undefined) hintedFields.set(field, (hinted = field.astNode?.directives?.some((d) => d.name.value === 'cacheControl') ?? false));
  return !hinted;
}

/**
 * Apollo's cache-control plugin, run only for operations that may be cached. Its per-field hook
 * makes Apollo wrap every resolver call (a hint object, a closure and, on lists, a `Promise.all`
 * per field): on a nested page of 100 respondents the two hooks made a fifth of the request's
 * allocations, for an answer that is `no-store` anyway. Other operations get the policy of an
 * uncacheable answer at once. The plugin keeps its internal id, so Apollo does not install its default one.
 */
function cacheControlForCacheable(plugin: ApolloServerPlugin<Context>): ApolloServerPlugin<Context> {
  return {
    ...plugin,
    async requestDidStart(requestContext) {
      const listener = await plugin.requestDidStart?.(requestContext);
      return {
        ...listener,
        async executionDidStart(executionContext) {
          if (!mayBeCacheable(executionContext.operation)) {
            executionContext.overallCachePolicy.restrict({ maxAge: 0 });
            return;
          }
          const execution = await listener?.executionDidStart?.(executionContext);
          const hook = execution?.willResolveField;
          if (!hook) return execution;
          return { ...execution, willResolveField: (field) => (isUnhintedLeaf(field.info) ? undefined : hook(field)) };
        },
      };
    },
  };
}

/**
 * Adds `Vary: Accept, Authorization, Accept-Language` to GraphQL answers (appended, so the CORS
 * guard's `Vary: Origin` stays): the media type follows Accept, the role follows Authorization,
 * and labels follow Accept-Language when the operation names no `lang`.
 */
export function varyOnCaller(): RequestHandler {
  return (_req, res, next) => {
    res.vary('Accept');
    res.vary('Authorization');
    res.vary('Accept-Language');
    next();
  };
}

/** Whether the answer of this request may be stored by HTTP caches, and how. */
export function cacheControlHeader(requestContext: GraphQLRequestContext<Context>): string {
  const { response, overallCachePolicy, operation, contextValue } = requestContext;
  const single = response.body?.kind === 'single' ? response.body.singleResult : undefined;
  const policy = overallCachePolicy.policyIfCacheable();
  if (!policy || !single || single.errors?.length || !single.data || operation?.operation !== 'query') return 'no-store';
  // A partner's answer is the same for every partner, but no shared cache may hand it to the public.
  const scope = contextValue?.role === Role.PUBLIC && policy.scope === 'PUBLIC' ? 'public' : 'private';
  return `${scope}, max-age=${policy.maxAge}`;
}

/**
 * Sets Cache-Control on every GraphQL response from its cache policy and the caller's
 * role, and an ETag on public GET answers: the data version their key was read at, with a hash of
 * the URL's query (operation, variables, persisted-query hash) and the settings that shape the
 * answer. A client or CDN that sends it back in If-None-Match gets 304 (Express compares them)
 * while the data version is unchanged. The body itself is not hashed: its `extensions.cost` differs
 * on every request.
 */
function httpCacheHeadersPlugin(versionOf: WeakMap<object, number>, shape: string): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(requestContext) {
          const headers = requestContext.response.http.headers;
          const cacheControl = cacheControlHeader(requestContext);
          headers.set('cache-control', cacheControl);
          const http = requestContext.request.http;
          const version = versionOf.get(requestContext.contextValue);
          if (cacheControl.startsWith('public') && http?.method === 'GET' && version !== undefined) {
            const digest = createHash('sha256').update(`${shape}\n${http.search}`).digest('base64url').slice(0, 22);
            headers.set('etag', `W/"${version}-${digest}"`);
          }
        },
      };
    },
  };
}

/** Serves the answers the request's lookup found (a hit, or an identical request's fresh answer), as Apollo's cache plugin would. */
function cachedAnswerPlugin(answers: CachedAnswers): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async responseForOperation(requestContext) {
          const found = await answers.lookup(requestContext);
          if (found.kind !== 'hit') return null;
          const { data, cachePolicy } = found.stored;
          requestContext.overallCachePolicy.replace(cachePolicy);
          requestContext.metrics.responseCacheHit = true;
          // Age counts from the last validation by the origin: the hub validated the answer against the
          // data version for this very request, however long ago it was computed (SERVER_KEEP_SECONDS).
          const age = '0';
          return { body: { kind: 'single', singleResult: { data } }, http: { status: undefined, headers: new HeaderMap([['age', age]]) } };
        },
        async willSendResponse({ request, response }) {
          answers.responseSent(request, response.body.kind === 'single' ? response.body.singleResult.data : undefined);
        },
      };
    },
  };
}

/**
 * How long the hub keeps an answer, whatever its HTTP max age: the key holds the data version, so
 * a kept answer is never stale, and letting it expire after max-age made every client of a busy
 * dashboard wait for one multi-second recompute each time it did. Bounded by the LRU's size in
 * memory; in Redis, entries of older data versions go after a day.
 */
export const SERVER_KEEP_SECONDS = 24 * 3600;

/**
 * The store as Apollo's cache plugin writes to it: each write also serves the requests waiting for
 * that answer; an answer over `largestBytes` is handed to them but not stored.
 */
function announcingWrites(cache: KeyValueCache<string>, answers: CachedAnswers, largestBytes: number): KeyValueCache<string> {
  return {
    get: (key) => cache.get(key),
    set: async (key, value, options) => {
      answers.written(key, value);
      if (stringBytes(value) > largestBytes) return;
      return cache.set(key, value, { ...options, ttl: Math.max(options?.ttl ?? 0, SERVER_KEEP_SECONDS) });
    },
    delete: (key) => cache.delete(key),
  };
}

/** The read side of the response cache (single flight included), for the plugins and the cost limiter. */
export function cachedAnswers(config: Config, store: ResponseCacheStore, versions: DataVersions): CachedAnswers {
  return new CachedAnswers(store.cache, versions, config.REQUEST_TIME_BUDGET_MS, config.RESPONSE_CACHE_MAX_AGE > 0);
}

/**
 * The plugins of the response cache: Apollo's cache-control plugin (hints only; the headers are
 * ours), the hints of cacheable fields, the lookup of answers with single flight (cached-answers.ts),
 * Apollo's response-cache plugin for the writes, keyed on the operation, its variables, the
 * caller's role and the data version, and the HTTP headers. With a max age of 0, answers are
 * neither cached nor cacheable.
 */
export function responseCachePlugins(config: Config, store: ResponseCacheStore, answers: CachedAnswers): ApolloServerPlugin<Context>[] {
  const plugins: ApolloServerPlugin<Context>[] = [
    // Apollo calls willResolveField hooks in reverse plugin order: the hints must come before the
    // cache-control plugin, so that it has set `info.cacheControl` when they run.
    cacheHintsPlugin(config.RESPONSE_CACHE_MAX_AGE),
    cacheControlForCacheable(ApolloServerPluginCacheControl({ defaultMaxAge: 0, calculateHttpHeaders: false })),
    httpCacheHeadersPlugin(answers.versionOf, `${config.RESPONSE_CACHE_MAX_AGE}:${config.DISCLOSURE_MIN_CELL}:${config.DISCLOSURE_MAX_VARIABLES}:${config.DISCLOSURE_MIN_LISTED_SHARE}`),
    {
      async serverWillStart() {
        return { serverWillStop: () => store.close() };
      },
    },
  ];
  if (config.RESPONSE_CACHE_MAX_AGE > 0) {
    plugins.push(
      // Before Apollo's cache plugin: the first plugin to answer `responseForOperation` wins.
      cachedAnswerPlugin(answers),
      responseCachePlugin<Context>({
        cache: announcingWrites(store.cache, answers, largestCachedAnswerBytes(config)),
        // Reads are the lookup's (above); this plugin only writes, under the lookup's key. Requests
        // without a key (not cacheable, or variables nested deeper than any filter of the schema,
        // which would overflow the stack of JSON.stringify) are never written.
        shouldReadFromCache: async () => false,
        shouldWriteToCache: async ({ request }) => answers.keyFor(request) !== undefined,
        // Answers hold no per-key data (row-level answers are never cacheable), so every caller of a role shares them.
        sessionId: async () => null,
        generateCacheKey: ({ request }) => answers.keyFor(request) ?? '',
      }),
    );
  }
  return plugins;
}
