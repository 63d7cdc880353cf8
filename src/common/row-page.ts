import type { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { entitiesQuery, hydrate, runStatement, selectList, statementText } from './entity-rows';
import type { Columns } from './requested-columns';
import type { WhereBuilder } from './where-builder';

/**
 * The one statement that reads rows of a paged type, whatever path asks for them: a root
 * connection (`respondents`), the same connection under parents (`Round.respondents`,
 * `SurveyPoint.respondents`), or rows by id (`node(id:)`, `nodes(ids:)`). Every form selects only
 * the requested columns and can join the rows' nested rows (a respondent's household and its
 * children) in the same statement, so a path costs one statement for its rows however deep the
 * nested selection is, and no path is faster or slower than another for the same rows.
 */

/** How to select the rows of one paginated type: its entity, alias and the joins its filter needs. */
export interface PageSource<T extends ObjectLiteral & { id: string }> {
  entity: EntityTarget<T>;
  alias: string;
  join?: (qb: SelectQueryBuilder<T>) => SelectQueryBuilder<T>;
}

/**
 * Rows of other tables read in the rows' own statement (a respondent's household and its
 * children, say) instead of one more statement per level: `wrap` puts the row statement (its
 * columns named `alias_column`) in a statement that joins them, ordered by the rows' id first;
 * `read` turns its raw rows (several per row) into the entities in order, and hands the joined
 * rows to the loaders that would otherwise fetch them.
 */
export interface PageExpansion<T> {
  /** Names everything that changes the text `wrap` writes, and the loads `read` primes. */
  key: string;
  wrap(m: EntityManager, pageSql: string): string;
  read(m: EntityManager, raw: Record<string, unknown>[]): T[];
}

/** Which rows: a page of all (keyset on id), a page of each parent's, or those of some ids. */
export type RowScope =
  | { kind: 'page'; first: number; afterId: string | null }
  | { kind: 'pagePerParent'; parent: string; parentIds: readonly string[]; first: number; afterId: string | null }
  | { kind: 'ids'; ids: readonly string[] };

/** What makes a statement's text differ: the filter's clauses (its values are parameters) and the rest of `parts`. */
export const shapeKey = (where: WhereBuilder, ...parts: unknown[]) => JSON.stringify([where.clauses, ...parts]);

/** The source's rows with its filter's joins and clauses, for any select list. */
export function filtered<T extends ObjectLiteral & { id: string }>(qb: SelectQueryBuilder<T>, source: PageSource<T>, where: WhereBuilder) {
  const q = source.join?.(qb) ?? qb;
  for (const clause of where.clauses) q.andWhere(clause);
  return q;
}

/** The SQL column of a property of the source's entity, as `alias.column`. */
export function columnOf<T extends ObjectLiteral & { id: string }>(m: EntityManager, source: PageSource<T>, property: string): string {
  const column = m.connection.getMetadata(source.entity).findColumnWithPropertyName(property);
  if (!column) throw new Error(`no column for property ${property}`);
  return `${source.alias}.${column.databaseName}`;
}

/**
 * The rows of `scope` in id order (a page: up to `first + 1`, to tell whether more follow; per
 * parent: up to `first + 1` of each, the parent read from the row's `parent` property), only
 * `columns` of them (the id, and the parent property, always), nested rows joined by `expansion`.
 * One statement; its text is built once per shape (entity-rows.ts).
 */
export async function readRows<T extends ObjectLiteral & { id: string }>(
  m: EntityManager,
  source: PageSource<T>,
  where: WhereBuilder,
  scope: RowScope,
  columns?: Columns,
  expansion?: PageExpansion<T>,
): Promise<T[]> {
  const a = source.alias;
  const selected = scope.kind === 'pagePerParent' ? columns?.including('id', scope.parent) : columns?.including('id');
  // One parent and several are different statements (see rowsQuery).
  const parents = scope.kind === 'pagePerParent' ? [scope.parent, scope.parentIds.length === 1] : [];
  const shape = scope.kind === 'ids' ? ['ids'] : [scope.kind, scope.afterId !== null, scope.first, ...parents];
  const key = `rows|${a}|${shapeKey(where, ...shape)}|${selected?.key ?? '*'}|${expansion?.key ?? '-'}`;
  const sql = statementText(m, key, () => {
    const rows = rowsQuery(m, source, where, scope, selected);
    return expansion ? expansion.wrap(m, rows) : rows;
  });
  const params: Record<string, unknown> = { ...where.params };
  if (scope.kind === 'ids') params.ids = scope.ids;
  else {
    if (scope.afterId !== null) params.afterId = scope.afterId;
    if (scope.kind === 'pagePerParent') {
      if (scope.parentIds.length === 1) params.parentId = scope.parentIds[0];
      else params.parentIds = scope.parentIds;
    }
  }
  const raw = await runStatement<Record<string, unknown>>(m, sql, params);
  return expansion ? expansion.read(m, raw) : hydrate(m, source.entity, a, raw);
}

function rowsQuery<T extends ObjectLiteral & { id: string }>(
  m: EntityManager,
  source: PageSource<T>,
  where: WhereBuilder,
  scope: RowScope,
  columns: Columns | undefined,
): string {
  const a = source.alias;
  if (scope.kind === 'ids') {
    // Rows by id need the filter's joins only for a filter's clauses.
    const from = (qb: SelectQueryBuilder<T>) => (where.clauses.length ? filtered(qb, source, where) : qb);
    return entitiesQuery(m, source.entity, a, (qb) => from(qb).andWhere(`${a}.id IN (:...ids)`).orderBy(`${a}.id`, 'ASC'), columns);
  }
  // `first` is a validated integer (1..MAX_PAGE_SIZE), safe to inline: it is part of the shape key.
  const limit = Math.trunc(scope.first) + 1;
  const keyset = (qb: SelectQueryBuilder<T>) => (scope.afterId !== null ? qb.andWhere(`${a}.id > :afterId`) : qb);
  if (scope.kind === 'page' || scope.parentIds.length === 1) {
    // One parent is a page with one more condition: the index walk by id stops after `first + 1` rows.
    const parent = scope.kind === 'page' ? undefined : columnOf(m, source, scope.parent);
    return entitiesQuery(
      m,
      source.entity,
      a,
      (qb) => {
        const q = keyset(filtered(qb, source, where));
        if (parent) q.andWhere(`${parent} = :parentId`);
        return q.orderBy(`${a}.id`, 'ASC').limit(limit);
      },
      columns,
    );
  }
  // Several parents: each parent's first ids by a window over the parent, joined back to their rows,
  // so the window sorts ids only (as many as the parents have), not the selected columns.
  const parent = columnOf(m, source, scope.parent);
  const picked = keyset(
    filtered(
      m.getRepository(source.entity).createQueryBuilder(a).select(`${a}.id`, 'page_id').addSelect(`ROW_NUMBER() OVER (PARTITION BY ${parent} ORDER BY ${a}.id)`, 'page_rn'),
      source,
      where,
    ).andWhere(`${parent} IN (:...parentIds)`),
  ).getQuery();
  const q = (name: string) => m.connection.driver.escape(name);
  const table = q(m.connection.getMetadata(source.entity).tablePath);
  // The outer alias is the source's own, so that rows are named as the other forms name them.
  return (
    `SELECT ${selectList(m, source.entity, a, columns)} FROM (${picked}) w INNER JOIN ${table} ${q(a)} ON ${q(a)}.${q('id')} = w.${q('page_id')} ` +
    `WHERE w.${q('page_rn')} <= ${limit} ORDER BY ${q(a)}.${q('id')}`
  );
}
