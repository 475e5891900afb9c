import { EntityManager, In } from 'typeorm';
import type { TransferMode } from '../catalog/domain/category.types';
import { Deal, DealStatus } from '../deals/entities/deal.entity';
import type { CertificateParty } from './domain/certificate-document';
import { Certificate } from './entities/certificate.entity';

/**
 * The right a transaction certificate attests, as the modules that act on a certified right see it (mortgages,
 * re-transfer): the certificates module's query facade over its table and the deal it certifies.
 */
export interface CertifiedRight {
  certificateId: string;
  certificateNo: string;
  dealId: string;
  dealStatus: DealStatus;
  /** The listing the deal was made on (its documents' owner). */
  listingId: string;
  /** The holder of the right: the deal's buyer (受让方), as the certificate names them. */
  holderId: string;
  holder: CertificateParty;
  /** The lister, as the certificate names them. */
  seller: CertificateParty;
  transferMode: TransferMode;
}

/** How `findCertifiedRight` locks the certificate's row for the rest of the transaction. */
export type CertificateLock = 'update' | 'share';

/** Verification codes compare case-insensitively (people type them from paper). */
export function sameCode(expected: string, given: string): boolean {
  return expected === given.trim().toUpperCase();
}

/**
 * The right certified under `certificateNo` (or the certificate `id`), or null when there is none, or when `code` is
 * given and is not the certificate's verification code (the caller answers both the same way: no oracle). `lock`
 * takes a row lock on the certificate: `update` for a change to what rests on it (a mortgage moving), `share` for a
 * decision that must not race with one (a re-transfer checked while no mortgage may be registered meanwhile).
 */
export async function findCertifiedRight(
  em: EntityManager,
  by: { certificateNo: string } | { id: string },
  options: { lock?: CertificateLock; code?: string } = {},
): Promise<CertifiedRight | null> {
  const certificate = await em.getRepository(Certificate).findOne({
    where: by,
    ...(options.lock ? { lock: { mode: options.lock === 'update' ? 'pessimistic_write' : 'pessimistic_read' } } : {}),
  });
  if (!certificate) return null;
  if (options.code !== undefined && !sameCode(certificate.verificationCode, options.code)) return null;
  const deal = await em.getRepository(Deal).findOneByOrFail({ id: certificate.dealId });
  return rightOf(certificate, deal);
}

/** The rights certified under these certificate ids (for a page of things resting on them), by certificate id. */
export async function findCertifiedRights(em: EntityManager, ids: string[]): Promise<Map<string, CertifiedRight>> {
  if (ids.length === 0) return new Map();
  const certificates = await em.getRepository(Certificate).findBy({ id: In([...new Set(ids)]) });
  const deals = await em.getRepository(Deal).findBy({ id: In(certificates.map((c) => c.dealId)) });
  const dealById = new Map(deals.map((d) => [d.id, d]));
  return new Map(certificates.map((c) => [c.id, rightOf(c, dealById.get(c.dealId)!)]));
}

function rightOf(certificate: Certificate, deal: Deal): CertifiedRight {
  const fields = certificate.fields as {
    buyer: CertificateParty;
    seller: CertificateParty;
    transferMode: TransferMode;
  };
  return {
    certificateId: certificate.id,
    certificateNo: certificate.certificateNo,
    dealId: deal.id,
    dealStatus: deal.status,
    listingId: deal.listingId,
    holderId: deal.buyerId,
    holder: fields.buyer,
    seller: fields.seller,
    transferMode: fields.transferMode,
  };
}
