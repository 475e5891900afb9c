import { formatYuan, yuanInCapitals } from './yuan';

describe('formatYuan', () => {
  it.each<[number, string]>([
    [0, '0.00'],
    [5, '0.05'],
    [10, '0.10'],
    [99, '0.99'],
    [100, '1.00'],
    [123456, '1,234.56'],
    [1234567, '12,345.67'],
    [99999999, '999,999.99'],
    [100000000, '1,000,000.00'],
    [Number.MAX_SAFE_INTEGER, '90,071,992,547,409.91'],
  ])('%p fen → %p', (fen, expected) => {
    expect(formatYuan(fen)).toBe(expected);
  });

  it.each<number>([-1, -100, 0.5, 12.34, NaN, Infinity, 2 ** 53])('rejects %p', (fen) => {
    expect(() => formatYuan(fen)).toThrow(RangeError);
  });
});

describe('yuanInCapitals', () => {
  it.each<[number, string]>([
    [0, '零元整'],
    [5, '伍分'],
    [50, '伍角'],
    [55, '伍角伍分'],
    [100, '壹元整'],
    [105, '壹元零伍分'],
    [150, '壹元伍角'],
    [1000, '壹拾元整'],
    [1005, '壹拾元零伍分'],
    [1050, '壹拾元伍角'],
    [10100, '壹佰零壹元整'],
    [100100, '壹仟零壹元整'],
    [168032, '壹仟陆佰捌拾元叁角贰分'],
    [1234567, '壹万贰仟叁佰肆拾伍元陆角柒分'],
    [1640902, '壹万陆仟肆佰零玖元零贰分'], // the example of the bill-filling rules
    [1000000, '壹万元整'],
    [10000000, '壹拾万元整'],
    [10000100, '壹拾万零壹元整'],
    [100000000, '壹佰万元整'],
    [1001000000, '壹仟零壹万元整'],
    [1000000100, '壹仟万零壹元整'],
    [10000000000, '壹亿元整'],
    [10000000100, '壹亿零壹元整'],
    [10001000000, '壹亿零壹万元整'],
    [10100000000, '壹亿零壹佰万元整'],
    [325000000000, '叁拾贰亿伍仟万元整'],
    [Number.MAX_SAFE_INTEGER, '玖拾万亿零柒佰壹拾玖亿玖仟贰佰伍拾肆万柒仟肆佰零玖元玖角壹分'],
  ])('%p fen → %p', (fen, expected) => {
    expect(yuanInCapitals(fen)).toBe(expected);
  });

  it.each<number>([-5, 1.5, NaN])('rejects %p', (fen) => {
    expect(() => yuanInCapitals(fen)).toThrow(RangeError);
  });
});
