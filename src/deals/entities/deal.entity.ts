import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from '../../common/database/transformers';
import { Listing } from '../../listings/entities/listing.entity';

import type { DealStatus } from '../domain/deal-status';

export type { DealStatus };
export type DealMethod = 'AUCTION' | 'SINGLE_BIDDER' | 'NEGOTIATED';

/** A deal (成交): the winner of an auction, the single bidder, or the negotiated buyer, at a price. */
@Entity('deals')
@Index('ix_deals_listing', ['listingId'])
@Index('ix_deals_buyer', ['buyerId'])
@Index('ix_deals_seller', ['sellerId'])
@Check('ck_deals_status', `"status" IN ('PUBLICITY', 'CONFIRMED', 'CONTRACTED', 'SETTLED', 'DEFAULTED', 'CANCELLED')`)
export class Deal {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  listingId: string;

  @ManyToOne(() => Listing)
  @JoinColumn({ name: 'listing_id', foreignKeyConstraintName: 'fk_deals_listing' })
  listing?: Listing;

  @Column({ type: 'varchar', length: 16 })
  method: DealMethod;

  /** The winning registration (its deposit is applied at settlement). */
  @Column({ type: 'uuid' })
  registrationId: string;

  @Column({ type: 'uuid' })
  buyerId: string;

  @Column({ type: 'uuid' })
  sellerId: string;

  @Column({ type: 'varchar', length: 8 })
  buyerBidderNo: string;

  /** In the listing's price unit. */
  @Column({ type: 'bigint', transformer: bigintNumber })
  priceFen: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  totalPriceFen: number;

  @Column({ type: 'varchar', length: 16 })
  status: DealStatus;

  @Column({ type: 'timestamptz' })
  publicityEndsAt: Date;

  /** The publicity was counted into a year the working-day calendar does not know (weekends only). */
  @Column({ type: 'boolean', default: false })
  calendarProvisional: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  /** When the deal reached SETTLED, DEFAULTED or CANCELLED. */
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** Why a deal was DEFAULTED (the clerk's reason) or CANCELLED (the upheld objection's resolution). */
  @Column({ type: 'text', nullable: true })
  closeReason: string | null;

  /** When the deal was made, on the platform clock (the deal date of its contract and certificate). */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
