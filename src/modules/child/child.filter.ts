import { Field, InputType, Int } from 'type-graphql';
import { IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { IsCountryCode } from '../../common/country-code';
import { WhereBuilder } from '../../common/where-builder';
import { Sex } from '../respondent/respondent.enums';
import { RespondentFilter, respondentWhere } from '../respondent/respondent.filter';
import { Caregiver, ChildStatus, SchoolLevel } from './child.enums';

@InputType({ description: 'Which children count. All given fields must match (AND).' })
export class ChildFilter {
  @Field({ nullable: true, description: 'ISO3 code of the country of the operation, e.g. `PER`.' })
  @IsCountryCode()
  country?: string;

  @Field(() => Int, { nullable: true, description: 'Round number.' })
  @IsOptional()
  @Min(1, { message: 'round must be 1 or more (got $value)' })
  round?: number;

  @Field({ nullable: true, description: 'Survey point code of the respondent, e.g. `cebaf_tumbes`.' })
  surveyPoint?: string;

  @Field(() => ChildStatus, { nullable: true, description: 'Travelling or left in Venezuela.' })
  status?: ChildStatus;

  @Field(() => Sex, { nullable: true, description: 'Sex of the child.' })
  sex?: Sex;

  @Field(() => Int, { nullable: true, description: 'Minimum age in years (0-17), inclusive.' })
  @IsOptional()
  @Min(0, { message: 'ageMin must be between 0 and 17 (got $value)' })
  @Max(17, { message: 'ageMin must be between 0 and 17 (got $value)' })
  ageMin?: number;

  @Field(() => Int, { nullable: true, description: 'Maximum age in years (0-17), inclusive.' })
  @IsOptional()
  @Min(0, { message: 'ageMax must be between 0 and 17 (got $value)' })
  @Max(17, { message: 'ageMax must be between 0 and 17 (got $value)' })
  ageMax?: number;

  @Field(() => SchoolLevel, { nullable: true, description: 'Last school level attended in Venezuela.' })
  schoolLevel?: SchoolLevel;

  @Field({ nullable: true, description: 'Attending school now.' })
  attendingSchool?: boolean;

  @Field({ nullable: true, description: 'Strong emotional changes observed.' })
  emotionalChanges?: boolean;

  @Field(() => Caregiver, { nullable: true, description: 'Caregiver of a child left in Venezuela.' })
  caregiver?: Caregiver;

  @Field(() => RespondentFilter, { nullable: true, description: 'Only children of respondents matching this filter.' })
  @ValidateNested()
  respondent?: RespondentFilter;
}

/** Adds the clauses of a child filter on `child c JOIN household h JOIN respondent r`. */
export function childWhere(where: WhereBuilder, f: ChildFilter | null | undefined, c = 'c', r = 'r'): WhereBuilder {
  if (!f) return where;
  where.round(`${c}.round_id`, f.country, f.round);
  if (f.surveyPoint) {
    where.add(`${r}.survey_point_id IN (SELECT id FROM survey_point WHERE code = ${where.bind(f.surveyPoint.toLowerCase())})`);
  }
  where.range(`${c}.age`, f.ageMin, f.ageMax, ['ageMin', 'ageMax']);
  where
    .eq(`${c}.status`, f.status)
    .eq(`${c}.sex`, f.sex)
    .eq(`${c}.school_level`, f.schoolLevel)
    .eq(`${c}.attending_school`, f.attendingSchool)
    .eq(`${c}.emotional_changes`, f.emotionalChanges)
    .eq(`${c}.caregiver`, f.caregiver);
  return respondentWhere(where, f.respondent, r);
}
