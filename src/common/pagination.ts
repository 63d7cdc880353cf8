import { EntityManager, ObjectLiteral } from 'typeorm';
import DataLoader from 'dataloader';
import type { Reads } from '../db/read-session';
import { Page, toConnection } from './connection';
import { decodeCursor, PageArgs } from './page';
import type { Columns } from './requested-columns';
import { columnOf, filtered, PageExpansion, PageSource, readRows, RowScope } from './row-page';
import { WhereBuilder } from './where-builder';

export type { PageExpansion, PageSource } from './row-page';

function countQuery<T extends ObjectLiteral & { id: string }>(m: EntityManager, source: PageSource<T>, where: WhereBuilder) {
  return filtered(m.getRepository(source.entity).createQueryBuilder(source.alias), source, where).setParameters(where.params);
}

/**
 * One page of rows ordered by id (keyset pagination), plus a lazy total count: one statement
 * (row-page.ts), `columns` only (see requested-columns.ts), nested rows joined by `expansion`.
 */
export async function fetchPage<T extends ObjectLiteral & { id: string }>(
  db: Reads,
  source: PageSource<T>,
  where: WhereBuilder,
  first: number,
  afterId: string | null,
  columns?: Columns,
  expansion?: PageExpansion<T>,
): Promise<Page<T>> {
  // A keyset page's plan depends on no value but the filter's (WhereBuilder.planFreeOfValues).
  const rows = await db.run((m) => readRows(m, source, where, { kind: 'page', first, afterId }, columns, expansion), {
    planFreeOfValues: where.planFreeOfValues,
  });
  let total: Promise<number> | undefined;
  return {
    rows: rows.slice(0, first),
    hasNextPage: rows.length > first,
    hasPreviousPage: afterId !== null,
    totalCount: () => (total ??= db.run((m) => countQuery(m, source, where).getCount())),
  };
}

/**
 * The same page for many parents at once (e.g. the first 10 respondents of each round): one
 * statement for the rows of every parent (row-page.ts), and, when asked, one grouped count.
 * `parent` is the rows' property holding the parent id (`roundId`).
 */
export async function fetchPagesByParent<T extends ObjectLiteral & { id: string }>(
  db: Reads,
  source: PageSource<T>,
  parent: keyof T & string,
  parentIds: readonly string[],
  where: WhereBuilder,
  first: number,
  afterId: string | null,
  columns?: Columns,
  expansion?: PageExpansion<T>,
): Promise<Map<string, Page<T>>> {
  const scope: RowScope = { kind: 'pagePerParent', parent, parentIds, first, afterId };
  const rows = await db.run((m) => readRows(m, source, where, scope, columns, expansion));
  const byParent = new Map<string, T[]>(parentIds.map((p) => [p, []]));
  for (const row of rows) byParent.get(String(row[parent]))?.push(row);

  let totals: Promise<Map<string, number>> | undefined;
  const countAll = () =>
    (totals ??= db
      .run((m) => {
        const column = columnOf(m, source, parent);
        return countQuery(m, source, where)
          .select(column, 'parent')
          .addSelect('COUNT(*)', 'n')
          .andWhere(`${column} IN (:...parentIds)`, { parentIds })
          .groupBy(column)
          .getRawMany<{ parent: string; n: string | number }>();
      })
      .then((counts) => new Map(counts.map((r) => [r.parent, Number(r.n)]))));

  const pages = new Map<string, Page<T>>();
  for (const [id, own] of byParent) {
    pages.set(id, {
      rows: own.slice(0, first),
      hasNextPage: own.length > first,
      hasPreviousPage: afterId !== null,
      totalCount: () => countAll().then((counts) => counts.get(id) ?? 0),
    });
  }
  return pages;
}

export interface ParentPageKey<T, F> {
  parentId: string;
  first: number;
  afterId: string | null;
  filter: F | null | undefined;
  /** Only these columns of the rows (see requested-columns.ts); every column without them. */
  columns?: Columns;
  /** Nested rows read in the same statement; keys with the same `expansion.key` share one. */
  expansion?: PageExpansion<T>;
}

/**
 * A per-request loader of pages by parent: keys asking for the same page shape (first, after,
 * filter, columns, nested rows) are answered together by `fetchPagesByParent`.
 */
export function parentPageLoader<T extends ObjectLiteral & { id: string }, F>(
  db: Reads,
  source: PageSource<T>,
  parent: keyof T & string,
  compile: (where: WhereBuilder, filter: F | null | undefined) => WhereBuilder,
): DataLoader<ParentPageKey<T, F>, Page<T>, string> {
  const shapeOf = (k: ParentPageKey<T, F>) => JSON.stringify([k.first, k.afterId, k.filter ?? null, k.columns?.key ?? '*', k.expansion?.key ?? '-']);
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, ParentPageKey<T, F>[]>();
      for (const k of keys) groups.set(shapeOf(k), [...(groups.get(shapeOf(k)) ?? []), k]);
      const results = new Map<string, Page<T>>();
      for (const [shape, group] of groups) {
        const { first, afterId, filter, columns, expansion } = group[0];
        const where = compile(new WhereBuilder(), filter);
        const parentIds = [...new Set(group.map((k) => k.parentId))];
        const pages = await fetchPagesByParent(db, source, parent, parentIds, where, first, afterId, columns, expansion);
        for (const [id, page] of pages) results.set(`${shape}|${id}`, page);
      }
      return keys.map((k) => results.get(`${shapeOf(k)}|${k.parentId}`)!);
    },
    { cacheKeyFn: (k) => `${shapeOf(k)}|${k.parentId}` },
  );
}

/** The connection of one parent's page, as the parent's field resolver returns it. */
export async function parentConnection<T extends ObjectLiteral & { id: string }, F>(
  loader: DataLoader<ParentPageKey<T, F>, Page<T>, string>,
  parentId: string,
  page: PageArgs,
  filter: F | null | undefined,
  columns?: Columns,
  expansion?: PageExpansion<T>,
) {
  return toConnection(await loader.load({ parentId, first: page.first, afterId: decodeCursor(page.after), filter, columns, expansion }));
}
