import { Field, InputType, Int } from 'type-graphql';
import { IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { IsCountryCode } from '../../common/country-code';
import { WhereBuilder } from '../../common/where-builder';
import { RespondentFilter, respondentWhere } from '../respondent/respondent.filter';

@InputType({ description: 'Which households count. All given fields must match (AND).' })
export class HouseholdFilter {
  @Field({ nullable: true, description: 'ISO3 code of the country of the operation, e.g. `PER`.' })
  @IsCountryCode()
  country?: string;

  @Field(() => Int, { nullable: true, description: 'Round number.' })
  @IsOptional()
  @Min(1, { message: 'round must be 1 or more (got $value)' })
  round?: number;

  @Field({ nullable: true, description: 'Survey point code of the respondent, e.g. `cebaf_tumbes`.' })
  surveyPoint?: string;

  @Field(() => Int, { nullable: true, description: 'Minimum travelling group size (1-50), inclusive.' })
  @IsOptional()
  @Min(1, { message: 'travellingSizeMin must be between 1 and 50 (got $value)' })
  @Max(50, { message: 'travellingSizeMin must be between 1 and 50 (got $value)' })
  travellingSizeMin?: number;

  @Field(() => Int, { nullable: true, description: 'Maximum travelling group size (1-50), inclusive.' })
  @IsOptional()
  @Min(1, { message: 'travellingSizeMax must be between 1 and 50 (got $value)' })
  @Max(50, { message: 'travellingSizeMax must be between 1 and 50 (got $value)' })
  travellingSizeMax?: number;

  @Field({ nullable: true, description: 'Travels with at least one child (true) or with none (false).' })
  withTravellingChildren?: boolean;

  @Field({ nullable: true, description: 'Left at least one child in Venezuela (true) or none (false).' })
  withChildrenInVenezuela?: boolean;

  @Field(() => RespondentFilter, { nullable: true, description: 'Only households of respondents matching this filter.' })
  @ValidateNested()
  respondent?: RespondentFilter;
}

/** Adds the clauses of a household filter on `household h JOIN respondent r`. */
export function householdWhere(where: WhereBuilder, f: HouseholdFilter | null | undefined, h = 'h', r = 'r'): WhereBuilder {
  if (!f) return where;
  where.round(`${h}.round_id`, f.country, f.round);
  if (f.surveyPoint) {
    where.add(`${r}.survey_point_id IN (SELECT id FROM survey_point WHERE code = ${where.bind(f.surveyPoint.toLowerCase())})`);
  }
  where.range(`${h}.travelling_size`, f.travellingSizeMin, f.travellingSizeMax, ['travellingSizeMin', 'travellingSizeMax']);
  if (f.withTravellingChildren !== undefined && f.withTravellingChildren !== null) {
    where.add(f.withTravellingChildren ? `${h}.travelling_children > 0` : `${h}.travelling_children = 0`);
  }
  if (f.withChildrenInVenezuela !== undefined && f.withChildrenInVenezuela !== null) {
    where.add(f.withChildrenInVenezuela ? `${h}.children_in_venezuela > 0` : `${h}.children_in_venezuela = 0`);
  }
  return respondentWhere(where, f.respondent, r);
}
