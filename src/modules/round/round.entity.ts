import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { GraphQLLocalDate } from 'graphql-scalars';
import { DataKind } from './round.enums';
import { Node } from '../node/node.interface';
import { globalId, LEGACY_ID_DEPRECATION } from '../node/node.ids';

@Directive('@key(fields: "id")')
@Directive('@key(fields: "country number")')
@ObjectType({ implements: Node, description: 'One round of DTM flow monitoring in one country: a survey period with its survey points and interviews.' })
@Entity()
export class Round {
  // The GraphQL `id` is the tagged id below; the column keeps the untagged key every query and loader uses.
  @Field(() => ID, { name: 'legacyId', deprecationReason: LEGACY_ID_DEPRECATION, description: 'The id before type-tagged ids, e.g. `PER-4`.' })
  @PrimaryColumn({ type: 'varchar', length: 20 })
  id: string;

  // A getter, not a field resolver: type-graphql's default resolver reads it by its property name.
  @Field(() => ID, { name: 'id', description: 'Stable identifier, unique across every type that implements Node: `Round:`, the country ISO3 and the round number, e.g. `Round:PER-4`.' })
  get nodeId(): string {
    return globalId('Round', this.id);
  }

  @Field({ description: 'ISO 3166-1 alpha-3 code of the country of the operation, e.g. `PER`.' })
  @Column({ type: 'varchar', length: 3 })
  country: string;

  @Field(() => Int, { description: 'Round number within the country operation (1, 2, ...).' })
  @Column({ type: 'integer' })
  number: number;

  @Field({ description: 'Title of the round.' })
  @Column({ type: 'varchar', length: 300 })
  name: string;

  @Field(() => GraphQLLocalDate, { description: 'First day of fieldwork.' })
  @Column({ type: 'date' })
  fieldworkStart: string;

  @Field(() => GraphQLLocalDate, { description: 'Last day of fieldwork.' })
  @Column({ type: 'date' })
  fieldworkEnd: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Publication date of the round report, when known.' })
  @Column({ type: 'date', nullable: true })
  publishedOn: string | null;

  @Field(() => Int, { description: 'Number of adults interviewed (respondent rows loaded for this round).' })
  @Column({ type: 'integer' })
  sampleSize: number;

  @Field(() => DataKind, { description: 'Whether the rows are real interviews or synthetic, calibrated rows.' })
  @Column({ type: 'varchar', length: 30 })
  dataKind: DataKind;

  @Field(() => String, { nullable: true, description: 'Caveat every client must show with data of this round.' })
  @Column({ type: 'text', nullable: true })
  caveat: string | null;

  @Field(() => String, { nullable: true, description: 'URL of the round report or dataset.' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  sourceUrl: string | null;
}

export function roundId(country: string, number: number): string {
  return `${country.toUpperCase()}-${number}`;
}
