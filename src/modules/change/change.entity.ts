import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ChangeKind } from '../../db/change-log';

/**
 * A row of the change log (`db/change-log.ts` writes it inside the transaction of the change).
 * The API shows it as `Change` (change.types.ts), whose id is a string.
 */
@Entity('change_log')
@Index(['roundId', 'changedAt'])
@Index(['dataset', 'changedAt'])
export class ChangeLogEntry {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 30 })
  kind: ChangeKind;

  @Column({ type: 'varchar', length: 20, nullable: true })
  roundId: string | null;

  @Column({ type: 'varchar', length: 3, nullable: true })
  country: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  dataset: string | null;

  @Column({ type: 'integer' })
  dataVersion: number;

  /** ISO 8601 UTC text with milliseconds: it sorts as it reads on both engines. */
  @Column({ type: 'varchar', length: 24 })
  changedAt: string;
}
