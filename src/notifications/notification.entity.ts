import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../accounts/entities/user.entity';

export const NOTIFICATION_KINDS = [
  'LISTING_RETURNED',
  'DEPOSIT_RECORDED',
  'AUCTION_WON',
  'SIGN_BY',
  'INSTALMENT_REMINDER',
  'INSTALMENT_OVERDUE',
  'FILING_ACKNOWLEDGED',
  'MORTGAGE_REGISTERED',
  'MORTGAGE_REFUSED',
  'LISTING_SUSPENDED',
  'LISTING_RESUMED',
  'LISTING_TERMINATED',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * A message in a user's in-app inbox (`GET /me/notifications`). SMS or WeChat can later be sent from the same
 * place. `dedupeKey` makes a message that several instances or passes might send go out once.
 */
@Entity('notifications')
@Index('ix_notifications_user', ['userId', 'createdAt'])
@Index('uq_notifications_dedupe', ['dedupeKey'], { unique: true, where: '"dedupe_key" IS NOT NULL' })
export class Notification {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_notifications' })
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notifications_user' })
  user?: User;

  @Column({ type: 'varchar', length: 32 })
  kind: NotificationKind;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'uuid', nullable: true })
  listingId: string | null;

  @Column({ type: 'uuid', nullable: true })
  dealId: string | null;

  @Column({ type: 'uuid', nullable: true })
  contractId: string | null;

  @Column({ type: 'varchar', length: 160, nullable: true })
  dedupeKey: string | null;

  /** On the platform clock. */
  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
