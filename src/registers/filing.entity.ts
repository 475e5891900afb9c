import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../accounts/entities/user.entity';
import type { PriceUnit, TransferMode } from '../catalog/domain/category.types';
import { bigintNumber, numericNumber } from '../common/database/transformers';
import { Contract } from '../contracts/entities/contract.entity';
import { Deal } from '../deals/entities/deal.entity';
import { Division } from '../divisions/entities/division.entity';
import { Listing } from '../listings/entities/listing.entity';
import type { FilingStatus, RegistrationStatus } from './domain/filing-rules';

/**
 * The filing (备案) of a land contract in force with the issuing collective (发包方) and the township station, one
 * per contract, and the row of its village's transfer register (流转台账). What the register lists (parties, area,
 * term, price) is a snapshot of the contract taken when it was filed, so the register never reads other modules'
 * tables. FILED → ACKNOWLEDGED (a clerk). A transfer of 5 years or more also carries a registration application
 * (土地经营权登记): APPLIED → REGISTERED or REFUSED (a clerk).
 */
@Entity('filings')
@Index('uq_filings_contract', ['contractId'], { unique: true })
@Index('ix_filings_village_filed', ['villageCode', 'filedAt'])
@Index('ix_filings_filed', ['filedAt'])
@Check('ck_filings_status', `"status" IN ('FILED', 'ACKNOWLEDGED')`)
@Check(
  'ck_filings_registration_status',
  `"registration_status" IS NULL OR "registration_status" IN ('APPLIED', 'REGISTERED', 'REFUSED')`,
)
@Check(
  'ck_filings_acknowledged',
  `("status" = 'ACKNOWLEDGED') = ("acknowledged_at" IS NOT NULL AND "acknowledged_by" IS NOT NULL)`,
)
@Check(
  'ck_filings_registration_decided',
  `(COALESCE("registration_status", 'APPLIED') <> 'APPLIED') = ("registration_decided_at" IS NOT NULL AND "registration_decided_by" IS NOT NULL)`,
)
@Check('ck_filings_money', `"price_fen" >= 0 AND "total_price_fen" >= 0`)
export class Filing {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_filings' })
  id: string;

  @Column({ type: 'uuid' })
  contractId: string;

  @ManyToOne(() => Contract)
  @JoinColumn({ name: 'contract_id', foreignKeyConstraintName: 'fk_filings_contract' })
  contract?: Contract;

  @Column({ type: 'uuid' })
  dealId: string;

  @ManyToOne(() => Deal)
  @JoinColumn({ name: 'deal_id', foreignKeyConstraintName: 'fk_filings_deal' })
  deal?: Deal;

  @Column({ type: 'uuid' })
  listingId: string;

  @ManyToOne(() => Listing)
  @JoinColumn({ name: 'listing_id', foreignKeyConstraintName: 'fk_filings_listing' })
  listing?: Listing;

  @Column({ type: 'varchar', length: 32 })
  contractNo: string;

  @Column({ type: 'varchar', length: 32 })
  listingNo: string;

  /** The village whose collective issued the land (发包方), 12 digits. */
  @Column({ type: 'varchar', length: 12 })
  villageCode: string;

  @ManyToOne(() => Division)
  @JoinColumn({ name: 'village_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_filings_village' })
  village?: Division;

  @Column({ type: 'varchar', length: 100 })
  villageName: string;

  /** The township whose station (乡镇农村经营管理站) receives the filing, 9 digits. */
  @Column({ type: 'varchar', length: 9 })
  townshipCode: string;

  /** The issuing collective (发包方) as the contract names it. */
  @Column({ type: 'varchar', length: 100 })
  issuingCollective: string;

  @Column({ type: 'varchar', length: 16 })
  transferMode: TransferMode;

  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: numericNumber })
  areaMu: number | null;

  /** 出让方: the contract's paid party. */
  @Column({ type: 'uuid' })
  sellerId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'seller_id', foreignKeyConstraintName: 'fk_filings_seller' })
  seller?: User;

  @Column({ type: 'varchar', length: 100 })
  sellerName: string;

  /** 受让方: the contract's paying party. */
  @Column({ type: 'uuid' })
  buyerId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'buyer_id', foreignKeyConstraintName: 'fk_filings_buyer' })
  buyer?: User;

  @Column({ type: 'varchar', length: 100 })
  buyerName: string;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date', nullable: true })
  endsOn: string | null;

  @Column({ type: 'int', nullable: true })
  termYears: number | null;

  /** The price in `priceUnit`, fen. */
  @Column({ type: 'bigint', transformer: bigintNumber })
  priceFen: number;

  @Column({ type: 'varchar', length: 16 })
  priceUnit: PriceUnit;

  @Column({ type: 'bigint', transformer: bigintNumber })
  totalPriceFen: number;

  @Column({ type: 'varchar', length: 16 })
  status: FilingStatus;

  /** On the platform clock, in the transaction that put the contract in force. */
  @Column({ type: 'timestamptz' })
  filedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acknowledgedBy: string | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'acknowledged_by', foreignKeyConstraintName: 'fk_filings_acknowledged_by' })
  acknowledger?: User;

  /** 土地经营权登记 (art. 41): null when the term is under 5 years. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  registrationStatus: RegistrationStatus | null;

  @Column({ type: 'text', nullable: true })
  registrationNote: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  registrationDecidedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  registrationDecidedBy: string | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'registration_decided_by', foreignKeyConstraintName: 'fk_filings_registration_decided_by' })
  registrationDecider?: User;
}
