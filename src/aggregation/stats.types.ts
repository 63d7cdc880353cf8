import { Field, Float, Int, ObjectType } from 'type-graphql';
import { StatsDimension } from './dimensions';
import { StatsMeasure } from './measures';
import { StatsUnit } from './units';

@ObjectType({ description: 'A 95% confidence interval of a share (Wilson score interval), as proportions between 0 and 1.' })
export class ConfidenceInterval {
  @Field(() => Float, { description: 'Lower bound.' })
  low: number;

  @Field(() => Float, { description: 'Upper bound.' })
  high: number;
}

@ObjectType({ description: 'The value of one grouping dimension that defines a group.' })
export class StatsKey {
  @Field(() => StatsDimension, { description: 'The dimension.' })
  dimension: StatsDimension;

  @Field(() => String, { nullable: true, description: 'The code, as stored (e.g. `female`, `cebaf_tumbes`, `PE24`); null for the units with no answer.' })
  code: string | null;

  @Field({ description: 'Human label of the code (e.g. `Female`, `CEBAF Tumbes`); `No answer` when the code is null.' })
  label: string;
}

@ObjectType({
  description:
    'Summary of a numeric field over a group. For public callers the values are withheld (null) when fewer than the disclosure threshold of units have a value.',
})
export class MeasureSummary {
  @Field(() => StatsMeasure, { description: 'The numeric field.' })
  measure: StatsMeasure;

  @Field(() => Int, { nullable: true, description: 'Number of units of the group with a value (the base of mean and median); null when withheld.' })
  n: number | null;

  @Field(() => Float, { nullable: true, description: 'Arithmetic mean; null when withheld or when no unit has a value.' })
  mean: number | null;

  @Field(() => Float, { nullable: true, description: 'Median (mean of the two middle values when n is even); null when withheld or no value.' })
  median: number | null;

  @Field(() => Float, { nullable: true, description: 'Smallest value; null when withheld or no value, and always for public callers (it is one person\'s answer).' })
  min: number | null;

  @Field(() => Float, { nullable: true, description: 'Largest value; null when withheld or no value, and always for public callers (it is one person\'s answer).' })
  max: number | null;

  @Field({ description: 'True when the values are withheld by disclosure control.' })
  withheld: boolean;
}

@ObjectType({ description: 'One group of a breakdown: the units that share the same code in every grouped dimension.' })
export class StatsGroup {
  @Field(() => [StatsKey], { description: 'The codes that define the group, one per groupBy dimension, in groupBy order.' })
  keys: StatsKey[];

  @Field(() => Int, { nullable: true, description: 'Number of units in the group; null when suppressed.' })
  count: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'count / total, a proportion between 0 and 1 of all units matching the filter (units with no answer included in the total); null when suppressed. With a multi-select dimension a unit counts in every option it selected, so shares add up to more than 1.',
  })
  share: number | null;

  @Field(() => ConfidenceInterval, { nullable: true, description: '95% Wilson interval of the share; null when suppressed.' })
  ci95: ConfidenceInterval | null;

  @Field({ description: 'True when count, share, interval and measures are withheld by disclosure control (public callers only).' })
  suppressed: boolean;

  @Field(() => [MeasureSummary], { description: 'One summary per requested measure, in request order.' })
  measures: MeasureSummary[];
}

@ObjectType({ description: 'Units that gave no answer for a grouped dimension (they are in the total and in the groups whose code is null).' })
export class NonResponse {
  @Field(() => StatsDimension, { description: 'The grouped dimension.' })
  dimension: StatsDimension;

  @Field(() => Int, { nullable: true, description: 'Units with no answer; null when withheld by disclosure control.' })
  count: number | null;

  @Field({ description: 'True when the count is withheld (below the threshold, or part of a suppressed group).' })
  suppressed: boolean;
}

@ObjectType({ description: 'How disclosure control treated this result.' })
export class DisclosureInfo {
  @Field(() => Int, {
    nullable: true,
    description: 'Smallest number of units a public group may show (k); null for partner keys, who see exact values.',
  })
  threshold: number | null;

  @Field(() => Int, { description: 'Number of groups suppressed (fewer than k units, or suppressed so that another cannot be recovered).' })
  suppressedGroups: number;
}

@ObjectType({
  description:
    'Counts, shares with 95% intervals and measures of a filtered population, grouped by up to three dimensions, computed by the database.',
})
export class StatsResult {
  @Field(() => StatsUnit, { description: 'What is counted.' })
  unit: StatsUnit;

  @Field(() => [StatsDimension], { description: 'The grouping dimensions, in order.' })
  groupBy: StatsDimension[];

  @Field(() => [StatsMeasure], { description: 'The requested measures, in order.' })
  measures: StatsMeasure[];

  @Field(() => Int, {
    nullable: true,
    description: 'Units matching the filter: the base of every share. Null for public callers when it is below the disclosure threshold.',
  })
  total: number | null;

  @Field({ description: 'True when a grouped dimension is multi-select (a unit counts in every option it selected; shares add up to more than 1).' })
  multiSelect: boolean;

  @Field(() => [StatsGroup], { description: 'The groups, ordered by the codes of the dimensions; groups with no unit are not listed.' })
  groups: StatsGroup[];

  @Field(() => [NonResponse], { description: 'Per grouped dimension, the units with no answer.' })
  nonResponse: NonResponse[];

  @Field(() => DisclosureInfo, { description: 'How disclosure control treated this result.' })
  disclosure: DisclosureInfo;
}
