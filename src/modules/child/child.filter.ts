import { Field, InputType, Int } from 'type-graphql';
import { IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { IsCountryCode } from '../../common/country-code';
import { addQuestionFilters, questionWhere } from '../../common/question-filters';
import { WhereBuilder } from '../../common/where-builder';
import type { QuestionFilters } from '../../questionnaire/names';
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
  questionWhere(where, f, 'children', c, r);
  return respondentWhere(where, f.respondent, r);
}

/** The questions' fields (sex, ageMin, nationality, ...), typed and added from the questionnaire. */
export interface ChildFilter extends QuestionFilters<'children'> {}
addQuestionFilters(ChildFilter, 'children');
