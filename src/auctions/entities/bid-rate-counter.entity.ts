import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Bid attempts per bidder per second (the bid rate limit, shared by every instance). Old windows are purged. */
@Entity('bid_rate_counters')
export class BidRateCounter {
  @PrimaryColumn({ type: 'uuid' })
  registrationId: string;

  @PrimaryColumn({ type: 'timestamptz' })
  windowStart: Date;

  @Column({ type: 'int' })
  count: number;
}
