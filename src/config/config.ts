import { existsSync } from 'node:fs';
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
  // Unset: readable lines when stdout is a terminal, JSON lines otherwise (a pipe, a log shipper).
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  // What a browser opening /graphql gets: the hub's own explorer (works offline), Apollo Sandbox
  // (loaded from Apollo's servers), or no page at all.
  EXPLORER: z.enum(['hub', 'sandbox', 'off']).default('hub'),
  INTROSPECTION: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  // The MCP endpoint (/mcp) for assistants: off unless asked for.
  MCP_ENABLED: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  // The hub's own page at / (docs/page.md); false turns / back into the JSON 404.
  LANDING_PAGE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  // Partners' plain row pages answered from the page statement's rows, without a resolver per
  // field (docs/compiled-pages.md); false runs every operation through graphql-js.
  COMPILED_PAGES: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  MAX_QUERY_COMPLEXITY: z.coerce.number().int().min(10).default(25000),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
  MAX_ROOT_FIELDS: z.coerce.number().int().min(1).max(1000).default(30),
  DISCLOSURE_MIN_CELL: z.coerce.number().int().min(1).max(100).default(5),
  DISCLOSURE_MAX_VARIABLES: z.coerce.number().int().min(1).max(10).default(4),
  DISCLOSURE_MIN_LISTED_SHARE: z.coerce.number().min(0).max(1).default(0.5),
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
  RATE_LIMIT_MAX_CLIENTS: z.coerce.number().int().min(1).max(1000000).default(20000),
  RATE_LIMIT_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:._-]{1,64}$/, 'must be 1 to 64 letters, digits or : . _ -')
    .default('dtm-hub:rate'),
  REQUEST_TIME_BUDGET_MS: z.coerce.number().int().min(100).max(600000).default(10000),
  HEAVY_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  HEAVY_QUEUE_MS: z.coerce.number().int().min(0).max(60000).default(2000),
  SQLITE_READERS: z.coerce.number().int().min(1).max(32).default(4),
  RESPONSE_CACHE_MAX_AGE: z.coerce.number().int().min(0).max(86400).default(60),
  RESPONSE_CACHE_MAX_MB: z.coerce.number().int().min(1).max(4096).default(64),
  RESPONSE_CACHE_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:._-]{1,64}$/, 'must be 1 to 64 letters, digits or : . _ -')
    .default('dtm-hub:cache'),
});

export type Config = z.infer<typeof schema>;

export type SettingName = keyof typeof schema.shape;

/** The names of every setting, in the order the schema declares them (and the README lists them). */
export const SETTING_NAMES = Object.keys(schema.shape) as SettingName[];

/** Settings whose values are never repeated in messages: they may hold passwords or keys. */
const SECRET: ReadonlySet<string> = new Set(['DATABASE_URL', 'PARTNER_KEYS', 'REDIS_URL']);

/** Rules the schema cannot say in words by itself (lists, and what 0 means for the port). */
const RULE_OVERRIDES: Partial<Record<SettingName, string>> = {
  PORT: 'must be a whole number from 0 to 65535 (0 picks a free port)',
  PARTNER_KEYS: 'must be a comma-separated list of keys of 16 characters or more each',
  CORS_ORIGINS: 'must be a comma-separated list of origins such as https://app.example.org, or *',
};

export class ConfigError extends Error {}

/** Walks through defaults, optionals and transforms to the schema that checks the raw text. */
function unwrap(type: z.ZodTypeAny): { base: z.ZodTypeAny; defaultValue?: unknown } {
  let t = type;
  let defaultValue: unknown;
  for (;;) {
    if (t instanceof z.ZodDefault) {
      defaultValue ??= t._def.defaultValue();
      t = t._def.innerType;
    } else if (t instanceof z.ZodOptional) t = t._def.innerType;
    else if (t instanceof z.ZodEffects) t = t._def.schema;
    else if (t instanceof z.ZodPipeline) t = t._def.in;
    else return { base: t, defaultValue };
  }
}

/** What a setting must be, as the end of a sentence that starts with its name. */
export function settingRule(name: SettingName): string {
  const override = RULE_OVERRIDES[name];
  if (override) return override;
  const { base } = unwrap(schema.shape[name]);
  if (base instanceof z.ZodNumber) {
    const kind = base.isInt ? 'a whole number' : 'a number';
    const { minValue: min, maxValue: max } = base;
    if (min !== null && max !== null) return `must be ${kind} from ${min} to ${max}`;
    if (min !== null) return `must be ${kind} of ${min} or more`;
    if (max !== null) return `must be ${kind} of ${max} or less`;
    return `must be ${kind}`;
  }
  if (base instanceof z.ZodEnum) {
    const options = base.options as string[];
    return options.length === 2 ? `must be ${options[0]} or ${options[1]}` : `must be one of ${options.join(', ')}`;
  }
  if (base instanceof z.ZodString) {
    const regex = base._def.checks.find((c) => c.kind === 'regex');
    if (regex?.message) return regex.message;
    return 'must not be empty';
  }
  return 'is not valid';
}

/** The default of a setting as it would be written in `.env` (undefined: unset by default). */
export function settingDefault(name: SettingName): string | undefined {
  const { defaultValue } = unwrap(schema.shape[name]);
  return defaultValue === undefined ? undefined : String(defaultValue);
}

/**
 * Reads the configuration from the environment. An empty value counts as unset (so `PORT=` in a
 * `.env` file means the default, not port 0). Every bad setting is reported in one error, as a
 * sentence naming the setting, what it must be and the value received (secrets are not repeated).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))] as SettingName[];
    const lines = names.map((name) => {
      const shown = SECRET.has(name) ? 'the value is not shown because it may hold a secret' : `got ${JSON.stringify(given[name])}`;
      return `${name} ${settingRule(name)} (${shown}).`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}

/**
 * Reads `.env` from the working directory into the environment when the file exists. Variables
 * already set in the environment win over the file, as with `node --env-file`.
 */
export function loadDotEnv(file = '.env'): boolean {
  if (!existsSync(file)) return false;
  process.loadEnvFile(file);
  return true;
}
