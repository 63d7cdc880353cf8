import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../common/page';
import type { Context } from '../context';
import { Location } from '../location/location.entity';
import { RespondentConnection } from '../respondent/respondent.connection';
import { RespondentFilter } from '../respondent/respondent.filter';
import { respondentSource } from '../respondent/respondent.source';
import { Round } from '../round/round.entity';
import { parentRowsConnection } from '../row-pages';
import { SurveyPoint } from './survey-point.entity';

@Resolver(() => SurveyPoint)
export class SurveyPointResolver {
  @FieldResolver(() => Round, { description: 'The round the point belongs to.' })
  async round(@Root() p: SurveyPoint, @Ctx() ctx: Context): Promise<Round> {
    return (await ctx.loaders.roundById.load(p.roundId))!;
  }

  @FieldResolver(() => Location, { nullable: true, description: 'The admin-1 area of the point.' })
  admin1(@Root() p: SurveyPoint, @Ctx() ctx: Context): Promise<Location | null> {
    return ctx.loaders.locationByPcode.load(p.admin1Pcode);
  }

  @FieldResolver(() => Location, {
    nullable: true,
    description: 'The neighbouring country at a border point as a `Location` entity (`borderWith` holds its ISO3 code); null elsewhere.',
  })
  borderCountry(@Root() p: SurveyPoint, @Ctx() ctx: Context): Promise<Location | null> | null {
    return p.borderWith ? ctx.loaders.locationByPcode.load(p.borderWith) : null;
  }

  @Authorized()
  @FieldResolver(() => RespondentConnection, { description: 'Respondents interviewed at this point in this round (partner key needed).' })
  respondents(
    @Root() p: SurveyPoint,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: PageArgs,
    @Arg('filter', () => RespondentFilter, { nullable: true, description: 'Which respondents of the point.' })
    filter?: RespondentFilter | null,
  ) {
    return parentRowsConnection(ctx, info, respondentSource, ctx.loaders.respondentPageBySurveyPointId, p.id, page, filter);
  }
}
