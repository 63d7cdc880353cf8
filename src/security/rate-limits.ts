import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** Cost points every GraphQL operation and CSV export is charged on top of its cost, so cheap requests count too. */
export const REQUEST_FLOOR = 10;
/** How long startup waits for Redis before serving with per-instance counters (Redis still joins when it comes up). */
const REDIS_READY_WAIT_MS = 3000;

export interface RateLimitSettings {
  RATE_LIMIT_PER_MINUTE: number;
  RATE_LIMIT_COST_PER_MINUTE: number;
  REDIS_URL?: string;
  RATE_LIMIT_KEY_PREFIX: string;
  /** Clients with counters of their own in one minute, per instance (RATE_LIMIT_MAX_CLIENTS). */
  RATE_LIMIT_MAX_CLIENTS: number;
}
/** The budget that clients beyond RATE_LIMIT_MAX_CLIENTS share for the rest of the minute. */
export const OVERFLOW_CLIENT = '~overflow';

/**
 * Which clients have counters of their own this minute. Every counter is memory held for up to a
 * minute (about 0.9 KB per client for the two budgets), so a flood from many addresses would grow
 * it without bound: past `max` clients in a minute, new clients share one budget
 * (`OVERFLOW_CLIENT`) until the minute ends. Clients already counted keep their own.
 */
export class ClientTable {
  private readonly seen = new Set<string>();
  private minute = -1;

  constructor(
    private readonly max: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The key to count `client` under. */
  keyFor(client: string): string {
    const minute = Math.floor(this.now() / 60000);
    if (minute !== this.minute) {
      this.minute = minute;
      this.seen.clear();
    }
    if (this.seen.has(client)) return client;
    if (this.seen.size >= this.max) return OVERFLOW_CLIENT;
    this.seen.add(client);
    return client;
  }
}

/** The answer of a limiter: allowed or not, what is left of the minute's budget, and when it refills. */
export interface LimitOutcome {
  allowed: boolean;
  remaining: number;
  /** Seconds until the client's window ends and the budget is whole again (at least 1). */
  retryAfterSeconds: number;
}

/** What the cost limiter knows about the request being served (set by `chargeTo`, read by the query-limits plugin). */
export interface ClientScope {
  limits: RateLimits;
  /** The client's rate-limit key: its address, IPv6 grouped by /56. */
  key: string;
  /** Points charged to the cost budget so far for this request. */
  charged: number;
  /** The cost budget left after the last charge, when one was made. */
  remaining?: number;
}

const CLIENT_SCOPE = Symbol('dtm-hub client scope');
type Scoped = { [CLIENT_SCOPE]?: ClientScope };

const outcomeOf = (res: RateLimiterRes, allowed: boolean): LimitOutcome => ({
  allowed,
  remaining: res.remainingPoints,
  retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
});

/**
 * The hub's two per-client budgets over a fixed one-minute window:
 *
 * - requests: `RATE_LIMIT_PER_MINUTE` requests to /graphql and /export, counted before the body
 *   is read (an outer guard against floods of requests that cost nothing to refuse);
 * - cost: `RATE_LIMIT_COST_PER_MINUTE` cost points, each operation charging its cost (the cost
 *   model of `cost-model.ts`) plus `REQUEST_FLOOR`.
 *
 * With `REDIS_URL` the counters live in Redis under `RATE_LIMIT_KEY_PREFIX`, so every hub
 * instance using that Redis and prefix shares one budget per client; without it, in memory. When
 * Redis cannot be reached, each instance falls back to its own in-memory counters (logged) rather
 * than refusing or admitting everyone.
 */
export class RateLimits {

  private constructor(
    readonly requests: RateLimiterAbstract,
    readonly cost: RateLimiterAbstract,
    readonly store: 'memory' | 'redis',
    private readonly clients: ClientTable,
    private readonly redis?: Redis,
  ) {}

