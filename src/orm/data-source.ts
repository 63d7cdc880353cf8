import path from 'node:path';
import { DataSource, DataSourceOptions, Logger } from 'typeorm';
import { SnakeNamingStrategy } from 'typeorm-naming-strategies';
import { Config, loadConfig } from '../config/config';
import { createMissingDatabase, isMissingDatabase } from '../db/missing-database';
import { entities } from './entities';
import { migrations } from './migrations';

/**
 * DataSource options for the configured engine: PostgreSQL when DATABASE_URL is set,
 * otherwise the embedded SQLite file at SQLITE_PATH. The schema always comes from
 * migrations (valid on both engines); `synchronize` is never used.
 */
export function dataSourceOptions(
  config: Pick<Config, 'DATABASE_URL' | 'SQLITE_PATH'> = loadConfig(),
): DataSourceOptions {
  const common = {
    entities,
    migrations,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    logging: false as const,
  };
  if (config.DATABASE_URL) {
    return { ...common, type: 'postgres', url: config.DATABASE_URL };
  }
  return {
    ...common,
    type: 'sqlite',
    database: config.SQLITE_PATH === ':memory:' ? ':memory:' : path.resolve(config.SQLITE_PATH),
  };
}

/**
 * The hub's page and loader statements are named prepared statements (db/prepared-statements.ts).
 * PostgreSQL's default (`auto`) would give them a generic plan after five executions when it looks
 * no costlier, and on skewed values that plan can be far slower: the respondents of a survey point
 * with none took 113 ms generic against 0.03 ms custom at 200,000 respondents
 * (docs/stats-performance.md). Custom plans keep the saving of the parse; TypeORM's own unnamed
 * statements are planned for their values anyway, so nothing else changes.
 */
const PLAN_CACHE_OPTION = '-c plan_cache_mode=force_custom_plan';

/**
 * Opens the configured database and brings its schema up to date with the migrations.
 * A statement logger can be passed to observe the SQL (tests count statements with it).
 */
export async function openDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'SQLITE_PATH'>,
  options: { logger?: Logger } = {},
): Promise<DataSource> {
  const base = dataSourceOptions(config);
  if (base.type === 'sqlite' && base.database !== ':memory:') {
    const { mkdirSync } = await import('node:fs');
    const { dirname } = await import('node:path');
    mkdirSync(dirname(base.database), { recursive: true });
  }
  const dataSource = new DataSource({
    ...base,
    // Every GraphQL request holds one pooled client for its snapshot while it runs (pg's default is 10).
    ...(base.type === 'postgres' ? { extra: { max: 20, options: PLAN_CACHE_OPTION } } : {}),
    ...(options.logger ? { logger: options.logger, logging: ['query'] as const } : {}),
  });
  try {
    await dataSource.initialize();
  } catch (e) {
    // First start against a new PostgreSQL database: create it when the server lets this user.
    if (!(base.type === 'postgres' && base.url && isMissingDatabase(e))) throw e;
    await createMissingDatabase(base.url);
    await dataSource.initialize();
  }
  if (dataSource.options.type === 'sqlite') {
    // WAL lets readers keep reading the old round while an import writes the new one.
    await dataSource.query('PRAGMA journal_mode = WAL');
    await dataSource.query('PRAGMA busy_timeout = 5000');
  }
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
