import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { computeStats } from '../../aggregation/stats.service';
import { StatsDimension } from '../../aggregation/dimensions';
import { StatsResult } from '../../aggregation/stats.types';
import { StatsUnit } from '../../aggregation/units';
import type { Context } from '../context';
import { FlowStatistic } from '../flow-statistic/flow-statistic.entity';
import { RespondentFilter } from '../respondent/respondent.filter';
import { Round } from '../round/round.entity';
import { SurveyPoint } from '../survey-point/survey-point.entity';
import { Location, LocationLevel } from './location.entity';

const byCountryAndNumber = (a: Round, b: Round) => a.country.localeCompare(b.country) || a.number - b.number;
const BY_ROUND = [StatsDimension.ROUND];
const DISCLOSURE = 'Public callers get the disclosure control of `respondentStats` (cell-key method); partner keys see exact counts.';

/**
 * What the hub knows about a place, so that a subgraph that knows places by p-code reaches the
 * hub's rounds, series, survey points and aggregates through the `Location` entity. Lists go
 * through loaders: any number of locations (one `_entities` call) costs a fixed number of
 * statements. The two aggregates are one stats statement per location and field, as
 * `respondentStats` would be, and are charged as such by the cost model.
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

  @FieldResolver(() => StatsResult, {
    description: `Respondents who name this place as their intended destination (a country: destination country; an admin-1 area: destination department), by round: \`respondentStats(filter: {destinationCountry | destinationRegion}, groupBy: [ROUND])\`. ${DISCLOSURE}`,
  })
  destinationRespondents(@Root() l: Location, @Ctx() ctx: Context): Promise<StatsResult> {
    const filter: RespondentFilter = l.level === LocationLevel.COUNTRY ? { destinationCountry: l.pcode } : { destinationRegion: l.pcode };
    return computeStats(ctx.statsSql, { unit: StatsUnit.RESPONDENT, filter, groupBy: BY_ROUND }, { role: ctx.role, minCell: ctx.disclosureMinCell });
  }

  @FieldResolver(() => StatsResult, {
    description: `Respondents who come from this place (a country: nationality; an admin-1 area: state of origin), by round: \`respondentStats(filter: {nationality | originState}, groupBy: [ROUND])\`. ${DISCLOSURE}`,
  })
  originRespondents(@Root() l: Location, @Ctx() ctx: Context): Promise<StatsResult> {
    const filter: RespondentFilter = l.level === LocationLevel.COUNTRY ? { nationality: l.pcode } : { originState: l.pcode };
    return computeStats(ctx.statsSql, { unit: StatsUnit.RESPONDENT, filter, groupBy: BY_ROUND }, { role: ctx.role, minCell: ctx.disclosureMinCell });
  }
}
