import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../accounts/entities/user.entity';
import { Listing } from '../../listings/entities/listing.entity';
import { Deal } from './deal.entity';

export type ObjectionStatus = 'OPEN' | 'UPHELD' | 'REJECTED';

/**
 * An objection (异议), raised by any signed-in user and resolved by a clerk: to a deal in publicity (成交公示异议,
 * `dealId`) or to a listing in its announcement (`listingId`, a title dispute, say). Exactly one subject.
 */
@Entity('deal_objections')
@Index('ix_deal_objections_deal', ['dealId', 'status'])
@Index('uq_deal_objections_open_per_user', ['dealId', 'raisedBy'], { unique: true, where: `"status" = 'OPEN'` })
@Index('uq_listing_objections_open_per_user', ['listingId', 'raisedBy'], {
  unique: true,
  where: `"status" = 'OPEN'`,
})
@Check('ck_deal_objections_status', `"status" IN ('OPEN', 'UPHELD', 'REJECTED')`)
@Check('ck_deal_objections_subject', `("deal_id" IS NULL) <> ("listing_id" IS NULL)`)
export class Objection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  dealId: string | null;

  @ManyToOne(() => Deal)
  @JoinColumn({ name: 'deal_id', foreignKeyConstraintName: 'fk_deal_objections_deal' })
  deal?: Deal;

  @Column({ type: 'uuid', nullable: true })
  listingId: string | null;

  @ManyToOne(() => Listing)
  @JoinColumn({ name: 'listing_id', foreignKeyConstraintName: 'fk_deal_objections_listing' })
  listing?: Listing;

  @Column({ type: 'uuid' })
  raisedBy: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'raised_by', foreignKeyConstraintName: 'fk_deal_objections_raised_by' })
  raiser?: User;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'varchar', length: 16 })
  status: ObjectionStatus;

  @Column({ type: 'uuid', nullable: true })
  resolvedBy: string | null;

  @Column({ type: 'text', nullable: true })
  resolutionComment: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
