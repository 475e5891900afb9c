import { Check, Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '../../common/database/transformers';
import { Listing } from '../../listings/entities/listing.entity';
import type { AuctionDirection } from '../domain/bid-rules';

export type AuctionStatus = 'SCHEDULED' | 'OPEN' | 'SUSPENDED' | 'CLOSED';

/** The online auction of a listing (网络竞价): one row, locked by every bid (the hot row). */
@Entity('auctions')
@Index('ix_auctions_due', ['status', 'endsAt'])
@Check('ck_auctions_status', `"status" IN ('SCHEDULED', 'OPEN', 'SUSPENDED', 'CLOSED')`)
export class Auction {
  @PrimaryColumn({ type: 'uuid' })
  listingId: string;

  @OneToOne(() => Listing)
  @JoinColumn({ name: 'listing_id', foreignKeyConstraintName: 'fk_auctions_listing' })
  listing?: Listing;

  @Column({ type: 'varchar', length: 16 })
  status: AuctionStatus;

  @Column({ type: 'varchar', length: 16 })
  direction: AuctionDirection;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'bigint', transformer: bigintNumber })
  startPriceFen: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  incrementFen: number;

  @Column({ type: 'bigint', nullable: true, transformer: bigintNumber })
  currentPriceFen: number | null;

  @Column({ type: 'uuid', nullable: true })
  leadingRegistrationId: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  leadingBidderNo: string | null;

  @Column({ type: 'boolean', default: false })
  leaderHasPriority: boolean;

  @Column({ type: 'int', default: 0 })
  bidCount: number;

  @Column({ type: 'int' })
  extensionSeconds: number;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** While SUSPENDED (its listing suspended): the time that was left until `endsAt` (or until `startsAt` when it
   * had not opened yet), restored on resumption. */
  @Column({ type: 'bigint', nullable: true, transformer: bigintNumber })
  remainingMs: number | null;
}
