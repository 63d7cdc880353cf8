import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { ChoiceQuestion } from './respondent.enums';

/** One selected option of a multi-select question (transit countries, violence types). */
@Entity()
@Index(['question', 'code'])
export class RespondentChoice {
  @PrimaryColumn({ type: 'varchar', length: 120 })
  respondentId: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  question: ChoiceQuestion;

  @PrimaryColumn({ type: 'varchar', length: 30 })
  code: string;

  @Column({ type: 'varchar', length: 20 })
  roundId: string;
}
