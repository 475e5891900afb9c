import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Bid attempts per user per second (the bid rate limit, shared by every instance), counted whether or not the user is
 * a bidder of the lot. Unlogged; old windows are purged.
 */
@Entity('bid_rate_counters')
export class BidRateCounter {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_bid_rate_counters' })
  userId: string;

  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'pk_bid_rate_counters' })
  windowStart: Date;

  @Column({ type: 'int' })
  count: number;
}
