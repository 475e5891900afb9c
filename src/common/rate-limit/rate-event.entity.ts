import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One counted event of a client (a failed login per phone, per IP; a registration per IP), kept for the limit's
 * window and purged by housekeeping. Shared by every instance, so a limit holds across them.
 */
@Entity('rate_events')
@Index('ix_rate_events_subject', ['scope', 'subject', 'occurredAt'])
export class RateEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'pk_rate_events' })
  id: string;

  /** What is counted, e.g. `login.phone`, `register.ip`. */
  @Column({ type: 'varchar', length: 32 })
  scope: string;

  /** Whom it is counted for: a phone number, a client IP. */
  @Column({ type: 'varchar', length: 64 })
  subject: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;
}
