import { Field, Float, Int, ObjectType } from 'type-graphql';
import { describeEnum } from '../common/enum';
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
    'Summary of a numeric field over a group. Partner keys see exact values. Public callers see n perturbed like a count, the mean perturbed in proportion to the largest value over n, the median perturbed (and only from disclosure.medianThreshold values), never min or max; everything is withheld (null) when fewer than the disclosure threshold of units have a value.',
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

  @Field(() => Int, {
    nullable: true,
    description: 'Number of units in the group: exact for partner keys; for public callers perturbed by at most disclosure.maxPerturbation (cell-key method).',
  })
  count: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'count / total, a proportion between 0 and 1 of all units matching the filter (units with no answer included in the total); null when the total is withheld. Public shares come from the published (perturbed) counts, capped at 1. With a multi-select dimension a unit counts in every option it selected, so shares add up to more than 1.',
  })
  share: number | null;

  @Field(() => ConfidenceInterval, { nullable: true, description: '95% Wilson interval of the share, from the published counts; null when the total is withheld.' })
  ci95: ConfidenceInterval | null;

  @Field({
    description: 'Always false: groups below the disclosure threshold are left out of public answers instead.',
    deprecationReason: 'Groups below the threshold are left out (cell-key method), never listed as suppressed.',
  })
  suppressed: boolean;

  @Field(() => [MeasureSummary], { description: 'One summary per requested measure, in request order.' })
  measures: MeasureSummary[];
}

@ObjectType({ description: 'Units that gave no answer for a grouped dimension (they are in the total and in the groups whose code is null).' })
export class NonResponse {
  @Field(() => StatsDimension, { description: 'The grouped dimension.' })
  dimension: StatsDimension;

  @Field(() => Int, { nullable: true, description: 'Units with no answer (perturbed for public callers); null when withheld by disclosure control.' })
  count: number | null;

  @Field({ description: 'True when the count is withheld: for public callers, fewer than disclosure.threshold units (none included).' })
  suppressed: boolean;
}

/** Which disclosure control a stats answer went through. */
export enum DisclosureMethod {
  EXACT = 'EXACT',
  CELL_KEY = 'CELL_KEY',
}
describeEnum(DisclosureMethod, 'DisclosureMethod', 'The disclosure control applied to a stats answer.', {
  EXACT: 'Exact values, for partner keys.',
  CELL_KEY:
    'The cell-key method (as in the ONS Census 2021 tables and ABS TableBuilder), for public callers: counts perturbed by a small amount fixed by the records they count, groups below the threshold left out, means and medians perturbed or withheld. See docs/aggregation.md.',
});

/** What the disclosure rules made of a table (public callers; partners always get PUBLISHED). */
export enum DisclosureStatus {
  PUBLISHED = 'PUBLISHED',
  PARTIAL = 'PARTIAL',
  BLOCKED = 'BLOCKED',
}
describeEnum(DisclosureStatus, 'DisclosureStatus', 'What the disclosure rules made of a stats table (see disclosurePolicy).', {
  PUBLISHED: 'The table is published: every group of at least disclosure.threshold units is listed (always, for partner keys).',
  PARTIAL: 'Some areas failed the sparsity rule: their groups are not listed and the areas are named in disclosure.blockedAreas; the other areas are listed.',
  BLOCKED:
    'Nothing is published: no total, no group, no non-response count. disclosure.failedRules says why and disclosure.suggestion what to ask instead.',
});

