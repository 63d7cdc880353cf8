import type { DataSource } from 'typeorm';
import { Config, ConfigError, loadConfig } from '../config/config';
import type { CliIo } from './cli-io';

type DatabaseSettings = Pick<Config, 'DATABASE_URL' | 'SQLITE_PATH'>;

const MASK = '***';

/** A PostgreSQL URL fit to print: its password, and any query parameter naming one, masked. */
function maskedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'postgres (DATABASE_URL is not shown: it does not parse as a URL)';
  }
  if (parsed.password) parsed.password = MASK;
  for (const key of [...parsed.searchParams.keys()]) if (/pass/i.test(key)) parsed.searchParams.set(key, MASK);
  return parsed.toString();
}

/** The database the settings select, as an operator reads it: `sqlite <path>` or a masked URL. */
export function describeTargetDatabase(settings: DatabaseSettings): string {
  return settings.DATABASE_URL ? maskedUrl(settings.DATABASE_URL) : `sqlite ${settings.SQLITE_PATH}`;
}

/** The end of `dtm-hub --help` (commander adds the last newline): which database the commands would change, and which setting says so. */
export function targetDatabaseHelp(env: NodeJS.ProcessEnv): string {
  let settings: DatabaseSettings;
  try {
    settings = loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return `\nDatabase: not known until the configuration is fixed.\n${e.message}`;
  }
  const why = settings.DATABASE_URL
    ? 'PostgreSQL, from DATABASE_URL (a password is not shown).'
    : 'SQLite, from SQLITE_PATH, as DATABASE_URL is unset (a postgres:// URL there selects PostgreSQL).';
  return (
    `\nDatabase the commands read and change: ${describeTargetDatabase(settings)}\n` +
    `  ${why}\n  Settings come from the environment or from .env in the working directory.`
  );
}

/** The settings of the database a command is about to open, after naming it on stderr (`database: ...`). */
export function announceTargetDatabase(io: CliIo): DatabaseSettings {
  const config = loadConfig(io.env);
  io.stderr.write(`database: ${describeTargetDatabase(config)}\n`);
  return config;
}

/**
 * Opens the configured database for a command (migrated, reference data loaded: `openHubDatabase`), after naming it on stderr: the
 * operator sees which database the command changes before it does. TypeORM and the drivers load
 * here rather than when the CLI starts, which keeps `dtm-hub --help` quick.
 */
export async function openTargetDatabase(io: CliIo): Promise<DataSource> {
  const config = announceTargetDatabase(io);
  const { openHubDatabase } = await import('../provisioning/hub-database');
  return openHubDatabase(config);
}
