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

  /** Record key of the cell-key method (docs/aggregation.md); never exposed, never selected by default. */
  @Column({ type: 'integer', select: false })
  recordKey: number;
}

/** The answers (sex, age, maritalStatus, ...): columns, fields and types from the questionnaire's respondent questions. */
export interface Respondent extends QuestionColumns<'respondents'> {}
addQuestionColumns(Respondent, 'respondents');
