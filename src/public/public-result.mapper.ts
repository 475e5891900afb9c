import { toDealDto } from '../deals/deal.mapper';
import type { Deal } from '../deals/entities/deal.entity';
import type { Listing } from '../listings/entities/listing.entity';
import type { ListingNames } from '../listings/listing.mapper';

/**
 * A result as the public board shows it (`GET /public/results` and the `/results` page): the deal's public fields,
 * the winner as the publicity names them (`张*华`, an organization in full) and the listing's public summary.
 */
export function toPublicResult(deal: Deal, listing: Listing, names: ListingNames, winners: Map<string, string>) {
  return {
    ...toDealDto(deal, 'public'),
    winnerName: winners.get(deal.id) ?? null,
    listing: {
      id: listing.id,
      listingNo: listing.listingNo,
      categoryCode: listing.categoryCode,
      title: listing.title,
      villageName: names.divisions.get(listing.villageCode) ?? null,
      townshipName: names.divisions.get(listing.townshipCode) ?? null,
      transferMode: listing.transferMode,
      areaMu: listing.areaMu,
      termYears: listing.termYears,
      priceUnit: listing.priceUnit,
      reservePriceFen: listing.reservePriceFen,
      totalReservePriceFen: listing.totalReservePriceFen,
    },
  };
}

export type PublicResult = ReturnType<typeof toPublicResult>;
