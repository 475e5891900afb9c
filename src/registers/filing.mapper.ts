import type { Filing } from './filing.entity';

/**
 * A filing as the API shows it (API.md "Registers and interventions", `GET /filings`): the contract filed, its
 * village and township, the parties by name, the term and price, and the registration application when there is
 * one (`registration` is absent for a term under 5 years).
 */
export function toFilingDto(f: Filing) {
  return {
    id: f.id,
    contractId: f.contractId,
    dealId: f.dealId,
    listingId: f.listingId,
    ...registerFieldsOf(f),
    status: f.status,
    filedAt: f.filedAt,
    acknowledgedAt: f.acknowledgedAt,
    acknowledgedBy: f.acknowledgedBy,
    registration: f.registrationStatus
      ? {
          status: f.registrationStatus,
          note: f.registrationNote ?? undefined,
          decidedAt: f.registrationDecidedAt ?? undefined,
          decidedBy: f.registrationDecidedBy ?? undefined,
        }
      : undefined,
  };
}

/** A row of the transfer register (流转台账) as JSON: what the CSV holds, money in fen. */
export function toTransferDto(f: Filing) {
  return {
    filingId: f.id,
    ...registerFieldsOf(f),
    filedAt: f.filedAt,
    status: f.status,
    registrationStatus: f.registrationStatus,
  };
}

/** What the register shows of a filed contract: the contract, the place, the parties, the term and the price. */
export function registerFieldsOf(f: Filing) {
  return {
    contractNo: f.contractNo,
    listingNo: f.listingNo,
    villageCode: f.villageCode,
    villageName: f.villageName,
    townshipCode: f.townshipCode,
    issuingCollective: f.issuingCollective,
    transferMode: f.transferMode,
    areaMu: f.areaMu,
    sellerName: f.sellerName,
    buyerName: f.buyerName,
    startsOn: f.startsOn,
    endsOn: f.endsOn,
    termYears: f.termYears,
    priceFen: f.priceFen,
    priceUnit: f.priceUnit,
    totalPriceFen: f.totalPriceFen,
  };
}
