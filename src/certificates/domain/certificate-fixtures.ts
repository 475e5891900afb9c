import type { CertificateDocument } from './certificate-document';

/** A typical certificate (a LAND_CONTRACT lease won at auction), for specs and sample renders. */
export function sampleCertificate(overrides: Partial<CertificateDocument> = {}): CertificateDocument {
  return {
    certificateNo: 'JZ2025000123',
    verificationCode: 'K7M2Q9XW',
    issuedAt: new Date('2025-06-18T02:30:00.000Z'),
    centreName: '怀安县农村产权交易中心',
    seller: { name: '柴沟堡镇西沙洼村股份经济合作社', partyType: 'COLLECTIVE', maskedIdNo: 'N213********213X' },
    buyer: { name: '张家口禾丰农业科技有限公司', partyType: 'ORGANIZATION', maskedIdNo: '9113********0B2K' },
    categoryCode: 'LAND_CONTRACT',
    categoryNameZh: '农村承包土地经营权',
    listingNo: 'NJ2025000042',
    title: '西沙洼村 120 亩水浇地经营权出租',
    villageName: '怀安县柴沟堡镇西沙洼村',
    transferMode: 'LEASE',
    tradingMethod: 'AUCTION',
    priceUnit: 'PER_MU_PER_YEAR',
    unitPriceFen: 86_000,
    totalPriceFen: 103_200_000,
    areaMu: 120,
    contractNo: 'HT2025000031',
    term: { startDate: '2025-07-01', endDate: '2035-06-30', years: 10 },
    dealDate: '2025-06-03',
    ...overrides,
  };
}
