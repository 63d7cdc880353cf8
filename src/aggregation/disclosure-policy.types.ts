import { Field, Float, Int, ObjectType } from 'type-graphql';
import { StatsDimension } from './dimensions';
import { DisclosureMethod, DisclosureRule } from './stats.types';

@ObjectType({ description: 'One range a public caller may give a range filter, both ends inclusive.' })
export class PublicRange {
  @Field(() => Int, { description: 'The lowest value of the range (the `*Min` to give).' })
  min: number;

  @Field(() => Int, { description: 'The highest value of the range (the `*Max` to give).' })
  max: number;
}

@ObjectType({ description: 'A fixed classification of a range filter: the only ranges a public caller may give it.' })
export class PublicClassification {
  @Field({ description: 'The filter input that has the range, e.g. `RespondentFilter` (also as the nested `respondent` filter of HouseholdFilter and ChildFilter).' })
  filterInput: string;

  @Field({ description: 'The lower end of the range, e.g. `ageMin`.' })
  minField: string;

  @Field({ description: 'The upper end of the range, e.g. `ageMax`.' })
  maxField: string;

  @Field({ description: 'What the range filters, in the chosen language.' })
  label: string;

  @Field(() => [PublicRange], {
    description:
      'The ranges a public caller may filter by: each class alone and the reporting ranges published reports use (e.g. children aged 3-17). A range of several classes chosen by the caller is refused (rule CLASSIFICATION); leaving both ends out does not filter.',
  })
  ranges: PublicRange[];

  @Field(() => StatsDimension, { description: 'The dimension that groups by these classes (or by coarser ones), to ask instead of a range.' })
  dimension: StatsDimension;
}

@ObjectType({ description: 'One disclosure rule of public stats tables, with its setting.' })
export class DisclosureRuleSetting {
  @Field(() => DisclosureRule, { description: 'The rule.' })
  rule: DisclosureRule;

  @Field({ description: 'What the rule does, in the chosen language.' })
  description: string;

  @Field(() => String, { nullable: true, description: 'The hub setting (environment variable) that sets the rule\'s value; null for a rule without one.' })
  setting: string | null;

  @Field(() => Float, { nullable: true, description: 'The value of the setting on this hub; null for a rule without one (the classifications are listed in disclosurePolicy.classifications).' })
  value: number | null;
}

@ObjectType({
  description:
    'Every disclosure rule and threshold public stats answers follow on this hub, as DataSHIELD publishes its settings. Partner keys see exact values and no rule applies to them.',
})
export class DisclosurePolicy {
  @Field(() => DisclosureMethod, { description: 'The method public answers go through (CELL_KEY).' })
  method: DisclosureMethod;

  @Field(() => Int, { description: 'k (DISCLOSURE_MIN_CELL): no public count stands for fewer units; a table whose total is below it is BLOCKED.' })
  threshold: number;

  @Field(() => Int, { description: 'Smallest number of values a public median is computed from (4k).' })
  medianThreshold: number;

  @Field(() => Int, { description: 'Largest amount by which a public count differs from the exact count.' })
  maxPerturbation: number;

  @Field(() => Int, { description: 'DISCLOSURE_MAX_VARIABLES: how many variables (filters and groupings beyond country and round) one public table may combine.' })
  maxVariables: number;

  @Field(() => Float, {
    description: 'DISCLOSURE_MIN_LISTED_SHARE: the share of an area\'s published units that must sit in listed groups (groups of at least k) for its groups to be listed.',
  })
  minListedShare: number;

  @Field(() => [StatsDimension], { description: 'The dimensions whose values are areas for the sparsity rule: the first of them in a groupBy gives the areas; without one the table is one area.' })
  areaDimensions: StatsDimension[];

  @Field(() => [PublicClassification], { description: 'The fixed classifications of the range filters.' })
  classifications: PublicClassification[];

  @Field(() => [DisclosureRuleSetting], { description: 'One entry per rule, in the order the rules are checked.' })
  rules: DisclosureRuleSetting[];

  @Field({ description: 'What callers with a partner key get instead (exact values, no rule), in the chosen language.' })
  exactAccess: string;
}
