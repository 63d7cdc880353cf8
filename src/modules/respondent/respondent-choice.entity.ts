import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One selected option of a multi-select question (transit countries, violence types, main needs). */
@Entity()
@Index(['question', 'code'])
export class RespondentChoice {
  @PrimaryColumn({ type: 'varchar', length: 120 })
  respondentId: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  /** The question's `choice` code in the questionnaire, e.g. `transit_country`. */
  question: string;

  @PrimaryColumn({ type: 'varchar', length: 30 })
  code: string;

  @Column({ type: 'varchar', length: 20 })
  roundId: string;
}
