import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../accounts/entities/user.entity';
import { bigintNumber } from '../../common/database/transformers';
import { Listing } from '../../listings/entities/listing.entity';

export type RegistrationStatus = 'PENDING' | 'QUALIFIED' | 'DISQUALIFIED' | 'DEPOSIT_PAID';

/** A buyer's registration to bid on a listing (意向受让登记), its qualification and deposit (保证金). */
@Entity('registrations')
@Index('uq_registrations_listing_buyer', ['listingId', 'buyerId'], { unique: true })
@Index('uq_registrations_listing_bidder_no', ['listingId', 'bidderNo'], { unique: true })
@Index('ix_registrations_buyer', ['buyerId', 'createdAt'])
@Check('ck_registrations_status', `"status" IN ('PENDING', 'QUALIFIED', 'DISQUALIFIED', 'DEPOSIT_PAID')`)
export class Registration {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  listingId: string;

  @ManyToOne(() => Listing)
  @JoinColumn({ name: 'listing_id', foreignKeyConstraintName: 'fk_registrations_listing' })
  listing?: Listing;

  @Column({ type: 'uuid' })
  buyerId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'buyer_id', foreignKeyConstraintName: 'fk_registrations_buyer' })
  buyer?: User;

  @Column({ type: 'varchar', length: 16 })
  status: RegistrationStatus;

  @Column({ type: 'boolean', default: false })
  claimsPriorityRight: boolean;

  /** Marked by the clerk at qualification (集体成员优先权). */
  @Column({ type: 'boolean', default: false })
  priorityRight: boolean;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** 竞买号: random, unique in the listing, given when the deposit is recorded. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  bidderNo: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintNumber })
  depositFen: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  depositBankRef: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  depositPaidAt: Date | null;

  /** 意向报价: the buyer's offer in the listing's price unit (a sole bidder's deal is at it when better). */
  @Column({ type: 'bigint', transformer: bigintNumber, nullable: true })
  offerFen: number | null;

  @Column({ type: 'uuid', nullable: true })
  qualifiedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
