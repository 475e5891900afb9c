import { EntityManager, In } from 'typeorm';
import { findCertifiedRight } from '../certificates/certified-right';
import { DomainError } from '../common/errors/domain-error';
import { OPEN_MORTGAGE_STATUSES } from './domain/mortgage-rules';
import { Mortgage } from './entities/mortgage.entity';

/**
 * What rests on a certified right, as other modules ask it (the mortgages module's query facade): the public
 * certificate check (`mortgaged`), the certificate PDF (a lender's access), and re-transfer (再流转).
 */

/** Is a mortgage REGISTERED on the certificate? */
export async function isMortgaged(em: EntityManager, certificateId: string): Promise<boolean> {
  return em.getRepository(Mortgage).existsBy({ certificateId, status: 'REGISTERED' });
}

/** Does `lenderId` hold an open (APPLIED or REGISTERED) mortgage on the certificate? */
export async function holdsOpenMortgage(em: EntityManager, certificateId: string, lenderId: string): Promise<boolean> {
  return em.getRepository(Mortgage).existsBy({ certificateId, lenderId, status: In([...OPEN_MORTGAGE_STATUSES]) });
}

/**
 * May `listerId` list again the right held under `certificateNo` (再流转, DOMAIN.md §2 step 13)? Only the holder (the
 * certificate's buyer) may; anyone else, and an unknown certificate, is `403 NOT_ELIGIBLE`. Not while a mortgage on
 * it is REGISTERED: `409 RIGHT_ENCUMBERED`. Checked when the listing is made, submitted and published (a mortgage may
 * be registered after the draft was made). The certificate's row is share-locked for the rest of the caller's
 * transaction, so no mortgage can be registered on it until that decision is committed.
 */
export async function assertMayRelistRight(em: EntityManager, certificateNo: string, listerId: string): Promise<void> {
  const right = await findCertifiedRight(em, { certificateNo }, { lock: 'share' });
  if (!right || right.holderId !== listerId) {
    throw new DomainError('NOT_ELIGIBLE', {}, [
      { field: 'sourceCertificateNo', message: "only the certificate's buyer may list its right again" },
    ]);
  }
  if (await isMortgaged(em, right.certificateId)) {
    throw new DomainError('RIGHT_ENCUMBERED', {}, [
      { field: 'sourceCertificateNo', message: 'a mortgage on this right is registered' },
    ]);
  }
}
