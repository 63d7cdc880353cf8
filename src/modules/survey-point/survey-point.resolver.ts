import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Location } from '../location/location.entity';
import { Round } from '../round/round.entity';
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
}
