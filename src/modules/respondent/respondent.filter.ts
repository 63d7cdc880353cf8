import { Field, InputType, Int } from 'type-graphql';
import { IsOptional, Min } from 'class-validator';
import { IsCountryCode } from '../../common/country-code';
import { addQuestionFilters, questionWhere } from '../../common/question-filters';
import { WhereBuilder } from '../../common/where-builder';
import type { QuestionFilters } from '../../questionnaire/names';
import { Direction } from '../survey-point/survey-point.enums';

@InputType({ description: 'Which respondents count. All given fields must match (AND); omitted fields do not filter.' })
export class RespondentFilter {
  @Field({ nullable: true, description: 'ISO3 code of the country of the operation, e.g. `PER`.' })
  @IsCountryCode()
  country?: string;

  @Field(() => Int, { nullable: true, description: 'Round number.' })
  @IsOptional()
  @Min(1, { message: 'round must be 1 or more (got $value)' })
  round?: number;

  @Field({ nullable: true, description: 'Survey point code, e.g. `cebaf_tumbes`.' })
  surveyPoint?: string;

  @Field(() => Direction, { nullable: true, description: 'Direction of the flow at the survey point.' })
  direction?: Direction;
}

/** Adds the clauses of a respondent filter on the respondent table aliased `r`. */
export function respondentWhere(where: WhereBuilder, f: RespondentFilter | null | undefined, r = 'r'): WhereBuilder {
  if (!f) return where;
  where.round(`${r}.round_id`, f.country, f.round);
  if (f.surveyPoint) {
    where.add(`${r}.survey_point_id IN (SELECT id FROM survey_point WHERE code = ${where.bind(f.surveyPoint.toLowerCase())})`);
  }
  if (f.direction) {
    where.add(`${r}.survey_point_id IN (SELECT id FROM survey_point WHERE direction = ${where.bind(f.direction)})`);
  }
  return questionWhere(where, f, 'respondents', r);
}

/** The questions' fields (sex, ageMin, nationality, ...), typed and added from the questionnaire. */
export interface RespondentFilter extends QuestionFilters<'respondents'> {}
addQuestionFilters(RespondentFilter, 'respondents');