/** The disclosure rules public tables go through, on top of the cell-key method (docs/aggregation.md). */
export enum DisclosureRule {
  THRESHOLD = 'THRESHOLD',
  CLASSIFICATION = 'CLASSIFICATION',
  MAX_VARIABLES = 'MAX_VARIABLES',
  SPARSITY = 'SPARSITY',
}
describeEnum(DisclosureRule, 'DisclosureRule', 'A disclosure rule of public stats tables; disclosurePolicy gives each one\'s setting.', {
  THRESHOLD: 'A table whose total is below the threshold k (none included) is blocked, so that "none" and "a few" look the same.',
  CLASSIFICATION:
    'Range filters (ages, travelling group size) must sit on the boundaries of fixed public classes, so that few different cells can isolate one person; checked before any statement runs.',
  MAX_VARIABLES: 'A table may combine at most disclosurePolicy.maxVariables variables (filters and groupings) beyond country and round; checked before any statement runs.',
  SPARSITY:
    'Per area (country, survey point or its admin-1 area), the groups are listed only when at least disclosurePolicy.minListedShare of the area\'s published units sit in listed groups.',
});

@ObjectType({ description: 'How disclosure control treated this result.' })
export class DisclosureInfo {
  @Field(() => DisclosureStatus, { description: 'PUBLISHED, PARTIAL (some areas blocked) or BLOCKED (nothing published); always PUBLISHED for partner keys.' })
  status: DisclosureStatus;

  @Field(() => [DisclosureRule], { description: 'The rules the table failed, in the order they are checked; empty when PUBLISHED.' })
  failedRules: DisclosureRule[];

  @Field(() => String, {
    nullable: true,
    description: 'What to ask instead, in the answer\'s language (English or Spanish), naming the field, the value and what is allowed; null when PUBLISHED.',
  })
  suggestion: string | null;

  @Field(() => [StatsKey], {
    description:
      'The areas whose groups are not listed because they failed the sparsity rule (an area below the threshold is simply absent, like a small group); empty for partner keys.',
  })
  blockedAreas: StatsKey[];

  @Field(() => Int, { description: 'How many variables (filters and groupings beyond country and round) the table combines; a question filtered and grouped counts once.' })
  variables: number;

  @Field(() => DisclosureMethod, { description: 'EXACT for partner keys, CELL_KEY for public callers.' })
  method: DisclosureMethod;

  @Field(() => Int, {
    nullable: true,
    description:
      'Smallest number of units a public count may stand for (k): groups, totals and non-response counts below it are left out or null. Null for partner keys, who see exact values.',
  })
  threshold: number | null;

  @Field(() => Int, { nullable: true, description: 'Smallest number of values a public median is computed from; null for partner keys.' })
  medianThreshold: number | null;

  @Field(() => Int, {
    description:
      'Largest amount by which a public count may differ from the exact count (0 for partner keys). The same records always give the same published count.',
  })
  maxPerturbation: number;

  @Field(() => Int, {
    description: 'Always 0: groups below the threshold are no longer listed, so that they cannot be told from empty groups.',
    deprecationReason: 'Groups below the threshold are left out (cell-key method); see disclosure.threshold.',
  })
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
    description:
      'Units matching the filter: the base of every share. For public callers perturbed like every count, and null when fewer than disclosure.threshold units match (none included).',
  })
  total: number | null;

  @Field({ description: 'True when a grouped dimension is multi-select (a unit counts in every option it selected; shares add up to more than 1).' })
  multiSelect: boolean;

  @Field(() => [StatsGroup], {
    description:
      'The groups, ordered by the codes of the dimensions. Groups with no unit are not listed, nor, for public callers, groups with fewer than disclosure.threshold units.',
  })
  groups: StatsGroup[];

  @Field(() => [NonResponse], { description: 'Per grouped dimension, the units with no answer.' })
  nonResponse: NonResponse[];

  @Field(() => Int, {
    nullable: true,
    description:
      'Units in groups that are not listed (groups below the threshold, areas blocked by the sparsity rule); with a multi-select dimension, unit-option memberships. For public callers a perturbed count of its own, null below disclosure.threshold (none included) and when the table is BLOCKED; partner keys see the exact number (0: every group is listed).',
  })
  unlistedCount: number | null;

  @Field(() => DisclosureInfo, { description: 'How disclosure control treated this result.' })
  disclosure: DisclosureInfo;
}
