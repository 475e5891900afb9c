import { sampleCertificate } from './certificate-fixtures';
import {
  assertPrintable,
  certificateRows,
  formatAreaMu,
  formatChineseDate,
  formatChineseDateOf,
  roleLabelsFor,
  type CertificateRow,
} from './certificate-document';

function valueOf(rows: CertificateRow[], label: string): string[] | undefined {
  return rows.find((row) => row.label === label)?.value.map((p) => p.text);
}

describe('certificate document', () => {
  it('lists the fields of a lease certificate in Chinese', () => {
    const rows = certificateRows(sampleCertificate());

    expect(rows.map((row) => row.label)).toEqual([
      '项目编号',
      '项目名称',
      '交易品种',
      '坐落位置',
      '出让方',
      '受让方',
      '流转方式',
      '交易方式',
      '成交单价',
      '成交总价',
      '面积',
      '合同编号',
      '期限',
      '成交日期',
    ]);
    expect(valueOf(rows, '出让方')).toEqual([
      '柴沟堡镇西沙洼村股份经济合作社',
      '农村集体经济组织　统一社会信用代码：N213********213X',
    ]);
    expect(valueOf(rows, '受让方')?.[1]).toBe('法人或其他组织　统一社会信用代码：9113********0B2K');
    expect(valueOf(rows, '流转方式')).toEqual(['出租']);
    expect(valueOf(rows, '交易方式')).toEqual(['网络竞价']);
    expect(valueOf(rows, '成交单价')).toEqual(['¥860.00 元/亩/年']);
    expect(valueOf(rows, '成交总价')).toEqual(['¥1,032,000.00 元', '人民币（大写）壹佰零叁万贰仟元整']);
    expect(valueOf(rows, '面积')).toEqual(['120 亩']);
    expect(valueOf(rows, '期限')).toEqual(['2025年7月1日 至 2035年6月30日（共 10 年）']);
    expect(valueOf(rows, '成交日期')).toEqual(['2025年6月3日']);
  });

  it('names the parties purchaser and supplier for AGRI_PROJECT, and leaves out area and term when absent', () => {
    const rows = certificateRows(
      sampleCertificate({
        categoryCode: 'AGRI_PROJECT',
        categoryNameZh: '涉农项目招标采购',
        transferMode: 'PROCUREMENT',
        tradingMethod: 'SINGLE_BIDDER',
        priceUnit: 'TOTAL',
        unitPriceFen: 45_000_005,
        totalPriceFen: 45_000_005,
        buyer: { name: '王建国', partyType: 'PERSON', maskedIdNo: '130728********123X' },
        areaMu: null,
        term: undefined,
      }),
    );
    const labels = rows.map((row) => row.label);

    expect(labels).toEqual(expect.arrayContaining(['采购方', '供应方', '交易类型']));
    expect(labels).not.toEqual(expect.arrayContaining(['出让方']));
    expect(labels).not.toContain('受让方');
    expect(labels).not.toContain('面积');
    expect(labels).not.toContain('期限');
    expect(valueOf(rows, '供应方')).toEqual(['王建国', '自然人　身份证号：130728********123X']);
    expect(valueOf(rows, '交易类型')).toEqual(['招标采购']);
    expect(valueOf(rows, '交易方式')).toEqual(['协议转让（单一意向受让方）']);
    expect(valueOf(rows, '成交单价')).toEqual(['¥450,000.05 元（总价）']);
    expect(valueOf(rows, '成交总价')?.[1]).toBe('人民币（大写）肆拾伍万元零伍分');
  });

  it.each([
    ['LAND_CONTRACT', { seller: '出让方', buyer: '受让方' }],
    ['FOREST', { seller: '出让方', buyer: '受让方' }],
    ['AGRI_PROJECT', { seller: '采购方', buyer: '供应方' }],
  ] as const)('roleLabelsFor(%s)', (code, expected) => {
    expect(roleLabelsFor(code)).toEqual(expected);
  });

  it('takes role labels from the input when given', () => {
    const rows = certificateRows(sampleCertificate({ roleLabels: { seller: '转出方', buyer: '转入方' } }));
    expect(rows.map((row) => row.label)).toEqual(expect.arrayContaining(['转出方', '转入方']));
  });

  it('prints the price per year', () => {
    const rows = certificateRows(sampleCertificate({ priceUnit: 'PER_YEAR', unitPriceFen: 1_234_567 }));
    expect(valueOf(rows, '成交单价')).toEqual(['¥12,345.67 元/年']);
  });

  it('bounds every cell to a few lines', () => {
    for (const row of certificateRows(sampleCertificate())) {
      for (const paragraph of row.value) expect(paragraph.maxLines).toBeLessThanOrEqual(3);
    }
  });

  it.each<[number, string]>([
    [120, '120'],
    [12.5, '12.5'],
    [0.05, '0.05'],
    [3.1, '3.1'],
    [99_999_999.99, '99999999.99'],
  ])('formatAreaMu(%p) = %p', (area, expected) => {
    expect(formatAreaMu(area)).toBe(expected);
  });

  it.each([-1, 1.005, NaN])('formatAreaMu rejects %p', (area) => {
    expect(() => formatAreaMu(area)).toThrow(RangeError);
  });

  it('writes dates the Chinese way, in China time', () => {
    expect(formatChineseDate('2025-03-01')).toBe('2025年3月1日');
    expect(formatChineseDateOf(new Date('2025-12-31T16:00:00Z'))).toBe('2026年1月1日');
    expect(() => formatChineseDate('2025-13-01')).toThrow(RangeError);
  });

  it.each([
    ['certificateNo', ' JZ1'],
    ['certificateNo', 'JZ\\1'],
    ['certificateNo', 'JZ１'],
    ['verificationCode', ''],
  ] as const)('assertPrintable rejects %s %p', (key, value) => {
    expect(() => assertPrintable(sampleCertificate({ [key]: value }))).toThrow(RangeError);
  });

  it('assertPrintable accepts a typical certificate', () => {
    expect(() => assertPrintable(sampleCertificate())).not.toThrow();
  });
});
