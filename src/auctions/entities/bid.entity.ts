import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from '../../common/database/transformers';

/** An accepted bid. Bids are never withdrawn; `seq` counts from 1 per auction. */
@Entity('bids')
@Index('uq_bids_listing_seq', ['listingId', 'seq'], { unique: true })
export class Bid {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  listingId: string;

  @Column({ type: 'int' })
  seq: number;

  @Column({ type: 'uuid' })
  registrationId: string;

  @Column({ type: 'varchar', length: 8 })
  bidderNo: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  amountFen: number;

  @Column({ type: 'timestamptz' })
  placedAt: Date;
}
