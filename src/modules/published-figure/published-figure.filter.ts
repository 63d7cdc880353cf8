import { Field, InputType, Int } from 'type-graphql';
import { IsOptional, Min } from 'class-validator';
import { IsCountryCode } from '../../common/country-code';
import { Confidence } from './published-figure.enums';

@InputType({ description: 'Which published figures. All given fields must match (AND).' })
export class PublishedFigureFilter {
  @Field({ nullable: true, description: 'ISO3 code of the country of the operation, e.g. `PER`.' })
  @IsCountryCode()
  country?: string;

  @Field(() => Int, { nullable: true, description: 'Round number.' })
  @IsOptional()
  @Min(1, { message: 'round must be 1 or more (got $value)' })
  round?: number;

  @Field({ nullable: true, description: 'Indicator, e.g. `respondent_sex_share`.' })
  indicator?: string;

  @Field(() => Confidence, { nullable: true, description: 'Only figures of this confidence.' })
  confidence?: Confidence;
}
