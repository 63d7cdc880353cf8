import { createHash } from 'node:crypto';
import type { GraphQLRequest, GraphQLRequestContext } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { FormattedExecutionResult, Kind, OperationDefinitionNode } from 'graphql';
import { timeBudgetExceeded } from '../db/capacity-errors';
import type { Context } from '../modules/context';
import { UNIT_DECLARATIONS, UNIT_NAMES } from '../questionnaire/units';
import { Flight, SingleFlight } from './single-flight';

/**
 * Query fields whose answers are the same for every caller of a role until the data changes:
 * aggregates, reference data and published figures. Everything else (row-level pages, `node`,
 * partner-key management) is never cached.
 */
export const CACHEABLE_ROOT_FIELDS: ReadonlySet<string> = new Set([
  'rounds',
  'round',
  'flowStatistics',
  'flowStatisticSeries',
  'publishedFigures',
  'locations',
  'location',
  // One stats query per unit (questionnaire/units.ts).
  ...UNIT_NAMES.map((u) => UNIT_DECLARATIONS[u].statsQuery),
  'disclosurePolicy',
]);

/** The prefix Apollo's response-cache plugin gives the keys of whole answers in the store. */
export const ANSWER_KEY_PREFIX = 'fqc:';

/** Deepest nesting of variables worth caching: the deepest filter of the schema is 3 levels. */
export const MAX_KEY_DEPTH = 16;

/** Nesting depth of a JSON value, counted no further than `limit + 1`. */
export function nestingDepth(value: unknown, limit: number): number {
  if (value === null || typeof value !== 'object') return 0;
  if (limit < 0) return 1;
  let deepest = 0;
  for (const v of Object.values(value)) deepest = Math.max(deepest, nestingDepth(v, limit - 1));
  return deepest + 1;
}

/**
 * Whether an operation asks for at least one cacheable root field (or may, through a fragment on
 * the root). Others are answered without asking the cache or reading the data version.
 */
export function mayBeCacheable(operation: OperationDefinitionNode | undefined): boolean {
  if (!operation || operation.operation !== 'query') return false;
  return operation.selectionSet.selections.some((s) => s.kind !== Kind.FIELD || CACHEABLE_ROOT_FIELDS.has(s.name.value));
}

/**
 * `JSON.stringify(value)` for a result whose `data` is already written as `dataText`: the same
 * keys in the same order (`errors`, `data`, `extensions`, as Apollo orders them; undefined ones
 * left out).
 */
