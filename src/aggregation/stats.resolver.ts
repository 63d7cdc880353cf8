import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { ChildFilter } from '../modules/child/child.filter';
import { HouseholdFilter } from '../modules/household/household.filter';
import { RespondentFilter } from '../modules/respondent/respondent.filter';
import { Language } from '../common/language';
import type { Lang } from '../questionnaire/text';
import type { Context } from '../modules/context';
import { StatsDimension } from './dimensions';
import { StatsMeasure } from './measures';
import { computeStats, MAX_GROUP_BY, statsAccess } from './stats.service';
import { StatsResult } from './stats.types';
import { StatsUnit } from './units';

const GROUP_BY = `Up to ${MAX_GROUP_BY} dimensions to group by, in order; none gives one group with every unit. Dimensions that do not apply to this stats type are refused.`;
const MEASURES = 'Numeric fields to summarise in every group (n, mean, median, min, max).';
const LANG = 'Language of the `label` fields (codes never change); default: the `Accept-Language` header (English or Spanish), else English.';
const ACCESS =
  'Public callers get disclosure control (the cell-key method: counts slightly perturbed, small groups left out; see docs/aggregation.md); partner keys see exact values.';

/**
 * The three stats queries. They differ only in the filter type (the list query's own filter)
 * and the unit counted; the work is one generic mechanism in stats.service.ts.
 */
@Resolver()
export class StatsResolver {
  @Query(() => StatsResult, { description: `Counts, shares (95% Wilson intervals) and measures of respondents, grouped by up to three dimensions. ${ACCESS}` })
  respondentStats(
    @Ctx() ctx: Context,
    @Arg('filter', () => RespondentFilter, { nullable: true, description: 'Which respondents count (the same filter as `respondents`).' })
    filter: RespondentFilter | null | undefined,
    @Arg('groupBy', () => [StatsDimension], { defaultValue: [], description: GROUP_BY }) groupBy: StatsDimension[],
    @Arg('measures', () => [StatsMeasure], { defaultValue: [], description: MEASURES }) measures: StatsMeasure[],
    @Arg('lang', () => Language, { nullable: true, description: LANG }) lang: Lang | null | undefined,
  ): Promise<StatsResult> {
    return computeStats(ctx.statsSql, { unit: StatsUnit.RESPONDENT, filter, groupBy, measures, lang: lang ?? ctx.lang }, statsAccess(ctx));
  }

  @Query(() => StatsResult, { description: `Counts, shares (95% Wilson intervals) and measures of households (travelling groups), grouped by up to three dimensions. ${ACCESS}` })
  householdStats(
    @Ctx() ctx: Context,
    @Arg('filter', () => HouseholdFilter, { nullable: true, description: 'Which households count (the same filter as `households`).' })
    filter: HouseholdFilter | null | undefined,
    @Arg('groupBy', () => [StatsDimension], { defaultValue: [], description: GROUP_BY }) groupBy: StatsDimension[],
    @Arg('measures', () => [StatsMeasure], { defaultValue: [], description: MEASURES }) measures: StatsMeasure[],
    @Arg('lang', () => Language, { nullable: true, description: LANG }) lang: Lang | null | undefined,
  ): Promise<StatsResult> {
    return computeStats(ctx.statsSql, { unit: StatsUnit.HOUSEHOLD, filter, groupBy, measures, lang: lang ?? ctx.lang }, statsAccess(ctx));
  }

  @Query(() => StatsResult, { description: `Counts, shares (95% Wilson intervals) and measures of children, grouped by up to three dimensions. ${ACCESS}` })
  childStats(
    @Ctx() ctx: Context,
    @Arg('filter', () => ChildFilter, { nullable: true, description: 'Which children count (the same filter as `children`).' })
    filter: ChildFilter | null | undefined,
    @Arg('groupBy', () => [StatsDimension], { defaultValue: [], description: GROUP_BY }) groupBy: StatsDimension[],
    @Arg('measures', () => [StatsMeasure], { defaultValue: [], description: MEASURES }) measures: StatsMeasure[],
    @Arg('lang', () => Language, { nullable: true, description: LANG }) lang: Lang | null | undefined,
  ): Promise<StatsResult> {
    return computeStats(ctx.statsSql, { unit: StatsUnit.CHILD, filter, groupBy, measures, lang: lang ?? ctx.lang }, statsAccess(ctx));
  }
}
