import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../common/page';
import { declareFieldNeeds, declareRowType, requestedColumns } from '../../common/requested-columns';
import { WhereBuilder } from '../../common/where-builder';
import type { Context } from '../context';
import { rootConnection, rowById } from '../row-pages';
import { Child } from '../child/child.entity';
import { ChildStatus } from '../child/child.enums';
import { Respondent } from '../respondent/respondent.entity';
import { respondentSource } from '../respondent/respondent.source';
import { Round } from '../round/round.entity';
import { HouseholdConnection } from './household.connection';
import { Household } from './household.entity';
import { HouseholdFilter, householdWhere } from './household.filter';
import { householdSource } from './household.source';
import { keyOfId, UNTAGGED_IDS_NOTE } from '../node/node.ids';

@Resolver(() => Household)
export class HouseholdResolver {
  @Authorized()
  @Query(() => HouseholdConnection, { description: 'Households matching a filter, by id (partner key needed).' })
  async households(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: PageArgs,
    @Arg('filter', () => HouseholdFilter, { nullable: true, description: 'Which households.' }) filter?: HouseholdFilter | null,
  ) {
    return rootConnection(ctx, info, householdSource, householdWhere(new WhereBuilder(), filter), page);
  }

  @Authorized()
  @Query(() => Household, { nullable: true, description: 'One household by id, or null (partner key needed).' })
  household(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('id', () => ID, { description: `Household id, e.g. \`Household:PER-4:h4-00001\`. ${UNTAGGED_IDS_NOTE}` }) id: string,
  ) {
    return rowById(ctx, info, householdSource, ctx.loaders.householdById, keyOfId('id', id, 'Household'));
  }

  @FieldResolver(() => Respondent, { description: 'The respondent the household belongs to.' })
  async respondent(@Root() h: Household, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<Respondent> {
    return (await rowById(ctx, info, respondentSource, ctx.loaders.respondentById, h.respondentId))!;
  }

  @FieldResolver(() => Round, { description: 'The round of the interview.' })
  async round(@Root() h: Household, @Ctx() ctx: Context): Promise<Round> {
    return (await ctx.loaders.roundById.load(h.roundId))!;
  }

  /**
   * Not `async`: children primed by a page's own statement come back at once, and a household
   * whose fields are all values spares graphql-js a promise per household (with the type-graphql
   * patch in patches/, which returns an enum argument without a promise).
   */
  @FieldResolver(() => [Child], { description: 'Children of the household listed in the interview, by id.' })
  children(
    @Root() h: Household,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('status', () => ChildStatus, { nullable: true, description: 'Only travelling children, or only those left in Venezuela.' })
    status?: ChildStatus | null,
  ): Child[] | Promise<Child[]> {
    const pick = (all: Child[]) => (status ? all.filter((c) => c.status === status) : all);
    const all = ctx.loaders.childrenByHouseholdId.primedOrLoad(h.id, requestedColumns(info, Child));
    return all instanceof Promise ? all.then(pick) : pick(all);
  }
}

// Reads of a household's columns by its resolvers: the keys; every other field is its own column.
declareRowType(Household, ['id', 'roundId', 'respondentId']);
declareFieldNeeds(Household, { respondent: [], round: [], children: [] });