export function withDataText(value: FormattedExecutionResult, dataText: string): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    parts.push(`${JSON.stringify(k)}:${k === 'data' ? dataText : JSON.stringify(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/** The JSON text of each `data` served from the cache and not read since, by its object (see `storedAnswer`). */
const dataTexts = new WeakMap<object, string>();

/**
 * Apollo's `stringifyResult`: an answer served from the cache is written with the JSON of its
 * `data` as the store holds it, neither parsed nor serialized again; everything else is
 * `JSON.stringify`.
 */
export function stringifyResult(value: FormattedExecutionResult): string {
  const text = value.data ? dataTexts.get(value.data) : undefined;
  return `${text === undefined ? JSON.stringify(value) : withDataText(value, text)}\n`;
}

/**
 * A `data` object that is the JSON text `text` until something reads it: the first read (of a
 * key, of the keys, ...) parses the text into an object of this request's own, and from then on
 * the object is the data (so `stringifyResult` serializes what is there, changes included).
 * Requests over HTTP never read it: the text goes out as it is.
 */
function unreadData(text: string): Record<string, unknown> {
  let parsed: Record<string, unknown> | undefined;
  const data: Record<string, unknown> = new Proxy<Record<string, unknown>>(
    {},
    {
      get: (_, p) => Reflect.get(read(), p),
      has: (_, p) => Reflect.has(read(), p),
      ownKeys: () => Reflect.ownKeys(read()),
      getOwnPropertyDescriptor: (_, p) => Reflect.getOwnPropertyDescriptor(read(), p),
      set: (_, p, v) => Reflect.set(read(), p, v),
      defineProperty: (_, p, d) => Reflect.defineProperty(read(), p, d),
      deleteProperty: (_, p) => Reflect.deleteProperty(read(), p),
    },
  );
  const read = () => {
    if (parsed === undefined) {
      parsed = JSON.parse(text) as Record<string, unknown>;
      dataTexts.delete(data);
    }
    return parsed;
  };
  dataTexts.set(data, text);
  return data;
}

/** How Apollo's response-cache plugin writes an answer: `{"data":…,"cachePolicy":…,"cacheTime":…}`. */
const DATA_MARK = '{"data":';
const POLICY_MARK = ',"cachePolicy":';

/**
 * A stored answer, read without parsing its `data`: a hit of a 17 MB answer costs no parse and
 * leaves nothing behind once its response is sent (issue 20: every hit of an answer was parsed,
 * and the parse kept beside the cache's byte bound, until the heap ran out). The text of `data`
 * ends at the last `,"cachePolicy":` (inside a JSON string every quote is escaped, and the
 * answer's own keys all come before the plugin's); the small rest is parsed. Any other text is
 * parsed whole.
 */
export function storedAnswer(text: string): StoredAnswer {
  const split = splitStored(text);
  return split ? { ...split.rest, data: unreadData(split.dataText) } : (JSON.parse(text) as StoredAnswer);
}

/** The text of a stored answer's `data` and the rest parsed, or undefined for a text in another shape. */
function splitStored(text: string): { dataText: string; rest: Omit<StoredAnswer, 'data'> } | undefined {
  const cut = text.lastIndexOf(POLICY_MARK);
  if (!text.startsWith(DATA_MARK) || cut <= DATA_MARK.length) return undefined;
  try {
    const rest = JSON.parse(`{${text.slice(cut + 1)}`) as Omit<StoredAnswer, 'data'>;
    return typeof rest.cachePolicy?.maxAge === 'number' ? { dataText: text.slice(DATA_MARK.length, cut), rest } : undefined;
  } catch {
    return undefined;
  }
}

/** An answer as Apollo's response-cache plugin stores it. */
export interface StoredAnswer {
  data: Record<string, unknown>;
  cachePolicy: { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' };
  cacheTime: number;
}

/**
 * Where a request's answer comes from: the cache (`hit`, possibly handed over by an identical
 * request that computed it meanwhile), its own execution as the one request computing it for its
 * key (`miss`), or its own execution outside the cache (`uncached`).
 */
export type Lookup = { kind: 'hit'; stored: StoredAnswer } | { kind: 'miss' } | { kind: 'uncached' };

/** The data version, read at most once a second (see `DataVersionWatch`). */
export interface DataVersions {
  current(): Promise<number>;
}

/**
 * The read side of the response cache, with single flight: a request's cache key (operation text,
 * operation name, variables, role and data version) is looked up once per request, by whichever
 * needs it first (the cost limiter, to charge a hit less, or the plugin that serves hits).
 *
 * On a miss the request becomes the leader of its key's flight: identical requests arriving
 * meanwhile wait for its answer (within the request time budget, else 503 TIME_BUDGET_EXCEEDED)
 * instead of each starting the same aggregate. The flight ends when the leader's answer is
 * written to the store (the waiters get it directly, even when Redis is slow or down) or when the
 * leader's response is sent without a cacheable answer; then one waiter becomes the next leader.
 */
export class CachedAnswers {
  readonly flights = new SingleFlight();
  /** The data version of each request's key, for its ETag. */
  readonly versionOf = new WeakMap<object, number>();
  private readonly lookups = new WeakMap<GraphQLRequest, Promise<Lookup>>();
  private readonly keyOf = new WeakMap<GraphQLRequest, string>();
  private readonly leading = new WeakMap<GraphQLRequest, Flight>();
  /** Requests whose response is already on its way (e.g. refused by a guard while their lookup ran). */
  private readonly sent = new WeakSet<GraphQLRequest>();
  /** The `data` a flight's leader is sending, until the answer is written (the same turn of the event loop). */
  private readonly sending = new WeakMap<Flight, object>();

  constructor(
    private readonly store: KeyValueCache<string>,
    private readonly versions: DataVersions,
    private readonly budgetMs: number,
    private readonly enabled: boolean,
  ) {}

  /** The request's lookup (memoised): never asked twice for one request. */
  lookup(requestContext: GraphQLRequestContext<Context>): Promise<Lookup> {
    const { request } = requestContext;
    let found = this.lookups.get(request);
    if (!found) {
      found = this.find(requestContext);
      // A waiter's timeout is reported by whichever hook asked first; later askers see it too.
      found.catch(() => undefined);
      this.lookups.set(request, found);
    }
    return found;
  }

  /** Whether the request is answered from the cache (the cost limiter charges such a request less). */
  async servedFromCache(requestContext: GraphQLRequestContext<Context>): Promise<boolean> {
    return (await this.lookup(requestContext)).kind === 'hit';
  }

  /** The store key of the request's answer (without the plugin's prefix), when it was looked up. */
  keyFor(request: GraphQLRequest): string | undefined {
    return this.keyOf.get(request);
  }

  /**
   * An answer was written to the store: identical requests waiting for it are served with it, and
   * the response of the request that computed it is written with the same JSON of its `data`
   * rather than a second serialization (two copies of a large answer at once, where one will do).
   */
  written(storeKey: string, text: string): void {
    const key = storeKey.startsWith(ANSWER_KEY_PREFIX) ? storeKey.slice(ANSWER_KEY_PREFIX.length) : storeKey;
    const flight = this.flights.find(key);
    if (!flight) return;
    const data = this.sending.get(flight);
    const dataText = data && splitStored(text)?.dataText;
    if (data && dataText !== undefined) dataTexts.set(data, dataText);
    flight.finish(text);
  }

  /**
   * The request's response, with `data`, is being sent: if it led a flight that no write ended, the flight ends
   * without an answer. Deferred to the next turn of the event loop, after Apollo's cache plugin
   * has made its write (synchronously, in the same `willSendResponse` round), so that waiters get
   * the answer rather than starting the work again.
   */
  responseSent(request: GraphQLRequest, data?: object | null): void {
    this.sent.add(request);
    const flight = this.leading.get(request);
    if (!flight) return;
    if (data) this.sending.set(flight, data);
    setImmediate(() => flight.finish(undefined));
  }

  private async find(requestContext: GraphQLRequestContext<Context>): Promise<Lookup> {
    const { operation, request, contextValue } = requestContext;
    if (!this.enabled || !mayBeCacheable(operation) || nestingDepth(request.variables, MAX_KEY_DEPTH) > MAX_KEY_DEPTH) return { kind: 'uncached' };
    const deadline = performance.now() + this.budgetMs;
    const dataVersion = await this.versions.current();
    this.versionOf.set(contextValue, dataVersion);
    // The role is part of the key: public and partner answers differ (disclosure control). So is
    // the language from Accept-Language, which labels follow when the operation names none.
    const keyData = {
      source: requestContext.source,
      operationName: requestContext.operationName,
      variables: request.variables ?? {},
      role: contextValue.role,
      lang: contextValue.lang,
      dataVersion,
    };
    const key = createHash('sha256').update(JSON.stringify(keyData)).digest('hex');
    this.keyOf.set(request, key);
    for (;;) {
      const flight = this.flights.find(key);
      if (flight) {
        const outcome = await flight.wait(deadline - performance.now());
        if (outcome === 'timeout') throw timeBudgetExceeded(this.budgetMs);
        if (outcome.answer !== undefined) return { kind: 'hit', stored: storedAnswer(outcome.answer) };
        continue;
      }
      // A leader is bounded by its own time budget; the flight outlives it so that its waiters
      // end by their own budget (or its answer), never by a guard firing first.
      // A request already answered (another plugin refused it meanwhile) would never end a flight.
      if (this.sent.has(request)) return { kind: 'uncached' };
      const mine = this.flights.start(key, 2 * this.budgetMs);
      const text = await this.store.get(ANSWER_KEY_PREFIX + key);
      if (text !== undefined) {
        mine.finish(text);
        return { kind: 'hit', stored: storedAnswer(text) };
      }
      if (this.sent.has(request)) {
        mine.finish(undefined);
        return { kind: 'uncached' };
      }
      this.leading.set(request, mine);
      return { kind: 'miss' };
    }
  }
}
