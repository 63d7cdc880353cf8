import { Arg, Args, Ctx, Query, Resolver } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { GraphQLDateTime } from 'graphql-scalars';
import { toConnection } from '../../common/connection';
import { badInput } from '../../common/errors';
import { decodeCursor, PageArgs } from '../../common/page';
import type { Context } from '../context';
import { ChangeLogEntry } from './change.entity';
import { ChangeConnection, toChange } from './change.types';

/** The log's entries made at or after `since` (every entry without it). */
function changesSince(m: EntityManager, since: Date | null | undefined) {
  const qb = m.getRepository(ChangeLogEntry).createQueryBuilder('c');
  return since ? qb.where('c.changed_at >= :since', { since: since.toISOString() }) : qb;
}

@Resolver()
export class ChangeResolver {
  @Query(() => ChangeConnection, {
    description:
      'The change log, oldest first: every import, replacement and deletion of a round and every reload of reference data. ' +
      'To sync, keep `pageInfo.endCursor` and pass it as `after` next time: you get exactly the changes made since. Public.',
  })
  async changes(
    @Ctx() ctx: Context,
    @Args() page: PageArgs,
    @Arg('since', () => GraphQLDateTime, { nullable: true, description: 'Only changes made at or after this time (RFC 3339, e.g. `2026-12-01T00:00:00Z`).' })
    since?: Date | null,
  ) {
    const after = decodeCursor(page.after);
    if (after !== null && !/^\d{1,15}$/.test(after)) throw badInput('after', page.after, 'expected a cursor returned by `changes` (pageInfo.endCursor)');
    const rows = await ctx.db.run(async (m) => {
      const qb = changesSince(m, since);
      if (after !== null) qb.andWhere('c.id > :after', { after: Number(after) });
      return qb.orderBy('c.id', 'ASC').limit(page.first + 1).getMany();
    });
    let total: Promise<number> | undefined;
    return toConnection({
      rows: rows.slice(0, page.first).map(toChange),
      hasNextPage: rows.length > page.first,
      hasPreviousPage: after !== null,
      totalCount: () =>
        (total ??= ctx.db.run((m) => changesSince(m, since).getCount())),
    });
  }
}
