import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { FlowStatistic } from '../flow-statistic/flow-statistic.entity';
import { Round } from '../round/round.entity';
import { SurveyPoint } from '../survey-point/survey-point.entity';
import { Location, LocationLevel } from './location.entity';

const byCountryAndNumber = (a: Round, b: Round) => a.country.localeCompare(b.country) || a.number - b.number;

/**
 * What the hub knows about a place, so that a subgraph that knows places by p-code reaches the
 * hub's rounds, series, survey points and aggregates through the `Location` entity. Lists go
 * through loaders: any number of locations (one `_entities` call) costs a fixed number of
 * statements. Its two aggregates are in aggregation/location-stats.resolver.ts.
 */
@Resolver(() => Location)
export class LocationRelationsResolver {
  @FieldResolver(() => [Round], {
    description:
      'Rounds about this place: for a country, the rounds of the operation in that country; for an admin-1 area, the rounds with a survey point in that area. By country and number.',
  })
  async rounds(@Root() l: Location, @Ctx() ctx: Context): Promise<Round[]> {
    if (l.level === LocationLevel.COUNTRY) return ctx.loaders.roundsByCountry.load(l.pcode);
    const points = await ctx.loaders.surveyPointsByAdmin1.load(l.pcode);
    const rounds = await ctx.loaders.roundById.loadMany([...new Set(points.map((p) => p.roundId))]);
    return rounds.filter((r): r is Round => r instanceof Round).sort(byCountryAndNumber);
  }

  @FieldResolver(() => [SurveyPoint], {
    description: 'Survey points located in this place (in any admin-1 area of a country), of every round, by id.',
  })
  async surveyPoints(@Root() l: Location, @Ctx() ctx: Context): Promise<SurveyPoint[]> {
    if (l.level !== LocationLevel.COUNTRY) return ctx.loaders.surveyPointsByAdmin1.load(l.pcode);
    const areas = (await ctx.loaders.locationsByCountry.load(l.pcode)).filter((a) => a.level === LocationLevel.ADMIN1);
    const lists = await ctx.loaders.surveyPointsByAdmin1.loadMany(areas.map((a) => a.pcode));
    return lists.flatMap((list) => (Array.isArray(list) ? list : [])).sort((a, b) => a.id.localeCompare(b.id));
  }

  @FieldResolver(() => [FlowStatistic], {
    description:
      'Official figures for this place: for a country, its national figures (no admin-1 area, no border point); for an admin-1 area, the figures of that area. By end of reference period.',
  })
  flowStatistics(@Root() l: Location, @Ctx() ctx: Context): Promise<FlowStatistic[]> {
    return l.level === LocationLevel.COUNTRY
      ? ctx.loaders.nationalFlowStatisticsByCountry.load(l.pcode)
      : ctx.loaders.flowStatisticsByAdmin1.load(l.pcode);
  }
}
