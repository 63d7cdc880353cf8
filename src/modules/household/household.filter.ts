import { Field, InputType, Int } from 'type-graphql';
import { IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { IsCountryCode } from '../../common/country-code';
import { addQuestionFilters, questionWhere } from '../../common/question-filters';
import { WhereBuilder } from '../../common/where-builder';
import type { QuestionFilters } from '../../questionnaire/names';
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
  questionWhere(where, f, 'households', h, r);
  return respondentWhere(where, f.respondent, r);
}

/** The questions' fields (sex, ageMin, nationality, ...), typed and added from the questionnaire. */
export interface HouseholdFilter extends QuestionFilters<'households'> {}
addQuestionFilters(HouseholdFilter, 'households');
