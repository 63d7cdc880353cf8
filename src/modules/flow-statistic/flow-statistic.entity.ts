import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { GraphQLLocalDate } from 'graphql-scalars';
import { FlowIndicator, Publisher } from './flow-statistic.enums';

@ObjectType({ description: 'A figure of an official series (SNM migratory balance, PTP permits, R4V estimates, ...).' })
@Entity()
@Index(['indicator', 'country'])
export class FlowStatistic {
  @Field(() => ID, { description: 'Identifier of the figure.' })
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => Publisher, { description: 'Organisation that produced the figure.' })
  @Column({ type: 'varchar', length: 20 })
  publisher: Publisher;

  @Field(() => FlowIndicator, { description: 'What the figure counts.' })
  @Column({ type: 'varchar', length: 40 })
  indicator: FlowIndicator;

  @Field({ description: 'ISO3 code of the country the figure refers to (VEN for Venezuelans abroad).' })
  @Column({ type: 'varchar', length: 3 })
  country: string;

  @Field(() => String, { nullable: true, description: 'OCHA COD-AB admin-1 p-code, when the figure is for one area.' })
  @Column({ type: 'varchar', length: 20, nullable: true })
  admin1Pcode: string | null;

  @Field(() => String, { nullable: true, description: 'Border point the figure is for (e.g. `CEBAF Tumbes`), if any.' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  borderPoint: string | null;

  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description: 'First day of the reference period; null for stocks and where the source does not state it.',
  })
  @Column({ type: 'date', nullable: true })
  referencePeriodStart: string | null;

  @Field(() => GraphQLLocalDate, { description: 'Last day of the reference period (for a stock, its date).' })
  @Column({ type: 'date' })
  referencePeriodEnd: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date on which the publisher stated the figure.' })
  @Column({ type: 'date', nullable: true })
  asOf: string | null;

  @Field(() => Float, { description: 'The value.' })
  @Column({ type: 'double precision' })
  value: number;

  @Field({ description: 'Unit of the value (persons, entries, permits, ...).' })
  @Column({ type: 'varchar', length: 40 })
  unit: string;

  @Field(() => String, { nullable: true, description: 'Where the figure was read (report, press release).' })
  @Column({ type: 'varchar', length: 300, nullable: true })
  source: string | null;

  @Field(() => String, { nullable: true, description: 'URL of the source.' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  sourceUrl: string | null;

  @Field(() => String, { nullable: true, description: 'How the figure should be read (approximations, bases).' })
  @Column({ type: 'text', nullable: true })
  note: string | null;
}
