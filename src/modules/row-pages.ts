import type { GraphQLResolveInfo } from 'graphql';
import type DataLoader from 'dataloader';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import { EDGE_NODE, Page, toConnection } from '../common/connection';
import { hydrate, rowKey, selectList } from '../common/entity-rows';
import type { RowsById } from '../common/loaders';
import { decodeCursor, PageArgs } from '../common/page';
import { fetchPage, PageExpansion, PageSource, parentConnection, ParentPageKey } from '../common/pagination';
import { Columns, requestedColumns, requestedColumnsAhead, selects } from '../common/requested-columns';
import type { WhereBuilder } from '../common/where-builder';
import type { Context } from './context';
import { Child } from './child/child.entity';
import { Household } from './household/household.entity';
import { Respondent } from './respondent/respondent.entity';

/**
 * What every resolver that returns rows of a paged type calls, whichever path it serves: a root
 * connection, a connection under a parent, or a row by id. Each reads its rows with the one
 * statement of common/row-page.ts, selecting the columns the operation asks for and joining the
 * nested rows it asks for (below), so the same selection costs the same statement on every path.
 */

/**
 * A relation a statement of rows can join (to one or to many rows), and the loader its field
 * resolver reads, to which the joined rows are handed.
 */
export interface RowJoin {
  /** The field of the row type above that returns the joined rows. */
  field: string;
  entity: typeof Household | typeof Child;
  alias: string;
  /** The joined table's column holding the id of the row above. */
  foreignKey: string;
  many: boolean;
  prime(ctx: Context, parentId: string, value: unknown, columns: Columns | undefined): void;
  below?: RowJoin;
}

const CHILDREN: RowJoin = {
  field: 'children',
  entity: Child,
  alias: 'c',
  foreignKey: 'household_id',
  many: true,
  prime: (ctx, id, value, columns) => ctx.loaders.childrenByHouseholdId.prime(id, value as Child[], columns),
};

const HOUSEHOLD: RowJoin = {
  field: 'household',
  entity: Household,
  alias: 'h',
  foreignKey: 'respondent_id',
  many: false,
  prime: (ctx, id, value, columns) => ctx.loaders.householdByRespondentId.prime(id, value as Household | null, columns),
  below: CHILDREN,
};

/** The first relation below each row type (a respondent's household, then its children). */
const JOINS = new Map<unknown, RowJoin>([
  [Respondent, HOUSEHOLD],
  [Household, CHILDREN],
]);

/** The relation the page statement can join below rows of `entity`, if any. */
export const joinBelow = (entity: unknown): RowJoin | undefined => JOINS.get(entity);

/** A joined level of a page statement: the relation and the columns selected of it (every column without them). */
export interface JoinedLevel {
  join: RowJoin;
  columns: Columns | undefined;
}

interface Level {
  join: RowJoin;
  /** The columns each resolver call of the field will ask for, and their union. */
  columns: { each: (Columns | undefined)[]; union: Columns | undefined };
}

type EntityClass = abstract new (...args: never[]) => ObjectLiteral;

/**
 * The nested rows the selection at `path` asks for (a respondent's `household`, and its
 * `children`), as a `PageExpansion` of the row statement; `undefined` when it asks for none.
 * `onType`: the type the rows are served as below an interface (`node(id:)`).
 */
export function nestedRows<T extends ObjectLiteral & { id: string }>(
  ctx: Context,
  info: GraphQLResolveInfo,
  source: PageSource<T>,
  path: readonly string[],
  onType?: string,
): PageExpansion<T> | undefined {
  const levels: Level[] = [];
  let at = path;
  for (let join = JOINS.get(source.entity); join && selects(info, [...at, join.field], onType); join = join.below) {
    at = [...at, join.field];
    levels.push({ join, columns: requestedColumnsAhead(info, join.entity as unknown as EntityClass, at, onType) });
  }
  if (levels.length === 0) return undefined;
  const keyOf = (c: Columns | undefined) => c?.key ?? '*';
  return {
    key: levels.map((l) => `${l.join.field}:${keyOf(l.columns.union)}:${l.columns.each.map(keyOf).join(';')}`).join('|'),
    wrap: (m, rowsSql) => joinedStatement(m, source.alias, levels.map((l) => ({ join: l.join, columns: l.columns.union })), rowsSql),
    read: (m, raw) => readJoined(ctx, m, source, levels, raw),
  };
}

