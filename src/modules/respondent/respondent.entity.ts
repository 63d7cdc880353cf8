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

@ObjectType({
  implements: Node,
  description:
    'An interviewed adult (row-level data: needs a partner key). Null fields are questions not answered or not asked.',
})
@Entity()
@Index(['roundId', 'id'])
export class Respondent {
  @Field(() => ID, { description: 'Stable identifier: round id and the bundle id, e.g. `PER-4:r4-00001`.' })
  @PrimaryColumn({ type: 'varchar', length: 120 })
  id: string;

  @Column({ type: 'varchar', length: 20 })
  roundId: string;

  @Field({ description: 'Identifier of the respondent in the imported bundle (`respondent_id`).' })
  @Column({ type: 'varchar', length: 80 })
  code: string;

  @Index()
  @Column({ type: 'varchar', length: 100 })
  surveyPointId: string;

  @Field(() => GraphQLLocalDate, { description: 'Date of the interview.' })
  @Column({ type: 'date' })
  interviewDate: string;

  @Field(() => Sex, { description: 'Sex.' })
  @Column({ type: 'varchar', length: 10 })
  sex: Sex;

  @Field(() => Int, { description: 'Age in years (18-100).' })
  @Column({ type: 'integer' })
  age: number;

  @Field({ description: 'Nationality, ISO3 code.' })
  @Column({ type: 'varchar', length: 3 })
  nationality: string;

  @Field(() => MaritalStatus, { nullable: true, description: 'Marital status.' })
  @Column({ type: 'varchar', length: 20, nullable: true })
  maritalStatus: MaritalStatus | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  originStatePcode: string | null;

  @Field(() => EducationLevel, { nullable: true, description: 'Highest level of education completed.' })
  @Column({ type: 'varchar', length: 20, nullable: true })
  educationLevel: EducationLevel | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the respondent had work before leaving Venezuela.' })
  @Column({ type: 'boolean', nullable: true })
  employedBeforeLeaving: boolean | null;

  @Field(() => ReasonForLeaving, { nullable: true, description: 'Main reason for leaving Venezuela.' })
  @Column({ type: 'varchar', length: 30, nullable: true })
  reasonForLeaving: ReasonForLeaving | null;

  @Field(() => Int, { nullable: true, description: 'Days travelled since leaving home (0-365).' })
  @Column({ type: 'integer', nullable: true })
  travelDays: number | null;

  @Field(() => Float, { nullable: true, description: 'Cost of the trip in US dollars (0-20000).' })
  @Column({ type: 'double precision', nullable: true })
  tripCostUsd: number | null;

  @Field(() => DocumentUsed, { nullable: true, description: 'Document used to cross the border.' })
  @Column({ type: 'varchar', length: 30, nullable: true })
  documentUsed: DocumentUsed | null;

  @Field(() => PtpStatus, { nullable: true, description: 'Situation regarding the Temporary Permit of Permanence (PTP).' })
  @Column({ type: 'varchar', length: 20, nullable: true })
  ptpStatus: PtpStatus | null;

  @Field(() => String, { nullable: true, description: 'Intended final destination, ISO3 code.' })
  @Column({ type: 'varchar', length: 3, nullable: true })
  destinationCountry: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  destinationRegionPcode: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Stayed more than 30 days in a city on the route.' })
  @Column({ name: 'stayed_over_30_days', type: 'boolean', nullable: true })
  stayedOver30Days: boolean | null;

  @Field(() => Float, { nullable: true, description: 'Months spent in Peru (0-120).' })
  @Column({ type: 'double precision', nullable: true })
  monthsInPeru: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Worked during the stay in Peru.' })
  @Column({ type: 'boolean', nullable: true })
  workedInPeru: boolean | null;

  @Field(() => Float, { nullable: true, description: 'Average monthly income in Peru in US dollars; only for those who worked.' })
  @Column({ type: 'double precision', nullable: true })
  monthlyIncomeUsd: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Felt discriminated against; only asked of those who stayed over 30 days in a city.',
  })
  @Column({ type: 'boolean', nullable: true })
  discriminated: boolean | null;

  @Field(() => DiscriminationReason, { nullable: true, description: 'Perceived reason of the discrimination.' })
  @Column({ type: 'varchar', length: 20, nullable: true })
  discriminationReason: DiscriminationReason | null;

  /** Record key of the cell-key method (docs/aggregation.md); never exposed, never selected by default. */
  @Column({ type: 'integer', select: false })
  recordKey: number;
}