  static async open(settings: RateLimitSettings, logger?: Logger): Promise<RateLimits> {
    const memory = (points: number, keyPrefix: string) => new RateLimiterMemory({ points, duration: 60, keyPrefix });
    const requestsPrefix = `${settings.RATE_LIMIT_KEY_PREFIX}:requests`;
    const costPrefix = `${settings.RATE_LIMIT_KEY_PREFIX}:cost`;
    const clients = new ClientTable(settings.RATE_LIMIT_MAX_CLIENTS);
    if (!settings.REDIS_URL) {
      return new RateLimits(memory(settings.RATE_LIMIT_PER_MINUTE, requestsPrefix), memory(settings.RATE_LIMIT_COST_PER_MINUTE, costPrefix), 'memory', clients);
    }
    // Loaded only here: a hub without Redis never needs its client.
    const { default: RedisClient } = await import('ioredis');
    // No offline queue: while Redis is away a count goes to the in-memory insurance at once instead of waiting.
    const redis = new RedisClient(settings.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: REDIS_READY_WAIT_MS });
    let reachable = true;
    redis.on('error', (err: Error) => {
      if (reachable) logger?.warn({ err: err.message }, 'rate limits: Redis unreachable, counting in this instance until it is back');
      reachable = false;
    });
    redis.on('ready', () => {
      if (!reachable) logger?.info('rate limits: Redis reachable again, counters shared');
      reachable = true;
    });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, REDIS_READY_WAIT_MS);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    const shared = (points: number, keyPrefix: string) =>
      new RateLimiterRedis({ storeClient: redis, points, duration: 60, keyPrefix, rejectIfRedisNotReady: true, insuranceLimiter: memory(points, keyPrefix) });
    return new RateLimits(shared(settings.RATE_LIMIT_PER_MINUTE, requestsPrefix), shared(settings.RATE_LIMIT_COST_PER_MINUTE, costPrefix), 'redis', clients, redis);
  }

  /**
   * Charges the operations run with `contextValue` to the client `key` (an HTTP request's client),
   * for the Apollo plugin, which only sees GraphQL's view of the request. The scope travels as a
   * symbol-keyed property of the context (Apollo hands each operation a shallow copy of it) rather
   * than in an AsyncLocalStorage, whose promise hooks cost every promise of every request (about
   * 4% of the CPU of a nested page on Node 20 and 22).
   */
  chargeTo(contextValue: object, key: string): void {
    (contextValue as Scoped)[CLIENT_SCOPE] = { limits: this, key, charged: 0 };
  }

  /** The client the operations of `contextValue` are charged to by this hub; none for operations run in-process. */
  clientOf(contextValue: object): ClientScope | undefined {
    const scope = (contextValue as Scoped)[CLIENT_SCOPE];
    return scope?.limits === this ? scope : undefined;
  }

  /** Counts one request against the request budget. */
  consumeRequest(key: string): Promise<LimitOutcome> {
    return consume(this.requests, this.clients.keyFor(key), 1);
  }

  /**
   * Charges `points` to the cost budget. A charge that does not fit is refused and given back
   * except for `keep` points (the request floor), so that one expensive refusal does not also
   * lock the client out of cheap requests for the rest of the minute.
   */
  async chargeCost(client: string, points: number, keep = 0): Promise<LimitOutcome> {
    const key = this.clients.keyFor(client);
    const outcome = await consume(this.cost, key, points);
    if (!outcome.allowed && points > keep) {
      const back = await this.cost.reward(key, points - keep).catch(() => undefined);
      if (back) return { ...outcome, remaining: back.remainingPoints };
    }
    return outcome;
  }

  /** Closes the Redis connection, if any (the hub's shutdown). */
  async close(): Promise<void> {
    if (!this.redis) return;
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis?.disconnect());
    else this.redis.disconnect();
  }
}

async function consume(limiter: RateLimiterAbstract, key: string, points: number): Promise<LimitOutcome> {
  try {
    return outcomeOf(await limiter.consume(key, points), true);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return outcomeOf(rejection, false);
    // Only a store error without insurance lands here (not configured so): never refuse for it.
    return { allowed: true, remaining: limiter.points, retryAfterSeconds: 1 };
  }
}
