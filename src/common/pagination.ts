import { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import DataLoader from 'dataloader';
import type { Reads } from '../db/read-session';
import { Page, toConnection } from './connection';
import { entitiesQuery, runStatement, selectEntities, statementText } from './entity-rows';
import { decodeCursor, PageArgs } from './page';
import type { Columns } from './requested-columns';
import { WhereBuilder } from './where-builder';

/** How to select the rows of one paginated type: its entity, alias and the joins its filter needs. */
export interface PageSource<T extends ObjectLiteral & { id: string }> {
  entity: EntityTarget<T>;
  alias: string;
  join?: (qb: SelectQueryBuilder<T>) => SelectQueryBuilder<T>;
}

function baseQuery<T extends ObjectLiteral & { id: string }>(m: EntityManager, source: PageSource<T>, where: WhereBuilder) {
  return where.applyTo(fromSource(m.getRepository(source.entity).createQueryBuilder(source.alias), source));
}

function fromSource<T extends ObjectLiteral & { id: string }>(qb: SelectQueryBuilder<T>, source: PageSource<T>) {
  return source.join?.(qb) ?? qb;
}

/**
 * Rows of other tables read in the page's own statement (a respondent's household and its
 * children, say) instead of one more statement per level: `wrap` puts the page statement (its
 * columns named `alias_column`) in a statement that joins them, ordered by the page's id first;
 * `read` turns its raw rows (several per page row) into the page's entities in order, and hands
 * the joined rows to the loaders that would otherwise fetch them.
 */
export interface PageExpansion<T> {
  /** Names everything that changes the text `wrap` writes. */
  key: string;
  wrap(m: EntityManager, pageSql: string): string;
  read(m: EntityManager, raw: Record<string, unknown>[]): T[];
}

/** What makes a page statement's text differ: the filter's clauses (its values are parameters) and the rest of `parts`. */
const shapeKey = (where: WhereBuilder, ...parts: unknown[]) => JSON.stringify([where.clauses, ...parts]);

/** One page of rows ordered by id (keyset pagination), plus a lazy total count; `columns`: only those (see requested-columns.ts). */
export async function fetchPage<T extends ObjectLiteral & { id: string }>(
  db: Reads,
  source: PageSource<T>,
  where: WhereBuilder,
  first: number,
  afterId: string | null,
  columns?: Columns,
  expansion?: PageExpansion<T>,
): Promise<Page<T>> {
  const a = source.alias;
  const build = (qb: SelectQueryBuilder<T>) => {
    const q = fromSource(qb, source);
    for (const clause of where.clauses) q.andWhere(clause);
    if (afterId !== null) q.andWhere(`${a}.id > :afterId`);
    return q.orderBy(`${a}.id`, 'ASC').limit(first + 1);
  };
  const params = afterId !== null ? { ...where.params, afterId } : where.params;
  // `first` is a validated integer (1..MAX_PAGE_SIZE): the statement shapes stay few.
  const shape = shapeKey(where, 'page', afterId !== null, first);
  const rows = await db.run((m) => {
    if (!expansion) return selectEntities(m, source.entity, a, shape, build, params, columns?.including('id'));
    const sql = statementText(m, `expanded|${a}|${shape}|${columns?.key ?? '*'}|${expansion.key}`, () =>
      expansion.wrap(m, entitiesQuery(m, source.entity, a, build, columns?.including('id'))),
    );
    return runStatement<Record<string, unknown>>(m, sql, params).then((raw) => expansion.read(m, raw));
  });
  let total: Promise<number> | undefined;
  return {
    rows: rows.slice(0, first),
    hasNextPage: rows.length > first,
    hasPreviousPage: afterId !== null,
    totalCount: () => (total ??= db.run((m) => baseQuery(m, source, where).getCount())),
  };
}

/**
 * The same page for many parents at once (e.g. the first 10 respondents of each round):
 * one windowed statement for the page ids, one for the rows, and, when asked, one grouped
 * count, whatever the number of parents.
 */
export async function fetchPagesByParent<T extends ObjectLiteral & { id: string }>(
  db: Reads,
  source: PageSource<T>,
  parentColumn: string,
  parentIds: readonly string[],
  where: WhereBuilder,
  first: number,
  afterId: string | null,
  columns?: Columns,
): Promise<Map<string, Page<T>>> {
  const { picked, found } = await db.run((m) => pickPage(m, source, parentColumn, parentIds, where, first, afterId, columns));
  const byId = new Map(found.map((row) => [row.id, row]));

  let totals: Promise<Map<string, number>> | undefined;
  const countAll = () =>
    (totals ??= db
      .run((m) =>
        baseQuery(m, source, where)
          .select(parentColumn, 'parent')
          .addSelect('COUNT(*)', 'n')
          .andWhere(`${parentColumn} IN (:...parentIds)`, { parentIds })
          .groupBy(parentColumn)
          .getRawMany<{ parent: string; n: string | number }>(),
      )
      .then((rows) => new Map(rows.map((r) => [r.parent, Number(r.n)]))));

  const pages = new Map<string, Page<T>>();
  for (const parent of parentIds) {
    const rows = picked.filter((p) => p.parent === parent).map((p) => byId.get(p.id)!);
    pages.set(parent, {
      rows: rows.slice(0, first),
      hasNextPage: rows.length > first,
      hasPreviousPage: afterId !== null,
      totalCount: () => countAll().then((m) => m.get(parent) ?? 0),
    });
  }
  return pages;
}

/** The ids of the page rows of every parent (one windowed statement), then the rows (one more). */
async function pickPage<T extends ObjectLiteral & { id: string }>(
  m: EntityManager,
  source: PageSource<T>,
  parentColumn: string,
  parentIds: readonly string[],
  where: WhereBuilder,
  first: number,
  afterId: string | null,
  columns: Columns | undefined,
): Promise<{ picked: { parent: string; id: string }[]; found: T[] }> {
  const a = source.alias;
  const sql = statementText(m, shapeKey(where, 'pick', source.alias, parentColumn, afterId !== null, first), () => {
    const inner = m
      .getRepository(source.entity)
      .createQueryBuilder(a)
      .select(parentColumn, 'parent')
      .addSelect(`${a}.id`, 'id')
      .addSelect(`ROW_NUMBER() OVER (PARTITION BY ${parentColumn} ORDER BY ${a}.id)`, 'rn');
    const q = fromSource(inner, source);
    for (const clause of where.clauses) q.andWhere(clause);
    q.andWhere(`${parentColumn} IN (:...parentIds)`);
    if (afterId !== null) q.andWhere(`${a}.id > :afterId`);
    // `first` is a validated integer (1..MAX_PAGE_SIZE), safe to inline; it is part of the key.
    return `SELECT t.parent AS parent, t.id AS id FROM (${q.getQuery()}) t WHERE t.rn <= ${Math.trunc(first) + 1} ORDER BY t.id`;
  });
  const picked = await runStatement<{ parent: string; id: string }>(m, sql, { ...where.params, parentIds, afterId });
  const ids = picked.map((p) => p.id);
  const found = ids.length
    ? await selectEntities(m, source.entity, a, 'byIds', (qb) => qb.where(`${a}.id IN (:...ids)`), { ids }, columns?.including('id'))
    : [];
  return { picked, found };
}

export interface ParentPageKey<F> {
  parentId: string;
  first: number;
  afterId: string | null;
  filter: F | null | undefined;
  /** Only these columns of the rows (see requested-columns.ts); every column without them. */
  columns?: Columns;
}

/**
 * A per-request loader of pages by parent: keys asking for the same page shape (first, after,
 * filter) are answered together by `fetchPagesByParent`.
 */
export function parentPageLoader<T extends ObjectLiteral & { id: string }, F>(
  db: Reads,
  source: PageSource<T>,
  parentColumn: string,
  compile: (where: WhereBuilder, filter: F | null | undefined) => WhereBuilder,
): DataLoader<ParentPageKey<F>, Page<T>, string> {
  const shapeOf = (k: ParentPageKey<F>) => JSON.stringify([k.first, k.afterId, k.filter ?? null, k.columns?.key ?? '*']);
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, ParentPageKey<F>[]>();
      for (const k of keys) groups.set(shapeOf(k), [...(groups.get(shapeOf(k)) ?? []), k]);
      const results = new Map<string, Page<T>>();
      for (const [shape, group] of groups) {
        const { first, afterId, filter, columns } = group[0];
        const where = compile(new WhereBuilder(), filter);
        const pages = await fetchPagesByParent(db, source, parentColumn, [...new Set(group.map((k) => k.parentId))], where, first, afterId, columns);
        for (const [parent, page] of pages) results.set(`${shape}|${parent}`, page);
      }
      return keys.map((k) => results.get(`${shapeOf(k)}|${k.parentId}`)!);
    },
    { cacheKeyFn: (k) => `${shapeOf(k)}|${k.parentId}` },
  );
}

/** The connection of one parent's page, as the parent's field resolver returns it. */
export async function parentConnection<T extends ObjectLiteral & { id: string }, F>(
  loader: DataLoader<ParentPageKey<F>, Page<T>, string>,
  parentId: string,
  page: PageArgs,
  filter: F | null | undefined,
  columns?: Columns,
) {
  return toConnection(await loader.load({ parentId, first: page.first, afterId: decodeCursor(page.after), filter, columns }));
}
