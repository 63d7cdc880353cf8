import { z } from 'zod';

/**
 * The hub's whole configuration, read once from the environment and validated.
 * Every variable is documented in the README's configuration table.
 */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  SQLITE_PATH: z.string().min(1).default('data/dtm-hub.sqlite'),
  PARTNER_KEYS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((k) => k.trim()).filter((k) => k.length > 0))
    .pipe(z.array(z.string().min(16, 'each partner key needs at least 16 characters'))),
  SEED_ON_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_QUERY_COMPLEXITY: z.coerce.number().int().min(10).default(20000),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
  DISCLOSURE_MIN_CELL: z.coerce.number().int().min(1).max(100).default(5),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  CORS_ORIGINS: z
    .string()
    .default('*')
    .transform((s) => s.split(',').map((o) => o.trim()).filter((o) => o.length > 0)),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  RATE_LIMIT_COST_PER_MINUTE: z.coerce.number().int().min(1).default(200000),
  REQUEST_TIME_BUDGET_MS: z.coerce.number().int().min(100).max(600000).default(10000),
  HEAVY_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  HEAVY_QUEUE_MS: z.coerce.number().int().min(0).max(60000).default(2000),
  SQLITE_READERS: z.coerce.number().int().min(1).max(32).default(4),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0]);
      const value = env[String(i.path[0])];
      const secret = i.path[0] === 'PARTNER_KEYS' || i.path[0] === 'DATABASE_URL' || i.path[0] === 'REDIS_URL';
      const shown = secret ? '(hidden)' : JSON.stringify(value);
      return `${name}=${shown}: ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}
