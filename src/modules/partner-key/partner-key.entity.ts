import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A partner key managed with `dtm-hub keys`. Only the SHA-256 hash of the key is stored: the key
 * itself is printed once, when it is created. Deliberately not a GraphQL type: nothing about keys
 * is readable through the API.
 */
@Entity()
export class PartnerKey {
  /** Public handle of the key (`key_` + 12 hex digits), for `keys list` and `keys revoke`. */
  @PrimaryColumn({ type: 'varchar', length: 20 })
  id: string;

  /** Who holds the key (a partner organisation or app); several keys may share a name during rotation. */
  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** Lower-case hex SHA-256 of the key: what a request's bearer key is looked up by. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  keyHash: string;

  // `Date` lets each driver pick its timestamp type (the migration makes it timestamptz on PostgreSQL).
  @Column({ type: Date })
  createdAt: Date;

  /** Last request made with the key, to the minute (written at most once a minute). */
  @Column({ type: Date, nullable: true })
  lastUsedAt: Date | null;

  /** When the key was revoked; a revoked key is refused from the next request on. */
  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;
}
