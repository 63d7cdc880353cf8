import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { describeEnum } from '../../common/enum';
import { DataKind } from '../round/round.enums';

export enum CoverageLevel {
  COUNTRY = 'country',
  ADMIN1 = 'admin1',
  SURVEY_POINT = 'survey_point',
}
describeEnum(CoverageLevel, 'CoverageLevel', 'The kind of place a coverage entry is about.', {
  COUNTRY: 'A country (ISO3 code): the rounds with a survey point in it.',
  ADMIN1: 'A first-level administrative area (p-code): the rounds with a survey point in it.',
  SURVEY_POINT: 'A survey point (its admin-1 p-code and its code): the rounds that interviewed there. The same code in several rounds is one place.',
});

@ObjectType({ description: 'An admin level at which the stats queries group a round, and the dimension that does it.' })
export class StatsLevel {
  @Field(() => CoverageLevel, { description: 'The level.' })
  level: CoverageLevel;

  @Field({ description: 'The `StatsDimension` to group by for this level, e.g. `SURVEY_POINT_REGION` for admin-1 areas.' })
  dimension: string;
}

@ObjectType({ description: 'A group of questions of the questionnaire (a sheet of the round bundle) and those of its questions a round asked.' })
export class CoverageTopic {
  @Field({ description: 'The group: the bundle sheet of the questions, `respondents`, `households` or `children`.' })
  group: string;

  @Field({ description: 'What the group counts, in the language asked for (`Accept-Language`).' })
  label: string;

  @Field(() => [String], { description: 'The questions of the group the round asked (at least one answer in the round), as `sheet.column`, e.g. `respondents.main_needs`, in registry order.' })
  questions: string[];
}

@ObjectType({ description: 'One round that covers a place: what it asked there, when, and of how many people.' })
export class RoundCoverage {
  @Field({ description: 'Id of the round, e.g. `PER-4` (`round(country:, number:)` reads it).' })
  roundId: string;

  @Field({
    description:
      'The DTM operation the round belongs to: the ISO3 code of the country that runs the flow monitoring (the round\'s `country`). ' +
      'Rounds of one operation survey the same places again: never sum them.',
  })
  operation: string;

  @Field(() => Int, { description: 'Round number within the operation.' })
  number: number;

  @Field(() => GraphQLLocalDate, { description: 'First day of fieldwork.' })
  fieldworkStart: string;

  @Field(() => GraphQLLocalDate, { description: 'Last day of fieldwork.' })
  fieldworkEnd: string;

  @Field(() => Int, { description: 'Adults the round interviewed in this place (the sum of its survey points there).' })
  sampleSize: number;

  @Field(() => DataKind, { description: 'Whether the rows are real interviews or synthetic, calibrated rows.' })
  dataKind: DataKind;

  @Field({
    description:
      'True for the latest round (highest number) of its operation that covers this place. Summing only these entries counts each operation once; ' +
      'where `overlapsWith` is not empty, the operations themselves overlap and even that sum counts people twice.',
  })
  latestRoundPerOperation: boolean;

  @Field(() => [String], { description: 'Other operations with a round covering the same place (ISO3 codes); empty when none.' })
  overlapsWith: string[];

  @Field(() => [StatsLevel], {
    description: 'The admin levels at which the stats queries (`respondentStats` ...) group this round, each with its `groupBy` dimension. Points carry no admin-2 area, so there is no admin-2 level.',
  })
  statsLevels: StatsLevel[];
}

@ObjectType({ description: 'A place (country, admin-1 area or survey point) and the rounds that cover it.' })
export class CoveragePlace {
  @Field(() => CoverageLevel, { description: 'Country, admin-1 area or survey point.' })
  level: CoverageLevel;

  @Field({ description: 'ISO3 code of a country, p-code of an admin-1 area, or the admin-1 p-code of a survey point.' })
  pcode: string;

  @Field(() => String, { nullable: true, description: 'Code of a survey point, e.g. `cebaf_tumbes`; null for countries and areas.' })
  surveyPointCode: string | null;

  @Field({ description: 'Name of the place (a survey point: the name its latest round gave it).' })
  name: string;

  @Field({ description: 'ISO3 code of the country the place is in.' })
  country: string;

  @Field(() => [String], { description: 'The operations with a round covering the place (ISO3 codes), sorted.' })
  operations: string[];

  @Field({ description: 'True when rounds of more than one operation cover the place: their figures must not be summed.' })
  overlappingOperations: boolean;

  @Field(() => [RoundCoverage], { description: 'The rounds that cover the place, by operation and number.' })
  rounds: RoundCoverage[];
}
