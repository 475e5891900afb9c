import { amountInWords, formatYuan, moneyClause } from './money-words';

describe('amountInWords (大写金额)', () => {
  it.each<[string, number, string]>([
    ['zero', 0, '零元整'],
    ['one fen', 1, '壹分'],
    ['0.05', 5, '伍分'],
    ['0.10: ends at 角 → 整', 10, '壹角整'],
    ['0.50', 50, '伍角整'],
    ['0.55', 55, '伍角伍分'],
    ['1.00', 100, '壹元整'],
    ['1.05: zero 角 before 分 is written', 105, '壹元零伍分'],
    ['1.50', 150, '壹元伍角整'],
    ['10.00: 壹拾, never a bare 拾', 1_000, '壹拾元整'],
    ['15.00', 1_500, '壹拾伍元整'],
    ['100.00', 10_000, '壹佰元整'],
    ['101.00: one zero in the middle', 10_100, '壹佰零壹元整'],
    ['110.00: no trailing zero', 11_000, '壹佰壹拾元整'],
    ['1,001.00: a run of zeros is one 零', 100_100, '壹仟零壹元整'],
    ['1,010.00', 101_000, '壹仟零壹拾元整'],
    ['1,680.32: zero 元 digit before 角, no 零', 168_032, '壹仟陆佰捌拾元叁角贰分'],
    ['10,000.00', 1_000_000, '壹万元整'],
    ['12,345.67', 1_234_567, '壹万贰仟叁佰肆拾伍元陆角柒分'],
    ['100,005.00: zeros across 万', 10_000_500, '壹拾万零伍元整'],
    ['107,000.53: 万 digit zero before 仟, no 零', 10_700_053, '壹拾万柒仟元伍角叁分'],
    ['1,000,500.00', 100_050_000, '壹佰万零伍佰元整'],
    ['10,050,000.00', 1_005_000_000, '壹仟零伍万元整'],
    ['100,000,000.00', 10_000_000_000, '壹亿元整'],
    ['100,000,001.00: zeros across 亿', 10_000_000_100, '壹亿零壹元整'],
    ['105,000,000.00', 10_500_000_000, '壹亿零伍佰万元整'],
    ['120,000,000.00', 12_000_000_000, '壹亿贰仟万元整'],
    ['1,000,000,000.00', 100_000_000_000, '壹拾亿元整'],
    ['1,000,000,000,000.00: 万亿', 100_000_000_000_000, '壹万亿元整'],
    ['1,000,100,000,000.00', 100_010_000_000_000, '壹万零壹亿元整'],
    ['204,000.00', 20_400_000, '贰拾万肆仟元整'],
    ['69,771.49', 6_977_149, '陆万玖仟柒佰柒拾壹元肆角玖分'],
  ])('%s', (_label, fen, words) => {
    expect(amountInWords(fen)).toBe(words);
  });

  it('writes the largest safe amount without a gap', () => {
    // 90,071,992,547,409.91 元 = 9,007,199,254,740,991 fen
    expect(amountInWords(Number.MAX_SAFE_INTEGER)).toBe('玖拾万零柒佰壹拾玖亿玖仟贰佰伍拾肆万柒仟肆佰零玖元玖角壹分');
  });

  it.each<[string, number]>([
    ['negative', -1],
    ['fractional', 1.5],
    ['unsafe', 2 ** 53],
    ['NaN', Number.NaN],
  ])('rejects a %s amount', (_label, fen) => {
    expect(() => amountInWords(fen)).toThrow(RangeError);
  });
});

describe('formatYuan', () => {
  it.each<[number, string]>([
    [0, '0.00'],
    [5, '0.05'],
    [100, '1.00'],
    [99_999, '999.99'],
    [100_000, '1,000.00'],
    [1_234_567, '12,345.67'],
    [100_000_000_000, '1,000,000,000.00'],
    [-120_000, '-1,200.00'],
  ])('%d fen → %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it('rejects an unsafe amount', () => {
    expect(() => formatYuan(0.5)).toThrow(RangeError);
  });
});

describe('moneyClause', () => {
  it('states figures and words', () => {
    expect(moneyClause(1_234_567)).toBe('人民币12,345.67元（大写：壹万贰仟叁佰肆拾伍元陆角柒分）');
  });
});
