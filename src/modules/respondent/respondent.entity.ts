import { fieldDescription } from '../../questionnaire/registry';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { GraphQLLocalDate } from 'graphql-scalars';
import {
  DiscriminationReason,
  DocumentUsed,
  EducationLevel,
  MaritalStatus,
  PtpStatus,
  ReasonForLeaving,
  Sex,
} from './respondent.enums';
import { Node } from '../node/node.interface';
import { globalId, LEGACY_ID_DEPRECATION } from '../node/node.ids';

@ObjectType({
  implements: Node,
  // Plain fields are read straight off the row (no type-graphql wrapper per field): pages hold
  // hundreds of these objects. Field resolvers and their @Authorized checks are unaffected.
  simpleResolvers: true,
  description:
    'An interviewed adult (row-level data: needs a partner key). Null fields are questions not answered or not asked.',
})
@Entity()
@Index(['roundId', 'id'])
export class Respondent {
  // The GraphQL `id` is the tagged id below; the column keeps the untagged key every query and loader uses.
  @Field(() => ID, { name: 'legacyId', simple: false, deprecationReason: LEGACY_ID_DEPRECATION, description: 'The id before type-tagged ids, e.g. `PER-4:r4-00001`.' })
  @PrimaryColumn({ type: 'varchar', length: 120 })
  id: string;

  // A getter, not a field resolver. `simple: false`: graphql-js's own default resolver would read the
  // `id` column, as it reads the property named like the field; type-graphql's reads this getter.
  @Field(() => ID, { name: 'id', simple: false, description: 'Stable identifier, unique across every type that implements Node: `Respondent:`, the round id and the bundle id, e.g. `Respondent:PER-4:r4-00001`.' })
  get nodeId(): string {
    return globalId('Respondent', this.id);
  }

  @Column({ type: 'varchar', length: 20 })
  roundId: string;

  @Field({ description: 'Identifier of the respondent in the imported bundle (`respondent_id`).' })
  @Column({ type: 'varchar', length: 80 })
  code: string;

  @Index()
  @Column({ type: 'varchar', length: 100 })
  surveyPointId: string;

  @Field(() => GraphQLLocalDate, { description: fieldDescription('respondents', 'interview_date') })
  @Column({ type: 'date' })
  interviewDate: string;

  @Field(() => Sex, { description: fieldDescription('respondents', 'sex') })
  @Column({ type: 'varchar', length: 10 })
  sex: Sex;

  @Field(() => Int, { description: fieldDescription('respondents', 'age') })
  @Column({ type: 'integer' })
  age: number;

  @Field({ description: fieldDescription('respondents', 'nationality') })
  @Column({ type: 'varchar', length: 3 })
  nationality: string;

  @Field(() => MaritalStatus, { nullable: true, description: fieldDescription('respondents', 'marital_status') })
  @Column({ type: 'varchar', length: 20, nullable: true })
  maritalStatus: MaritalStatus | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  originStatePcode: string | null;

  @Field(() => EducationLevel, { nullable: true, description: fieldDescription('respondents', 'education_level') })
  @Column({ type: 'varchar', length: 20, nullable: true })
  educationLevel: EducationLevel | null;

  @Field(() => Boolean, { nullable: true, description: fieldDescription('respondents', 'employed_before_leaving') })
  @Column({ type: 'boolean', nullable: true })
  employedBeforeLeaving: boolean | null;

  @Field(() => ReasonForLeaving, { nullable: true, description: fieldDescription('respondents', 'reason_for_leaving') })
  @Column({ type: 'varchar', length: 30, nullable: true })
  reasonForLeaving: ReasonForLeaving | null;

  @Field(() => Int, { nullable: true, description: fieldDescription('respondents', 'travel_days') })
  @Column({ type: 'integer', nullable: true })
  travelDays: number | null;

  @Field(() => Float, { nullable: true, description: fieldDescription('respondents', 'trip_cost_usd') })
  @Column({ type: 'double precision', nullable: true })
  tripCostUsd: number | null;

  @Field(() => DocumentUsed, { nullable: true, description: fieldDescription('respondents', 'document_used') })
  @Column({ type: 'varchar', length: 30, nullable: true })
  documentUsed: DocumentUsed | null;

  @Field(() => PtpStatus, { nullable: true, description: fieldDescription('respondents', 'ptp_status') })
  @Column({ type: 'varchar', length: 20, nullable: true })
  ptpStatus: PtpStatus | null;

  @Field(() => String, { nullable: true, description: fieldDescription('respondents', 'destination_country') })
  @Column({ type: 'varchar', length: 3, nullable: true })
  destinationCountry: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  destinationRegionPcode: string | null;

  @Field(() => Boolean, { nullable: true, description: fieldDescription('respondents', 'stayed_over_30_days') })
  @Column({ name: 'stayed_over_30_days', type: 'boolean', nullable: true })
  stayedOver30Days: boolean | null;

  @Field(() => Float, { nullable: true, description: fieldDescription('respondents', 'months_in_country') })
  @Column({ type: 'double precision', nullable: true })
  monthsInCountry: number | null;

  @Field(() => Boolean, { nullable: true, description: fieldDescription('respondents', 'worked_in_country') })
  @Column({ type: 'boolean', nullable: true })
  workedInCountry: boolean | null;

  @Field(() => Float, { nullable: true, description: fieldDescription('respondents', 'monthly_income_usd') })
  @Column({ type: 'double precision', nullable: true })
  monthlyIncomeUsd: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: fieldDescription('respondents', 'discriminated'),
  })
  @Column({ type: 'boolean', nullable: true })
  discriminated: boolean | null;

  @Field(() => DiscriminationReason, { nullable: true, description: fieldDescription('respondents', 'discrimination_reason') })
  @Column({ type: 'varchar', length: 20, nullable: true })
  discriminationReason: DiscriminationReason | null;

  /** Record key of the cell-key method (docs/aggregation.md); never exposed, never selected by default. */
  @Column({ type: 'integer', select: false })
  recordKey: number;
}