/** The row statement joined to each level (one output row per row of the deepest level), ordered by the rows' id. */
export function joinedStatement(m: EntityManager, alias: string, levels: readonly JoinedLevel[], rowsSql: string): string {
  const q = (name: string) => m.connection.driver.escape(name);
  let above = `page.${q(rowKey(m, alias, 'id'))}`;
  const select = ['page.*'];
  let from = `(${rowsSql}) page`;
  const order = [above];
  for (const { join, columns } of levels) {
    const table = m.connection.getMetadata(join.entity).tablePath;
    select.push(selectList(m, join.entity, join.alias, columns));
    from += ` LEFT JOIN ${q(table)} ${q(join.alias)} ON ${q(join.alias)}.${q(join.foreignKey)} = ${above}`;
    above = `${q(join.alias)}.${q('id')}`;
    if (join.many) order.push(above);
  }
  return `SELECT ${select.join(', ')} FROM ${from} ORDER BY ${order.join(', ')}`;
}

/** The rows from the joined statement's output, in order; each level's rows primed in its loader. */
function readJoined<T extends ObjectLiteral & { id: string }>(
  ctx: Context,
  m: EntityManager,
  source: PageSource<T>,
  levels: Level[],
  raw: Record<string, unknown>[],
): T[] {
  const ids = [rowKey(m, source.alias, 'id'), ...levels.map((l) => rowKey(m, l.join.alias, 'id'))];
  const rows = new Map<string, Record<string, unknown>>();
  // Per level: its rows by id, and the ids of them below each row of the level above (in order).
  const found = levels.map(() => ({ rows: new Map<string, Record<string, unknown>>(), below: new Map<string, string[]>() }));
  for (const row of raw) {
    let parent = String(row[ids[0]]);
    if (!rows.has(parent)) rows.set(parent, row);
    for (let i = 0; i < levels.length; i += 1) {
      const level = found[i];
      let list = level.below.get(parent);
      if (!list) level.below.set(parent, (list = []));
      const id = row[ids[i + 1]];
      if (id == null) break;
      const key = String(id);
      if (!level.rows.has(key)) {
        level.rows.set(key, row);
        list.push(key);
      }
      parent = key;
    }
  }
  levels.forEach(({ join, columns }, i) => {
    const byId = new Map(hydrate(m, join.entity, join.alias, [...found[i].rows.values()]).map((e) => [e.id, e]));
    for (const [parent, list] of found[i].below) {
      const value = join.many ? list.map((id) => byId.get(id)!) : list.length ? byId.get(list[0])! : null;
      // Each resolver call of the field gets the rows under the columns it asks for (one set per alias).
      for (const c of columns.each) join.prime(ctx, parent, value, c);
    }
  });
  return hydrate(m, source.entity, source.alias, [...rows.values()]);
}

const entityOf = <T extends ObjectLiteral & { id: string }>(source: PageSource<T>) => source.entity as unknown as EntityClass;

/** A root connection (`respondents`): one page of the rows `where` selects. */
export async function rootConnection<T extends ObjectLiteral & { id: string }>(
  ctx: Context,
  info: GraphQLResolveInfo,
  source: PageSource<T>,
  where: WhereBuilder,
  page: PageArgs,
) {
  // A compiled page (server/compiled-pages-plugin.ts): the whole answer is read and written at once.
  if (ctx.compiledPage) return ctx.compiledPage.read(ctx.db, source, where, page);
  const columns = requestedColumns(info, entityOf(source), EDGE_NODE);
  return toConnection(await fetchPage(ctx.db, source, where, page.first, decodeCursor(page.after), columns, nestedRows(ctx, info, source, EDGE_NODE)));
}

/** A connection under a parent (`Round.respondents`): the pages of every parent, batched by `loader`. */
export function parentRowsConnection<T extends ObjectLiteral & { id: string }, F>(
  ctx: Context,
  info: GraphQLResolveInfo,
  source: PageSource<T>,
  loader: DataLoader<ParentPageKey<T, F>, Page<T>, string>,
  parentId: string,
  page: PageArgs,
  filter: F | null | undefined,
) {
  const columns = requestedColumns(info, entityOf(source), EDGE_NODE);
  return parentConnection(loader, parentId, page, filter, columns, nestedRows(ctx, info, source, EDGE_NODE));
}

/** A row by id (`respondent(id:)`; `node(id:)` with `onType`, the type it is served as). */
export function rowById<T extends ObjectLiteral & { id: string }>(
  ctx: Context,
  info: GraphQLResolveInfo,
  source: PageSource<T>,
  loader: RowsById<T>,
  id: string,
  onType?: string,
): Promise<T | null> {
  return loader.load(id, requestedColumns(info, entityOf(source), [], onType), nestedRows(ctx, info, source, [], onType));
}
