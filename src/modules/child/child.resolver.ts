import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../common/page';
import { declareFieldNeeds, declareRowType, requestedColumns } from '../../common/requested-columns';
import { WhereBuilder } from '../../common/where-builder';
import type { Context } from '../context';
import { rootConnection, rowById } from '../row-pages';
import { Household } from '../household/household.entity';
import { householdSource } from '../household/household.source';
import { Round } from '../round/round.entity';
import { ChildConnection } from './child.connection';
import { Child } from './child.entity';
import { ChildFilter, childWhere } from './child.filter';
import { childSource } from './child.source';
import { keyOfId, UNTAGGED_IDS_NOTE } from '../node/node.ids';

@Resolver(() => Child)
export class ChildResolver {
  @Authorized()
  @Query(() => ChildConnection, { description: 'Children matching a filter, by id (partner key needed).' })
  async children(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: PageArgs,
    @Arg('filter', () => ChildFilter, { nullable: true, description: 'Which children.' }) filter?: ChildFilter | null,
  ) {
    return rootConnection(ctx, info, childSource, childWhere(new WhereBuilder(), filter), page);
  }

  @Authorized()
  @Query(() => Child, { nullable: true, description: 'One child by id, or null (partner key needed).' })
  child(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('id', () => ID, { description: `Child id, e.g. \`Child:PER-4:c4-00001\`. ${UNTAGGED_IDS_NOTE}` }) id: string,
  ) {
    return ctx.loaders.childById.load(keyOfId('id', id, 'Child'), requestedColumns(info, Child));
  }

  @FieldResolver(() => Household, { description: 'The household the child belongs to.' })
  async household(@Root() c: Child, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<Household> {
    return (await rowById(ctx, info, householdSource, ctx.loaders.householdById, c.householdId))!;
  }

  @FieldResolver(() => Round, { description: 'The round of the interview.' })
  async round(@Root() c: Child, @Ctx() ctx: Context): Promise<Round> {
    return (await ctx.loaders.roundById.load(c.roundId))!;
  }
}

// Reads of a child's columns by its resolvers: the keys (ids, and `status`, which
// `Household.children(status:)` filters on); every other field is its own column.
declareRowType(Child, ['id', 'roundId', 'householdId', 'status']);
declareFieldNeeds(Child, { household: [], round: [] });
