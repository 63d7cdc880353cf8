import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Confidence } from './published-figure.enums';

@ObjectType({ description: 'A figure published in a DTM round report or in press about it, with its base and source.' })
@Entity()
@Index(['country', 'round'])
export class PublishedFigure {
  @Field(() => ID, { description: 'Identifier of the figure.' })
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'ISO3 code of the country of the operation.' })
  @Column({ type: 'varchar', length: 3 })
  country: string;

  @Field(() => Int, { description: 'Round the figure belongs to.' })
  @Column({ type: 'integer' })
  round: number;

  @Field({ description: 'What is measured, e.g. `respondent_sex_share`.' })
  @Column({ type: 'varchar', length: 80 })
  indicator: string;

  @Field({ description: 'Which part of the population or which category, e.g. `male`, `Tumbes`; empty for totals.' })
  @Column({ type: 'varchar', length: 200 })
  breakdown: string;

  @Field(() => Float, { nullable: true, description: 'The numeric value; null for text and date figures (see `valueText` and `valueDate`).' })
  @Column({ type: 'double precision', nullable: true })
  value: number | null;

  @Field({ description: 'Unit: percent, persons, USD, ...' })
  @Column({ type: 'varchar', length: 60 })
  unit: string;

  @Field(() => String, { nullable: true, description: 'What the figure is a share of (its base); for a text or date figure, its published text (also `valueText`).' })
  @Column({ type: 'text', nullable: true })
  baseNote: string | null;

  @Field(() => String, { nullable: true, description: 'Named source, when the URL is not enough.' })
  @Column({ type: 'varchar', length: 300, nullable: true })
  source: string | null;

  @Field(() => String, { nullable: true, description: 'URL of the source.' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  sourceUrl: string | null;

  @Field(() => Confidence, { description: 'How sure the figure is.' })
  @Column({ type: 'varchar', length: 20 })
  confidence: Confidence;
}
