import { sampleCertificate } from './certificate-fixtures';
import { renderCertificatePdf } from './certificate-pdf';

const VERIFY_URL = 'https://nongjiao.example.cn/certificates/JZ2025000123?code=K7M2Q9XW';
const ONE_MB = 1024 * 1024;

/** Page objects (`/Type /Page`), not the page tree (`/Type /Pages`). */
function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![A-Za-z])/g) ?? []).length;
}

describe('renderCertificatePdf', () => {
  it('renders a small one-page PDF that carries the certificate number as ASCII', async () => {
    const pdf = await renderCertificatePdf(sampleCertificate(), VERIFY_URL);

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.includes(Buffer.from('JZ2025000123', 'ascii'))).toBe(true);
    expect(pdf.includes(Buffer.from('(JZ2025000123)', 'ascii'))).toBe(true); // a literal string in the info dictionary
    expect(pageCount(pdf)).toBe(1);
    expect(pdf.toString('latin1')).toMatch(/\/Type\s*\/Pages\b[\s\S]*\/Count 1\b/);
    expect(pdf.length).toBeLessThan(ONE_MB);
    expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
  });

  it('embeds the subset fonts and the QR code image, and dates the PDF by issuedAt', async () => {
    const text = (await renderCertificatePdf(sampleCertificate(), VERIFY_URL)).toString('latin1');

    expect(text).toMatch(/\/FontFile2/); // TrueType outlines embedded
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Bold/); // a subset (tagged name)
    expect(text).toMatch(
      /\/Subtype \/Image[\s\S]*\/ColorSpace \/DeviceGray|\/ColorSpace \/DeviceGray[\s\S]*\/Subtype \/Image/,
    );
    expect(text).not.toContain('/SMask'); // an opaque image, embedded without decoding
    expect(text).toContain('(D:20250618023000Z)');
  });

  it('is deterministic for the same input', async () => {
    const a = await renderCertificatePdf(sampleCertificate(), VERIFY_URL);
    const b = await renderCertificatePdf(sampleCertificate(), VERIFY_URL);
    expect(a.equals(b)).toBe(true);
  });

  it('keeps long names, titles and URLs on one page', async () => {
    const long = (s: string, n: number): string => s.repeat(Math.ceil(n / s.length)).slice(0, n);
    const pdf = await renderCertificatePdf(
      sampleCertificate({
        title: long('西沙洼村水浇地经营权出租项目', 200),
        centreName: long('怀安县农村产权交易中心', 60),
        villageName: long('河北省张家口市怀安县柴沟堡镇西沙洼村', 80),
        categoryNameZh: long('农村承包土地经营权', 60),
        seller: {
          name: long('西沙洼村股份经济合作社', 120),
          partyType: 'COLLECTIVE',
          maskedIdNo: '130728********213X',
        },
        buyer: { name: long('Hefeng Agricultural Technology Co., Ltd. ', 150), partyType: 'PERSON', maskedIdNo: '1' },
        listingNo: long('NJ2025000042', 90),
        contractNo: long('HT2025000031', 90),
        unitPriceFen: Number.MAX_SAFE_INTEGER,
        totalPriceFen: Number.MAX_SAFE_INTEGER,
        areaMu: 99_999_999.99,
      }),
      `${VERIFY_URL}&x=${'a'.repeat(300)}`,
    );

    expect(pageCount(pdf)).toBe(1);
    expect(pdf.length).toBeLessThan(ONE_MB);
  });

  it('renders a procurement (AGRI_PROJECT) certificate without area or term on one page', async () => {
    const pdf = await renderCertificatePdf(
      sampleCertificate({
        categoryCode: 'AGRI_PROJECT',
        categoryNameZh: '涉农项目招标采购',
        title: '西沙洼村高标准农田灌溉管网采购',
        transferMode: 'PROCUREMENT',
        tradingMethod: 'SINGLE_BIDDER',
        priceUnit: 'TOTAL',
        unitPriceFen: 45_000_000,
        totalPriceFen: 45_000_000,
        areaMu: null,
        term: null,
      }),
      VERIFY_URL,
    );

    expect(pageCount(pdf)).toBe(1);
    expect(pdf.includes(Buffer.from('JZ2025000123'))).toBe(true);
  });

  it.each([
    ['a non-ASCII certificate number', { certificateNo: '怀农交鉴2025-1' }],
    ['a certificate number with parentheses', { certificateNo: 'JZ(2025)1' }],
    ['an empty verification code', { verificationCode: '' }],
    ['an invalid issue date', { issuedAt: new Date('nope') }],
    ['a negative price', { totalPriceFen: -1 }],
    ['a fractional price', { unitPriceFen: 10.5 }],
    ['a malformed deal date', { dealDate: '2025-02-30' }],
  ])('rejects %s', async (_name, overrides) => {
    await expect(renderCertificatePdf(sampleCertificate(overrides), VERIFY_URL)).rejects.toThrow(RangeError);
  });

  it('rejects an empty verify URL', async () => {
    await expect(renderCertificatePdf(sampleCertificate(), ' ')).rejects.toThrow(RangeError);
  });
});
