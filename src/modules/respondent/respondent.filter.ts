import { Field, InputType, Int } from 'type-graphql';
import { IsOptional, Max, Min } from 'class-validator';
import { IsCountryCode } from '../../common/country-code';
import { WhereBuilder } from '../../common/where-builder';
import { Direction } from '../survey-point/survey-point.enums';
import {
  ChoiceQuestion,
  DocumentUsed,
  EducationLevel,
  MaritalStatus,
  PtpStatus,
  ReasonForLeaving,
  Sex,
  ViolenceType,
} from './respondent.enums';

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

  @Field(() => Sex, { nullable: true, description: 'Sex.' })
  sex?: Sex;

  @Field(() => Int, { nullable: true, description: 'Minimum age in years (0-120), inclusive.' })
  @IsOptional()
  @Min(0, { message: 'ageMin must be between 0 and 120 (got $value)' })
  @Max(120, { message: 'ageMin must be between 0 and 120 (got $value)' })
  ageMin?: number;

  @Field(() => Int, { nullable: true, description: 'Maximum age in years (0-120), inclusive.' })
  @IsOptional()
  @Min(0, { message: 'ageMax must be between 0 and 120 (got $value)' })
  @Max(120, { message: 'ageMax must be between 0 and 120 (got $value)' })
  ageMax?: number;

  @Field({ nullable: true, description: 'Nationality, ISO3 code.' })
  @IsCountryCode()
  nationality?: string;

  @Field(() => MaritalStatus, { nullable: true, description: 'Marital status.' })
  maritalStatus?: MaritalStatus;

  @Field(() => EducationLevel, { nullable: true, description: 'Highest education level completed.' })
  educationLevel?: EducationLevel;

  @Field({ nullable: true, description: 'Venezuelan state of origin, admin-1 p-code (e.g. `VE20`).' })
  originState?: string;

  @Field(() => ReasonForLeaving, { nullable: true, description: 'Main reason for leaving.' })
  reasonForLeaving?: ReasonForLeaving;

  @Field(() => DocumentUsed, { nullable: true, description: 'Document used to cross the border.' })
  documentUsed?: DocumentUsed;

  @Field(() => PtpStatus, { nullable: true, description: 'PTP situation.' })
  ptpStatus?: PtpStatus;

  @Field({ nullable: true, description: 'Intended final destination, ISO3 code.' })
  @IsCountryCode()
  destinationCountry?: string;

  @Field({ nullable: true, description: 'Peruvian destination department, admin-1 p-code (e.g. `PE15`).' })
  destinationRegion?: string;

  @Field({ nullable: true, description: 'Transited this country (ISO3) on the way.' })
  @IsCountryCode()
  transitCountry?: string;

  @Field(() => ViolenceType, { nullable: true, description: 'Suffered this type of violence on the route.' })
  violenceType?: ViolenceType;

  @Field({ nullable: true, description: 'Had work before leaving Venezuela.' })
  employedBeforeLeaving?: boolean;

  @Field({ nullable: true, description: 'Stayed over 30 days in a city on the route.' })
  stayedOver30Days?: boolean;

  @Field({ nullable: true, description: 'Worked during the stay in Peru.' })
  workedInPeru?: boolean;

  @Field({ nullable: true, description: 'Felt discriminated against.' })
  discriminated?: boolean;
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
  where.range(`${r}.age`, f.ageMin, f.ageMax, ['ageMin', 'ageMax']);
  where
    .eq(`${r}.sex`, f.sex)
    .eq(`${r}.nationality`, f.nationality?.toUpperCase())
    .eq(`${r}.marital_status`, f.maritalStatus)
    .eq(`${r}.education_level`, f.educationLevel)
    .eq(`${r}.origin_state_pcode`, f.originState?.toUpperCase())
    .eq(`${r}.reason_for_leaving`, f.reasonForLeaving)
    .eq(`${r}.document_used`, f.documentUsed)
    .eq(`${r}.ptp_status`, f.ptpStatus)
    .eq(`${r}.destination_country`, f.destinationCountry?.toUpperCase())
    .eq(`${r}.destination_region_pcode`, f.destinationRegion?.toUpperCase())
    .eq(`${r}.employed_before_leaving`, f.employedBeforeLeaving)
    .eq(`${r}.stayed_over_30_days`, f.stayedOver30Days)
    .eq(`${r}.worked_in_peru`, f.workedInPeru)
    .eq(`${r}.discriminated`, f.discriminated);
  const choice = (question: ChoiceQuestion, code: string | undefined) => {
    if (!code) return;
    where.add(
      `EXISTS (SELECT 1 FROM respondent_choice rc WHERE rc.respondent_id = ${r}.id AND rc.question = ${where.bind(question)} AND rc.code = ${where.bind(code)})`,
    );
  };
  choice(ChoiceQuestion.TRANSIT_COUNTRY, f.transitCountry?.toUpperCase());
  choice(ChoiceQuestion.VIOLENCE_TYPE, f.violenceType);
  return where;
}
