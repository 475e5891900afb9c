import { EntityManager, In } from 'typeorm';
import { depositReleased } from '../ledger/domain/entries';
import { LedgerService } from '../ledger/ledger.service';
import { Registration } from './entities/registration.entity';

/**
 * Releases the held deposits of `registrations` to refunds payable (auction lost, listing withdrawn or failed,
 * deal cancelled), in the caller's transaction. Registrations without a paid deposit hold no money and are skipped.
 */
export async function releaseDeposits(
  em: EntityManager,
  ledger: LedgerService,
  registrations: Registration[],
  actorId: string | null,
): Promise<void> {
  for (const r of registrations) {
    if (r.status !== 'DEPOSIT_PAID' || !r.depositFen) continue;
    await ledger.post(em, { ...depositReleased(r.id, r.depositFen), actorId });
  }
}

/** The registrations with a paid deposit of one listing (or of several), oldest first. */
export function paidRegistrations(em: EntityManager, listingId: string | string[]): Promise<Registration[]> {
  return em.getRepository(Registration).find({
    where: { listingId: Array.isArray(listingId) ? In(listingId) : listingId, status: 'DEPOSIT_PAID' },
    order: { createdAt: 'ASC' },
  });
}
