import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { assertCountryCode } from '../../common/country-code';
import { badInput } from '../../common/errors';
import { WhereBuilder } from '../../common/where-builder';
import { roundsUpdatedSince } from '../change/change.updated';
import { PageArgs } from '../../common/page';
import type { Context } from '../context';
import { parentRowsConnection } from '../row-pages';
import { ChildConnection } from '../child/child.connection';
import { ChildFilter } from '../child/child.filter';
import { childSource } from '../child/child.source';
import { Location } from '../location/location.entity';
import { HouseholdConnection } from '../household/household.connection';
import { HouseholdFilter } from '../household/household.filter';
import { householdSource } from '../household/household.source';
import { RespondentConnection } from '../respondent/respondent.connection';
import { RespondentFilter } from '../respondent/respondent.filter';
import { respondentSource } from '../respondent/respondent.source';
import { SurveyPoint } from '../survey-point/survey-point.entity';
import { Round, roundId } from './round.entity';

@Resolver(() => Round)
export class RoundResolver {
  @Query(() => [Round], { description: 'Rounds, by country and number; optionally of one country only.' })
  async rounds(
    @Ctx() ctx: Context,
    @Arg('country', () => String, { nullable: true, description: 'ISO3 code of the country of the operation, e.g. `PER`.' })
    country?: string | null,
    @Arg('updatedSince', () => GraphQLDateTime, {
      nullable: true,
      description: 'Only rounds imported or replaced at or after this time (RFC 3339); deleted rounds are in `changes`.',
    })
    updatedSince?: Date | null,
  ): Promise<Round[]> {
    const where = roundsUpdatedSince(new WhereBuilder().eq('r.country', country ? assertCountryCode('country', country) : null), updatedSince, 'r.id');
    return ctx.db.run((m) => where.applyTo(m.getRepository(Round).createQueryBuilder('r')).orderBy('r.country', 'ASC').addOrderBy('r.number', 'ASC').getMany());
  }

  @Query(() => Round, { nullable: true, description: 'One round, or null when it does not exist.' })
  async round(
    @Ctx() ctx: Context,
    @Arg('country', { description: 'ISO3 code of the country of the operation, e.g. `PER`.' }) country: string,
    @Arg('number', () => Int, { description: 'Round number (1 or more).' }) number: number,
  ): Promise<Round | null> {
    const iso3 = assertCountryCode('country', country);
    if (number < 1) throw badInput('number', number, 'expected a round number of 1 or more');
    return ctx.loaders.roundById.load(roundId(iso3, number));
  }

  @FieldResolver(() => Location, { nullable: true, description: 'The country of the operation as a `Location` entity (`country` holds its ISO3 code).' })
  countryLocation(@Root() round: Round, @Ctx() ctx: Context): Promise<Location | null> {
    return ctx.loaders.locationByPcode.load(round.country);
  }

  @FieldResolver(() => [SurveyPoint], { description: 'The survey points of the round, with the sample size of each.' })
  surveyPoints(@Root() round: Round, @Ctx() ctx: Context): Promise<SurveyPoint[]> {
    return ctx.loaders.surveyPointsByRoundId.load(round.id);
  }

  @Authorized()
  @FieldResolver(() => RespondentConnection, { description: 'Respondents of the round (partner key needed).' })
  async respondents(
    @Root() round: Round,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: PageArgs,
    @Arg('filter', () => RespondentFilter, { nullable: true, description: 'Which respondents of the round.' })
    filter?: RespondentFilter | null,
  ) {
    return parentRowsConnection(ctx, info, respondentSource, ctx.loaders.respondentPageByRoundId, round.id, page, filter);
  }

  @Authorized()
  @FieldResolver(() => HouseholdConnection, { description: 'Households of the round (partner key needed).' })
  async households(
    @Root() round: Round,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: PageArgs,
    @Arg('filter', () => HouseholdFilter, { nullable: true, description: 'Which households of the round.' })
    filter?: HouseholdFilter | null,
  ) {
    return parentRowsConnection(ctx, info, householdSource, ctx.loaders.householdPageByRoundId, round.id, page, filter);
  }

  @Authorized()
  @FieldResolver(() => ChildConnection, { description: 'Children of the round, travelling or left in Venezuela (partner key needed).' })
  async children(
    @Root() round: Round,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: PageArgs,
    @Arg('filter', () => ChildFilter, { nullable: true, description: 'Which children of the round.' })
    filter?: ChildFilter | null,
  ) {
    return parentRowsConnection(ctx, info, childSource, ctx.loaders.childPageByRoundId, round.id, page, filter);
  }
}
