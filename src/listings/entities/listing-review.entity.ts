import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Listing } from './listing.entity';

export type ReviewDecision = 'APPROVE' | 'RETURN' | 'REJECT';

/** One clerk's review decision on a listing (受理审核), kept for the record. */
@Entity('listing_reviews')
@Index('ix_listing_reviews_listing', ['listingId', 'createdAt'])
export class ListingReview {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  listingId: string;

  @ManyToOne(() => Listing)
  @JoinColumn({ name: 'listing_id', foreignKeyConstraintName: 'fk_listing_reviews_listing' })
  listing?: Listing;

  @Column({ type: 'uuid' })
  clerkId: string;

  @Column({ type: 'varchar', length: 16 })
  decision: ReviewDecision;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
