import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { addQuestionColumns } from '../../common/question-columns';
import type { QuestionColumns } from '../../questionnaire/columns';
import { Node } from '../node/node.interface';
import { globalId, LEGACY_ID_DEPRECATION } from '../node/node.ids';

@ObjectType({
  implements: Node,
  // Plain fields are read straight off the row (no type-graphql wrapper per field): pages hold
  // hundreds of these objects. Field resolvers and their @Authorized checks are unaffected.
  simpleResolvers: true,
  description:
    'The group travelling with a respondent and the members left in Venezuela (row-level data: needs a partner key).',
})
@Entity()
export class Household {
  // The GraphQL `id` is the tagged id below; the column keeps the untagged key every query and loader uses.
  @Field(() => ID, { name: 'legacyId', simple: false, deprecationReason: LEGACY_ID_DEPRECATION, description: 'The id before type-tagged ids, e.g. `PER-4:h4-00001`.' })
  @PrimaryColumn({ type: 'varchar', length: 120 })
  id: string;

  // A getter, not a field resolver. `simple: false`: graphql-js's own default resolver would read the
  // `id` column, as it reads the property named like the field; type-graphql's reads this getter.
  @Field(() => ID, { name: 'id', simple: false, description: 'Stable identifier, unique across every type that implements Node: `Household:`, the round id and the bundle id, e.g. `Household:PER-4:h4-00001`.' })
  get nodeId(): string {
    return globalId('Household', this.id);
  }

  @Index()
  @Column({ type: 'varchar', length: 20 })
  roundId: string;

  @Field({ description: 'Identifier of the household in the imported bundle (`household_id`).' })
  @Column({ type: 'varchar', length: 80 })
  code: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 120 })
  respondentId: string;
}

/** The answers (travellingSize, ...): columns, fields and types from the questionnaire's household questions. */
export interface Household extends QuestionColumns<'households'> {}
addQuestionColumns(Household, 'households');
