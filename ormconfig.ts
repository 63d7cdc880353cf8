import 'reflect-metadata';
import path from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from 'typeorm-naming-strategies';
import { Config, loadConfig } from './src/config/config';
import { entities } from './src/db/entities';
import { migrations } from './src/db/migrations';

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

export default dataSourceOptions;
