import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { toConnection } from '../../common/connection';
import { decodeCursor, PageArgs } from '../../common/page';
import { fetchPage } from '../../common/pagination';
import { WhereBuilder } from '../../common/where-builder';
import type { Context } from '../context';
import { Household } from '../household/household.entity';
import { Round } from '../round/round.entity';
import { ChildConnection } from './child.connection';
import { Child } from './child.entity';
import { ChildFilter, childWhere } from './child.filter';
import { childSource } from './child.source';

@Resolver(() => Child)
export class ChildResolver {
  @Authorized()
  @Query(() => ChildConnection, { description: 'Children matching a filter, by id (partner key needed).' })
  async children(
    @Ctx() ctx: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => ChildFilter, { nullable: true, description: 'Which children.' }) filter?: ChildFilter | null,
  ) {
    const where = childWhere(new WhereBuilder(), filter);
    return toConnection(await fetchPage(ctx.db, childSource, where, page.first, decodeCursor(page.after)));
  }

  @Authorized()
  @Query(() => Child, { nullable: true, description: 'One child by id, or null (partner key needed).' })
  child(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Child id, e.g. `PER-4:c4-00001`.' }) id: string) {
    return ctx.loaders.childById.load(id);
  }

  @FieldResolver(() => Household, { description: 'The household the child belongs to.' })
  async household(@Root() c: Child, @Ctx() ctx: Context): Promise<Household> {
    return (await ctx.loaders.householdById.load(c.householdId))!;
  }

  @FieldResolver(() => Round, { description: 'The round of the interview.' })
  async round(@Root() c: Child, @Ctx() ctx: Context): Promise<Round> {
    return (await ctx.loaders.roundById.load(c.roundId))!;
  }
}
