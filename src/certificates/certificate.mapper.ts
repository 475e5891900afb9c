import { publicPartyName } from '../accounts/domain/identity';
import type { CertificateDocument, CertificateParty } from './domain/certificate-document';

/** A party as the public check shows it: a person's name masked like the result publicity (张*华), the rest as is. */
function publicParty(party: CertificateParty): CertificateParty {
  return { ...party, name: publicPartyName(party.name, party.partyType) };
}

/**
 * The certificate's public fields (the verification code is what the caller gave; not repeated), and `mortgaged`
 * while a mortgage on its right is registered.
 */
export function toPublicCertificate({ document: c, mortgaged }: { document: CertificateDocument; mortgaged: boolean }) {
  return {
    certificateNo: c.certificateNo,
    valid: true,
    mortgaged,
    issuedAt: c.issuedAt,
    centreName: c.centreName,
    seller: publicParty(c.seller),
    buyer: publicParty(c.buyer),
    categoryCode: c.categoryCode,
    categoryNameZh: c.categoryNameZh,
    listingNo: c.listingNo,
    title: c.title,
    villageName: c.villageName,
    transferMode: c.transferMode,
    tradingMethod: c.tradingMethod,
    priceUnit: c.priceUnit,
    unitPriceFen: c.unitPriceFen,
    totalPriceFen: c.totalPriceFen,
    areaMu: c.areaMu ?? null,
    contractNo: c.contractNo,
    term: c.term ?? null,
    dealDate: c.dealDate,
  };
}

export type PublicCertificate = ReturnType<typeof toPublicCertificate>;
