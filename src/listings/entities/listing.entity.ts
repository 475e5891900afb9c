import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { User } from '../../accounts/entities/user.entity';
import { Division } from '../../divisions/entities/division.entity';
import { bigintNumber, numericNumber } from '../../common/database/transformers';
import type {
  AttributeRecord,
  CategoryCode,
  PartyType,
  PriceUnit,
  TransferMode,
} from '../../catalog/domain/category.types';
import type { CollectiveResolution } from '../domain/collective-resolution';
import type { ListingStatus } from '../domain/listing-status';
import type { Household, TradingMethod } from '../domain/listing-validation';

/** A listing (挂牌项目): a right put on the market by a farmer household, a collective or an organization. */
@Entity('listings')
@Check(
  'ck_listings_money',
  `"reserve_price_fen" > 0 AND "increment_fen" > 0 AND "deposit_fen" >= 0 AND "total_reserve_price_fen" > 0`,
)
@Check(
  'ck_listings_status',
  `"status" IN ('DRAFT','SUBMITTED','APPROVED','RETURNED','REJECTED','ANNOUNCED','BIDDING','SOLD','FAILED','WITHDRAWN','SUSPENDED','TERMINATED')`,
)
@Check('ck_listings_suspended_from', `"suspended_from" IS NULL OR "suspended_from" IN ('ANNOUNCED', 'BIDDING')`)
@Index('ix_listings_status_created', ['status', 'createdAt'])
@Index('ix_listings_owner', ['ownerId'])
@Index('ix_listings_category_status', ['categoryCode', 'status'])
@Index('ix_listings_township', ['townshipCode'])
@Index('ix_listings_village', ['villageCode'])
@Index('ix_listings_assisted_by', ['assistedBy'], { where: '"assisted_by" IS NOT NULL' })
// the lifecycle ticker's look for ended announcements (AnnouncementDueIndex)
@Index('ix_listings_announcement_due', ['announcementEndsAt'], {
  where: `"status" = 'ANNOUNCED' AND "trading_method" = 'AUCTION'`,
})
// the search's indexes, written by hand in the SearchScale migration (a GIN over the tokens and the equality filters,
// the sorts' orders with DESC keys and expressions), which the entity metadata cannot express
@Index('ix_listings_search', { synchronize: false })
@Index('ix_listings_newest', { synchronize: false })
@Index('ix_listings_category_newest', { synchronize: false })
@Index('ix_listings_price', { synchronize: false })
@Index('ix_listings_ending_soon', { synchronize: false })
export class Listing {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Human-facing number, e.g. HA-2026-000123, from the `listing_no_seq` sequence. */
  @Index('uq_listings_listing_no', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  listingNo: string;

  @Column({ type: 'uuid' })
  ownerId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'fk_listings_owner' })
  owner?: User;

  /** The lister's party type when the listing was made. */
  @Column({ type: 'varchar', length: 16 })
  listerPartyType: PartyType;

  @Column({ type: 'varchar', length: 40 })
  categoryCode: CategoryCode;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 12 })
  villageCode: string;

  @ManyToOne(() => Division)
  @JoinColumn({ name: 'village_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_listings_village' })
  village?: Division;

  /** The village's township (first 9 digits), kept for the township filter. */
  @Column({ type: 'varchar', length: 9 })
  townshipCode: string;

  @Column({ type: 'varchar', length: 16 })
  transferMode: TransferMode;

  @Column({ type: 'jsonb' })
  attributes: AttributeRecord;

  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: numericNumber })
  areaMu: number | null;

  @Column({ type: 'varchar', length: 16 })
  priceUnit: PriceUnit;

  @Column({ type: 'bigint', transformer: bigintNumber })
  reservePriceFen: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  incrementFen: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  depositFen: number;

  @Column({ type: 'int', nullable: true })
  termYears: number | null;

  @Column({ type: 'bigint', transformer: bigintNumber })
  totalReservePriceFen: number;

  @Column({ type: 'varchar', length: 16 })
  tradingMethod: TradingMethod;

  @Column({ type: 'jsonb', nullable: true })
  collectiveResolution: CollectiveResolution | null;

  @Column({ type: 'varchar', length: 16 })
  status: ListingStatus;

  /** Needs two approvals by two different clerks (four-eyes review). */
  @Column({ type: 'boolean', default: false })
  largeDeal: boolean;

  /** Clerks who approved in the current review round (reset when the listing is returned). */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  approvedBy: string[];

  @Column({ type: 'text', nullable: true })
  reviewComment: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  announcementEndsAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  biddingStartsAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  biddingEndsAt: Date | null;

  @Column({ type: 'text', nullable: true })
  withdrawReason: string | null;

  /** The announcement was counted (at publication or resumption) into a year the calendar does not know. */
  @Column({ type: 'boolean', default: false })
  calendarProvisional: boolean;

  /** While SUSPENDED: the status it left (ANNOUNCED or BIDDING), to go back to when resumed. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  suspendedFrom: 'ANNOUNCED' | 'BIDDING' | null;

  /** When it was last suspended, and why (kept after the resumption, for the record). */
  @Column({ type: 'timestamptz', nullable: true })
  suspendedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  suspensionReason: string | null;

  @Column({ type: 'text', nullable: true })
  terminationReason: string | null;

  /** 委托流转: a collective lists its households' land on their written mandates (`MANDATE` documents). */
  @Column({ type: 'boolean', default: false })
  onBehalfOfHouseholds: boolean;

  /** The mandating households and their areas (adding up to `areaMu`); private to the owner and staff. */
  @Column({ type: 'jsonb', nullable: true })
  households: Household[] | null;

  @Column({ type: 'uuid', nullable: true })
  previousListingId: string | null;

  @ManyToOne(() => Listing, { nullable: true })
  @JoinColumn({ name: 'previous_listing_id', foreignKeyConstraintName: 'fk_listings_previous' })
  previousListing?: Listing;

  /** 再流转: the certificate under which the lister (its buyer) holds the right listed again. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  sourceCertificateNo: string | null;

  /** 代办挂牌: the clerk who drafted and submits the listing for its owner (a farmer who came in person), if any. */
  @Column({ type: 'uuid', nullable: true })
  assistedBy: string | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'assisted_by', foreignKeyConstraintName: 'fk_listings_assisted_by' })
  assistant?: User;

  /** lower(title + description), kept by the `listings_search_fill` trigger: what `q` is matched against. */
  @Column({ type: 'text', default: '', select: false, insert: false, update: false })
  searchText: string;

  /**
   * Every character and every pair of adjacent characters of `searchText` (uni- and bigrams), kept by the same
   * trigger and GIN-indexed: Chinese words are mostly two characters, which trigram indexes cannot serve.
   */
  @Column({ type: 'text', array: true, default: () => "'{}'", select: false, insert: false, update: false })
  searchTokens: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
