import { DataSource, EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
import { runPrepared } from '../db/prepared-statements';
import type { Columns } from './requested-columns';

/**
 * The hot read paths (pages and DataLoader batches) run the same few statement shapes over and
 * over; only the parameter values change. TypeORM's query builder and `find()` rebuild the SQL
 * text on every call (alias and property-name rewriting, find-option parsing), which cost more
 * CPU than the statement itself on a nested page. Here the builder still writes each statement,
 * once per shape and data source, and later calls only bind parameters and hydrate the rows.
 */

/** Shapes per data source; bounded, since a shape key holds a filter's clauses (never its values). */
const MAX_SHAPES = 500;
const shapes = new WeakMap<DataSource, Map<string, string>>();

/**
 * The SQL text (with `:name` / `:...name` placeholders) that `build` writes, built on the first
 * call for `key`. The key must name everything that changes the text: `build` must inline no
 * value that the key does not hold.
 */
export function statementText(m: EntityManager, key: string, build: () => string): string {
  let byKey = shapes.get(m.connection);
  if (!byKey) shapes.set(m.connection, (byKey = new Map()));
  let sql = byKey.get(key);
  if (sql === undefined) {
    sql = build();
    if (byKey.size >= MAX_SHAPES) byKey.clear();
    byKey.set(key, sql);
  }
  return sql;
}

/**
 * Runs a statement of a cached shape (`statementText`) with named parameters, as the query builder
 * would bind them: on a request's PostgreSQL connection as a named prepared statement, parsed once
 * per connection (db/prepared-statements.ts), otherwise through TypeORM.
 */
export function runStatement<R>(m: EntityManager, sql: string, params: Record<string, unknown>): Promise<R[]> {
  const [text, values] = m.connection.driver.escapeQueryWithParameters(sql, params, {});
  return runPrepared<R>(m, text, values) ?? m.query(text, values);
}

/** The raw-row key and metadata of each column, as `SelectQueryBuilder` aliases them (`alias_column`). */
const columnKeys = new WeakMap<EntityMetadata, Map<string, [string, ColumnMetadata][]>>();

function columnsOf(m: EntityManager, metadata: EntityMetadata, alias: string): [string, ColumnMetadata][] {
  let byAlias = columnKeys.get(metadata);
  if (!byAlias) columnKeys.set(metadata, (byAlias = new Map()));
  let columns = byAlias.get(alias);
  if (!columns) {
    columns = metadata.columns
      .filter((c) => !c.isVirtual)
      .map((c): [string, ColumnMetadata] => [rowKey(m, alias, c.databaseName), c]);
    byAlias.set(alias, columns);
  }
  return columns;
}

/**
 * Entity instances from the raw rows of a statement that selects `alias.*` (one row per entity,
 * no joined selections): the same values TypeORM's own hydration gives (driver conversions and
 * column transformers), without its per-call setup.
 */
export function hydrate<T extends ObjectLiteral>(m: EntityManager, entity: EntityTarget<T>, alias: string, raw: Record<string, unknown>[]): T[] {
  const metadata = m.connection.getMetadata(entity);
  const columns = columnsOf(m, metadata, alias);
  const driver = m.connection.driver;
  return raw.map((row) => {
    const out = metadata.create(undefined, { fromDeserializer: true }) as T;
    for (const [key, column] of columns) {
      const value = row[key];
      if (value !== undefined) column.setEntityValue(out, driver.prepareHydratedValue(value, column));
    }
    return out;
  });
}

/**
 * Entities selected by a statement of a given shape: `build` receives a query builder on the
 * entity (alias `alias`, selecting its columns, or only `columns` when given) and adds the joins,
 * conditions and order. Properties of columns not selected stay undefined.
 */
export async function selectEntities<T extends ObjectLiteral>(
  m: EntityManager,
  entity: EntityTarget<T>,
  alias: string,
  key: string,
  build: (qb: SelectQueryBuilder<T>) => SelectQueryBuilder<T>,
  params: Record<string, unknown>,
  columns?: Columns,
): Promise<T[]> {
  const metadata = m.connection.getMetadata(entity);
  const sql = statementText(m, `entities|${metadata.name}|${alias}|${key}|${columns?.key ?? '*'}`, () => entitiesQuery(m, entity, alias, build, columns));
  return hydrate(m, entity, alias, await runStatement(m, sql, params));
}

/** The SQL text of `selectEntities` (uncached): the entity's columns, or only `columns`, as `alias_column`. */
export function entitiesQuery<T extends ObjectLiteral>(
  m: EntityManager,
  entity: EntityTarget<T>,
  alias: string,
  build: (qb: SelectQueryBuilder<T>) => SelectQueryBuilder<T>,
  columns?: Columns,
): string {
  const qb = build(m.getRepository(entity).createQueryBuilder(alias));
  if (columns) qb.select(columns.properties.map((p) => `${alias}.${p}`));
  return qb.getQuery();
}

/**
 * `alias.column AS alias_column` for the given properties of an entity (every column without
 * them), named as `hydrate` reads them: for the joined tables of a hand-written statement.
 */
export function selectList(m: EntityManager, entity: EntityTarget<ObjectLiteral>, alias: string, columns?: Columns): string {
  const driver = m.connection.driver;
  const metadata = m.connection.getMetadata(entity);
  const wanted = columns ? new Set(columns.properties) : undefined;
  return columnsOf(m, metadata, alias)
    .filter(([, c]) => !wanted || wanted.has(c.propertyName))
    .map(([key, c]) => `${driver.escape(alias)}.${driver.escape(c.databaseName)} AS ${driver.escape(key)}`)
    .join(', ');
}

/** The raw-row key under which a statement of `selectList`/`selectEntities` returns a column. */
export function rowKey(m: EntityManager, alias: string, databaseName: string): string {
  return DriverUtils.buildAlias(m.connection.driver, undefined, alias, databaseName);
}
