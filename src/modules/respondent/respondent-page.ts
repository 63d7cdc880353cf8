import type { GraphQLResolveInfo } from 'graphql';
import type { EntityManager } from 'typeorm';
import { EDGE_NODE } from '../../common/connection';
import { hydrate, rowKey, selectList } from '../../common/entity-rows';
import type { PageExpansion } from '../../common/pagination';
import { Columns, requestedColumnsAhead, selects } from '../../common/requested-columns';
import type { Context } from '../context';
import { Child } from '../child/child.entity';
import { Household } from '../household/household.entity';
import { Respondent } from './respondent.entity';

const HOUSEHOLD = [...EDGE_NODE, 'household'];
const CHILDREN = [...HOUSEHOLD, 'children'];

/**
 * A page of respondents that asks for their households (and the households' children) reads
 * them in the page's own statement: `LEFT JOIN household` (one per respondent) and `LEFT JOIN
 * child`, one row per child. The households and children go to the loaders the field resolvers
 * use, under the columns those resolvers will ask for, so the nested page is one statement
 * instead of one per level. Without `household` in the selection, the page is read alone.
 */
export function householdExpansion(ctx: Context, info: GraphQLResolveInfo): PageExpansion<Respondent> | undefined {
  if (!selects(info, HOUSEHOLD)) return undefined;
  const households = requestedColumnsAhead(info, Household, HOUSEHOLD);
  const children = selects(info, CHILDREN) ? requestedColumnsAhead(info, Child, CHILDREN) : undefined;
  const householdColumns = households.union;
  const childColumns = children?.union;
  return {
    key: `household:${householdColumns?.key ?? '*'}|children:${children ? (childColumns?.key ?? '*') : '-'}`,
    wrap: (m, pageSql) => {
      const q = (name: string) => m.connection.driver.escape(name);
      const pageId = `page.${q(rowKey(m, 'r', 'id'))}`;
      const select = ['page.*', selectList(m, Household, 'h', householdColumns)];
      let from = `(${pageSql}) page LEFT JOIN household h ON h.respondent_id = ${pageId}`;
      let order = pageId;
      if (children) {
        select.push(selectList(m, Child, 'c', childColumns));
        from += ' LEFT JOIN child c ON c.household_id = h.id';
        order += ', c.id';
      }
      return `SELECT ${select.join(', ')} FROM ${from} ORDER BY ${order}`;
    },
    read: (m, raw) => readRows(ctx, m, raw, households.each, children?.each),
  };
}

/** The page's respondents from the joined rows; their households and children primed in the loaders. */
function readRows(
  ctx: Context,
  m: EntityManager,
  raw: Record<string, unknown>[],
  householdColumns: readonly (Columns | undefined)[],
  childColumns: readonly (Columns | undefined)[] | undefined,
): Respondent[] {
  const [rid, hid, cid] = [rowKey(m, 'r', 'id'), rowKey(m, 'h', 'id'), rowKey(m, 'c', 'id')];
  const respondents = new Map<string, Record<string, unknown>>();
  const householdOf = new Map<string, string | null>();
  const households = new Map<string, Record<string, unknown>>();
  const childRows = new Map<string, Record<string, unknown>[]>();
  for (const row of raw) {
    const r = String(row[rid]);
    if (!respondents.has(r)) respondents.set(r, row);
    const h = row[hid] == null ? null : String(row[hid]);
    householdOf.set(r, h);
    if (h === null) continue;
    if (!households.has(h)) {
      households.set(h, row);
      childRows.set(h, []);
    }
    if (row[cid] != null) childRows.get(h)!.push(row);
  }
  // Each resolver call of a field gets the rows under the columns it asks for (one set per alias).
  const householdById = new Map(hydrate(m, Household, 'h', [...households.values()]).map((h) => [h.id, h]));
  for (const columns of householdColumns) {
    for (const [r, h] of householdOf) ctx.loaders.householdByRespondentId.prime(r, h === null ? null : householdById.get(h)!, columns);
  }
  for (const [h, rows] of childColumns ? childRows : []) {
    const list = hydrate(m, Child, 'c', rows);
    for (const columns of childColumns!) ctx.loaders.childrenByHouseholdId.prime(h, list, columns);
  }
  return hydrate(m, Respondent, 'r', [...respondents.values()]);
}
