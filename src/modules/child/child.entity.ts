import { fieldDescription } from '../../questionnaire/registry';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Sex } from '../respondent/respondent.enums';
import { Caregiver, ChildStatus, SchoolLevel } from './child.enums';
import { Node } from '../node/node.interface';
import { globalId, LEGACY_ID_DEPRECATION } from '../node/node.ids';

@ObjectType({
  implements: Node,
  // Plain fields are read straight off the row (no type-graphql wrapper per field): pages hold
  // hundreds of these objects. Field resolvers and their @Authorized checks are unaffected.
  simpleResolvers: true,
  description:
    'A child under 18 of a respondent household, travelling or left in Venezuela (row-level data: needs a partner key).',
})
@Entity()
export class Child {
  // The GraphQL `id` is the tagged id below; the column keeps the untagged key every query and loader uses.
  @Field(() => ID, { name: 'legacyId', simple: false, deprecationReason: LEGACY_ID_DEPRECATION, description: 'The id before type-tagged ids, e.g. `PER-4:c4-00001`.' })
  @PrimaryColumn({ type: 'varchar', length: 120 })
  id: string;

  // A getter, not a field resolver. `simple: false`: graphql-js's own default resolver would read the
  // `id` column, as it reads the property named like the field; type-graphql's reads this getter.
  @Field(() => ID, { name: 'id', simple: false, description: 'Stable identifier, unique across every type that implements Node: `Child:`, the round id and the bundle id, e.g. `Child:PER-4:c4-00001`.' })
  get nodeId(): string {
    return globalId('Child', this.id);
  }

  @Index()
  @Column({ type: 'varchar', length: 20 })
  roundId: string;

  @Field({ description: 'Identifier of the child in the imported bundle (`child_id`).' })
  @Column({ type: 'varchar', length: 80 })
  code: string;

  @Index()
  @Column({ type: 'varchar', length: 120 })
  householdId: string;

  @Field(() => ChildStatus, { description: fieldDescription('children', 'status') })
  @Column({ type: 'varchar', length: 20 })
  status: ChildStatus;

  @Field(() => Sex, { description: fieldDescription('children', 'sex') })
  @Column({ type: 'varchar', length: 10 })
  sex: Sex;

  @Field(() => Int, { description: fieldDescription('children', 'age') })
  @Column({ type: 'integer' })
  age: number;

  @Field(() => SchoolLevel, { nullable: true, description: fieldDescription('children', 'school_level') })
  @Column({ type: 'varchar', length: 20, nullable: true })
  schoolLevel: SchoolLevel | null;

  @Field(() => Boolean, { nullable: true, description: fieldDescription('children', 'attending_school') })
  @Column({ type: 'boolean', nullable: true })
  attendingSchool: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: fieldDescription('children', 'emotional_changes'),
  })
  @Column({ type: 'boolean', nullable: true })
  emotionalChanges: boolean | null;

  @Field(() => Caregiver, { nullable: true, description: fieldDescription('children', 'caregiver') })
  @Column({ type: 'varchar', length: 20, nullable: true })
  caregiver: Caregiver | null;

  /** Record key of the cell-key method (docs/aggregation.md); never exposed, never selected by default. */
  @Column({ type: 'integer', select: false })
  recordKey: number;
}
