import { maskIdNumber } from '../accounts/domain/identity';
import { User } from '../accounts/entities/user.entity';
import { Registration } from './entities/registration.entity';

/**
 * A registration as shown to its buyer or to staff. Staff see the buyer's identity in full (API.md: the one place
 * ID numbers are shown unmasked, besides a deal's parties); the buyer sees their own, masked.
 */
export type RegistrationDto = ReturnType<typeof toRegistrationDto>;

export function toRegistrationDto(registration: Registration, buyer: User | undefined, staffView: boolean) {
  const id = (v: string | null): string | null => (v && !staffView ? maskIdNumber(v) : v);
  return {
    id: registration.id,
    listingId: registration.listingId,
    buyerId: registration.buyerId,
    status: registration.status,
    claimsPriorityRight: registration.claimsPriorityRight,
    priorityRight: registration.priorityRight,
    note: registration.note,
    reason: registration.reason,
    bidderNo: registration.bidderNo,
    depositFen: registration.depositFen,
    depositPaidAt: registration.depositPaidAt,
    offerFen: registration.offerFen,
    createdAt: registration.createdAt,
    buyer: buyer
      ? {
          name: buyer.name,
          partyType: buyer.partyType,
          phone: buyer.phone, // the viewer is the buyer or staff
          idNumber: id(buyer.idNumber),
          creditCode: id(buyer.creditCode),
          villageCode: buyer.villageCode,
        }
      : undefined,
  };
}
