import { Field, Float, Int, ObjectType } from 'type-graphql';
import { EntityManager } from 'typeorm';
import { GraphQLLocalDate } from 'graphql-scalars';
import { describeEnum } from '../../common/enum';
import { WhereBuilder } from '../../common/where-builder';
import { FlowStatistic } from './flow-statistic.entity';
import { FlowIndicator, Publisher } from './flow-statistic.enums';

export enum SeriesInterval {
  MONTH = 'month',
  YEAR = 'year',
}
describeEnum(SeriesInterval, 'SeriesInterval', 'Length of the periods of a series; a figure belongs to the period in which its reference period ends.', {
  MONTH: 'Calendar months (`YYYY-MM`).',
  YEAR: 'Calendar years (`YYYY`).',
});

export enum SeriesAggregate {
  SUM = 'sum',
  LATEST = 'latest',
}
describeEnum(SeriesAggregate, 'SeriesAggregate', 'How the figures of one period make its value.', {
  SUM: 'Sum of the flows whose reference period lies inside the period (entries, exits, balances). Figures whose reference period spans more than one period, or has no start, cannot be split and are listed in `excluded`.',
  LATEST: 'The figure with the latest reference date in the period (stocks and cumulative counts such as PTP issued).',
});

@ObjectType({ description: 'One period of a series: its value and the official figures it was made from.' })
export class SeriesPoint {
  @Field({ description: 'The period: `YYYY-MM` or `YYYY`.' })
  period: string;

  @Field(() => GraphQLLocalDate, { description: 'First day of the period.' })
  periodStart: string;

  @Field(() => GraphQLLocalDate, { description: 'Last day of the period.' })
  periodEnd: string;

  @Field(() => Float, { description: 'The value: the sum of the figures, or the latest figure.' })
  value: number;

  @Field(() => Int, { description: 'Number of figures that make the value.' })
  figures: number;

  @Field(() => [FlowStatistic], { description: 'The figures that make the value, with their source and URL.' })
  sources: FlowStatistic[];
}

@ObjectType({ description: 'A time series of one official indicator, by month or year.' })
export class FlowStatisticSeries {
  @Field(() => FlowIndicator, { description: 'The indicator.' })
  indicator: FlowIndicator;

  @Field({ description: 'ISO3 code of the country the figures refer to.' })
  country: string;

  @Field(() => String, { nullable: true, description: 'Admin-1 p-code of the area, or null for national figures.' })
  admin1Pcode: string | null;

  @Field(() => SeriesInterval, { description: 'Length of the periods.' })
  interval: SeriesInterval;

  @Field(() => SeriesAggregate, { description: 'How a period gets its value.' })
  aggregate: SeriesAggregate;

  @Field(() => [SeriesPoint], { description: 'The periods that have a value, in time order.' })
  points: SeriesPoint[];

  @Field(() => [FlowStatistic], {
    description: 'Figures of the indicator left out of SUM because their reference period does not fit in one period (empty for LATEST).',
  })
  excluded: FlowStatistic[];
}

export interface SeriesQuery {
  indicator: FlowIndicator;
  country: string;
  interval: SeriesInterval;
  aggregate: SeriesAggregate;
  admin1Pcode?: string | null;
  publisher?: Publisher | null;
}

const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
function bounds(period: string): { periodStart: string; periodEnd: string } {
  if (period.length === 4) return { periodStart: `${period}-01-01`, periodEnd: `${period}-12-31` };
  const [y, m] = period.split('-').map(Number);
  return { periodStart: `${period}-01`, periodEnd: `${period}-${String(lastDay(y, m)).padStart(2, '0')}` };
}

/**
 * Computes a series in SQL, in one statement over the official table: the period of a figure is
 * the month or year of its reference end; window functions give each period's SUM (of the
 * figures that lie inside it) and rank its figures by date for LATEST. JavaScript only groups the
 * ranked rows into points. National figures are those without admin1 and border point; an
 * admin1Pcode selects that area's figures instead.
 */
export async function computeSeries(ds: EntityManager, q: SeriesQuery): Promise<FlowStatisticSeries> {
  // 7 or 4 characters of an ISO date: a constant chosen by the enum, never user text.
  const length = q.interval === SeriesInterval.MONTH ? 7 : 4;
  const period = (column: string) => `SUBSTR(CAST(${column} AS VARCHAR(10)), 1, ${length})`;
  const where = new WhereBuilder('s').eq('s.indicator', q.indicator).eq('s.country', q.country.toUpperCase()).eq('s.publisher', q.publisher);
  if (q.admin1Pcode) where.eq('s.admin1_pcode', q.admin1Pcode.toUpperCase());
  else where.add('s.admin1_pcode IS NULL AND s.border_point IS NULL');
  const inside = `s.reference_period_start IS NOT NULL AND ${period('s.reference_period_start')} = ${period('s.reference_period_end')}`;
  const qb = ds
    .getRepository(FlowStatistic)
    .createQueryBuilder('s')
    .addSelect(period('s.reference_period_end'), 'period')
    .addSelect(`CASE WHEN ${inside} THEN 1 ELSE 0 END`, 'inside')
    .addSelect(`SUM(CASE WHEN ${inside} THEN s.value END) OVER (PARTITION BY ${period('s.reference_period_end')})`, 'period_sum')
    .addSelect(`COUNT(CASE WHEN ${inside} THEN 1 END) OVER (PARTITION BY ${period('s.reference_period_end')})`, 'period_count')
    .addSelect(
      `ROW_NUMBER() OVER (PARTITION BY ${period('s.reference_period_end')} ORDER BY s.reference_period_end DESC, CASE WHEN s.as_of IS NULL THEN 1 ELSE 0 END, s.as_of DESC, s.id DESC)`,
      'recency',
    );
  where.applyTo(qb).orderBy('s.reference_period_end', 'ASC').addOrderBy('s.id', 'ASC');
  const { entities, raw } = await qb.getRawAndEntities<{
    s_id: number;
    period: string;
    inside: number | string;
    period_sum: number | string | null;
    period_count: number | string;
    recency: number | string;
  }>();
  const byId = new Map(entities.map((e) => [e.id, e]));

  const points = new Map<string, SeriesPoint>();
  const excluded: FlowStatistic[] = [];
  for (const row of raw) {
    const figure = byId.get(Number(row.s_id))!;
    const p = String(row.period);
    if (q.aggregate === SeriesAggregate.SUM) {
      if (Number(row.inside) !== 1) {
        excluded.push(figure);
        continue;
      }
      const point = points.get(p) ?? { period: p, ...bounds(p), value: Number(row.period_sum), figures: Number(row.period_count), sources: [] };
      point.sources.push(figure);
      points.set(p, point);
    } else if (Number(row.recency) === 1) {
      points.set(p, { period: p, ...bounds(p), value: figure.value, figures: 1, sources: [figure] });
    }
  }
  return {
    indicator: q.indicator,
    country: q.country.toUpperCase(),
    admin1Pcode: q.admin1Pcode ? q.admin1Pcode.toUpperCase() : null,
    interval: q.interval,
    aggregate: q.aggregate,
    points: [...points.values()].sort((a, b) => a.period.localeCompare(b.period)),
    excluded,
  };
}
