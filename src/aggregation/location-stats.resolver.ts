import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../modules/context';
import { Location, LocationLevel } from '../modules/location/location.entity';
import { RespondentFilter } from '../modules/respondent/respondent.filter';
import { StatsDimension } from './dimensions';
import { computeStats, statsAccess } from './stats.service';
import { StatsResult } from './stats.types';
import { StatsUnit } from './units';

const BY_ROUND = [StatsDimension.ROUND];
const DISCLOSURE = 'Public callers get the disclosure control of `respondentStats` (cell-key method); partner keys see exact counts.';

/**
 * The aggregates of a place on the `Location` entity, for subgraphs that know places by p-code:
 * one stats statement per location and field, as `respondentStats` would be, and charged as such
 * by the cost model. Labels follow the caller's language (Accept-Language).
 */
@Resolver(() => Location)
export class LocationStatsResolver {
  @FieldResolver(() => StatsResult, {
    description: `Respondents who name this place as their intended destination (a country: destination country; an admin-1 area: destination region), by round: \`respondentStats(filter: {destinationCountry | destinationRegion}, groupBy: [ROUND])\`. ${DISCLOSURE}`,
  })
  destinationRespondents(@Root() l: Location, @Ctx() ctx: Context): Promise<StatsResult> {
    const filter: RespondentFilter = l.level === LocationLevel.COUNTRY ? { destinationCountry: l.pcode } : { destinationRegion: l.pcode };
    return computeStats(ctx.statsSql, { unit: StatsUnit.RESPONDENT, filter, groupBy: BY_ROUND, lang: ctx.lang }, statsAccess(ctx));
  }

  @FieldResolver(() => StatsResult, {
    description: `Respondents who come from this place (a country: nationality; an admin-1 area: state of origin), by round: \`respondentStats(filter: {nationality | originState}, groupBy: [ROUND])\`. ${DISCLOSURE}`,
  })
  originRespondents(@Root() l: Location, @Ctx() ctx: Context): Promise<StatsResult> {
    const filter: RespondentFilter = l.level === LocationLevel.COUNTRY ? { nationality: l.pcode } : { originState: l.pcode };
    return computeStats(ctx.statsSql, { unit: StatsUnit.RESPONDENT, filter, groupBy: BY_ROUND, lang: ctx.lang }, statsAccess(ctx));
  }
}
