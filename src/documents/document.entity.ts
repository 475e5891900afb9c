import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Listing } from '../listings/entities/listing.entity';
import { bigintNumber } from '../common/database/transformers';

/** Kinds a listing's owner or a clerk attaches to the listing. */
export const LISTING_DOCUMENT_KINDS = [
  'OWNERSHIP_CERTIFICATE',
  'RESOLUTION',
  'CONSENT',
  'MANDATE',
  'AUTHORIZATION',
  'ID_COPY',
  'OTHER',
] as const;
/** Kinds a party or a clerk attaches to the listing's contract (the signed scan, or anything else about it). */
export const CONTRACT_DOCUMENT_KINDS = ['SIGNED_CONTRACT', 'OTHER'] as const;
/** Kinds a lender (or a clerk) attaches to a mortgage: the holder's consent, a lessor's written consent (art. 47). */
export const MORTGAGE_DOCUMENT_KINDS = ['CONSENT', 'LESSOR_CONSENT', 'OTHER'] as const;
export type DocumentKind =
  | (typeof LISTING_DOCUMENT_KINDS)[number]
  | (typeof CONTRACT_DOCUMENT_KINDS)[number]
  | (typeof MORTGAGE_DOCUMENT_KINDS)[number];

/**
 * A file attached to a listing (ownership proof, resolution, consent, ...) or, when `contractId` is set, to the
 * listing's contract (the signed scan), or, when `mortgageId` is set, to a mortgage on the right the listing's deal
 * certified (the consents). The bytes live in the storage.
 */
@Entity('listing_documents')
@Index('ix_listing_documents_listing', ['listingId', 'createdAt'])
@Index('ix_listing_documents_mortgage', ['mortgageId'], { where: '"mortgage_id" IS NOT NULL' })
export class ListingDocument {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  listingId: string;

  @ManyToOne(() => Listing)
  @JoinColumn({ name: 'listing_id', foreignKeyConstraintName: 'fk_listing_documents_listing' })
  listing?: Listing;

  /** Set for a contract's document; such documents are not the listing's (not listed, not counted, not relisted). */
  @Column({ type: 'uuid', nullable: true })
  contractId: string | null;

  /** Set for a mortgage's document (a consent); such documents are not the listing's either. */
  @Column({ type: 'uuid', nullable: true })
  mortgageId: string | null;

  @Column({ type: 'varchar', length: 32 })
  kind: DocumentKind;

  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'varchar', length: 64 })
  contentType: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  sizeBytes: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  /** Where the storage keeps the bytes (content-addressed: the same file is stored once). */
  @Column({ type: 'varchar', length: 255 })
  storageKey: string;

  @Column({ type: 'uuid' })
  uploadedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
