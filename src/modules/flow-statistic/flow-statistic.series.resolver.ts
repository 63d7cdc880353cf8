import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { assertCountryCode } from '../../common/country-code';
import type { Context } from '../context';
import { FlowIndicator, Publisher } from './flow-statistic.enums';
import { computeSeries, FlowStatisticSeries, SeriesAggregate, SeriesInterval } from './flow-statistic.series';

@Resolver(() => FlowStatisticSeries)
export class FlowStatisticSeriesResolver {
  @Query(() => FlowStatisticSeries, {
    description:
      'A time series of one official indicator by month or year, computed in SQL from the official figures, with the sources of every point.',
  })
  flowStatisticSeries(
    @Ctx() ctx: Context,
    @Arg('indicator', () => FlowIndicator, { description: 'The indicator.' }) indicator: FlowIndicator,
    @Arg('country', { description: 'ISO3 code of the country the figures refer to, e.g. `PER` (VEN for Venezuelans abroad).' }) country: string,
    @Arg('interval', () => SeriesInterval, { defaultValue: SeriesInterval.MONTH, description: 'Month or year periods.' }) interval: SeriesInterval,
    @Arg('aggregate', () => SeriesAggregate, {
      defaultValue: SeriesAggregate.LATEST,
      description: 'SUM for flows over a period, LATEST for stocks and cumulative counts.',
    })
    aggregate: SeriesAggregate,
    @Arg('admin1Pcode', () => String, { nullable: true, description: 'Only the figures of this admin-1 area (e.g. `PE24`); national figures when omitted.' })
    admin1Pcode: string | null | undefined,
    @Arg('publisher', () => Publisher, { nullable: true, description: 'Only figures of this publisher.' }) publisher: Publisher | null | undefined,
  ): Promise<FlowStatisticSeries> {
    const q = { indicator, country: assertCountryCode('country', country), interval, aggregate, admin1Pcode, publisher };
    return ctx.db.run((m) => computeSeries(m, q));
  }
}
