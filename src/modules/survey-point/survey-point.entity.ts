import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Direction, SurveyPointKind } from './survey-point.enums';
import { Node } from '../node/node.interface';
import { globalId, LEGACY_ID_DEPRECATION } from '../node/node.ids';

@Directive('@key(fields: "id")')
@ObjectType({ implements: Node, description: 'A place where a round interviewed people (a border post, a flow point in a city).' })
@Entity()
@Index(['roundId', 'code'], { unique: true })
export class SurveyPoint {
  // The GraphQL `id` is the tagged id below; the column keeps the untagged key every query and loader uses.
  @Field(() => ID, { name: 'legacyId', deprecationReason: LEGACY_ID_DEPRECATION, description: 'The id before type-tagged ids, e.g. `PER-4:cebaf_tumbes`.' })
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id: string;

  // A getter, not a field resolver: type-graphql's default resolver reads it by its property name.
  @Field(() => ID, { name: 'id', description: 'Stable identifier, unique across every type that implements Node: `SurveyPoint:`, the round id and the point code, e.g. `SurveyPoint:PER-4:cebaf_tumbes`.' })
  get nodeId(): string {
    return globalId('SurveyPoint', this.id);
  }

  @Column({ type: 'varchar', length: 20 })
  roundId: string;

  @Field({ description: 'Code of the point within its round, lower case, e.g. `cebaf_tumbes`.' })
  @Column({ type: 'varchar', length: 60 })
  code: string;

  @Field({ description: 'Name of the point.' })
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field(() => SurveyPointKind, { description: 'What kind of place it is.' })
  @Column({ type: 'varchar', length: 30 })
  kind: SurveyPointKind;

  @Field(() => Direction, { description: 'Direction of the flow observed there.' })
  @Column({ type: 'varchar', length: 10 })
  direction: Direction;

  @Field({ description: 'OCHA COD-AB p-code of the admin-1 area of the point, e.g. `PE24` (Tumbes).' })
  @Column({ type: 'varchar', length: 20 })
  admin1Pcode: string;

  @Field(() => String, { nullable: true, description: 'ISO3 code of the neighbouring country at a border point; null elsewhere.' })
  @Column({ type: 'varchar', length: 3, nullable: true })
  borderWith: string | null;

  @Field(() => Int, { description: 'Number of respondents interviewed at this point in this round.' })
  @Column({ type: 'integer' })
  sampleSize: number;
}
