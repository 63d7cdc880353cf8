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
    'The group travelling with a respondent and the members left in Venezuela (row-level data: needs a partner key).',
})
@Entity()
export class Household {
  @Field(() => ID, { description: 'Stable identifier: round id and the bundle id, e.g. `PER-4:h4-00001`.' })
  @PrimaryColumn({ type: 'varchar', length: 120 })
  id: string;

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
