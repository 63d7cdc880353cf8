import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { addQuestionColumns } from '../../common/question-columns';
import type { QuestionColumns } from '../../questionnaire/columns';
import { Node } from '../node/node.interface';

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

  /** Record key of the cell-key method (docs/aggregation.md); never exposed, never selected by default. */
  @Column({ type: 'integer', select: false })
  recordKey: number;
}

/** The answers (sex, age, maritalStatus, ...): columns, fields and types from the questionnaire's respondent questions. */
export interface Respondent extends QuestionColumns<'respondents'> {}
addQuestionColumns(Respondent, 'respondents');
