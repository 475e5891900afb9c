import {
  publicPartyName,
  creditCodeCheckChar,
  isValidCreditCode,
  isValidMobile,
  isValidResidentId,
  maskIdNumber,
  maskPhone,
  residentIdCheckChar,
} from './identity';

/** A resident ID with a correct check character. */
const rid = (first17: string): string => first17 + residentIdCheckChar(first17);
/** A credit code with a correct check character. */
const ucc = (first17: string): string => first17 + creditCodeCheckChar(first17);
/** The same number with a different (wrong) last character. */
const wrongLast = (valid: string, charset: string): string => {
  const other = [...charset].find((c) => c !== valid[17]) as string;
  return valid.slice(0, 17) + other;
};

const NOW = new Date('2026-06-15T04:00:00Z'); // 2026-06-15 12:00 China time

describe('resident identity numbers (GB 11643-1999)', () => {
  it.each<[string, string]>([
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
    ['13072819900101123', '3'], // weighted sum 218, 218 mod 11 = 9 → '3'
  ])('residentIdCheckChar(%s) = %s', (first17, expected) => {
    expect(residentIdCheckChar(first17)).toBe(expected);
  });

  it.each(['', '1234567890123456', '110105194912310021', '1101051949123100X'])(
    'residentIdCheckChar rejects %j',
    (bad) => {
      expect(() => residentIdCheckChar(bad)).toThrow(RangeError);
    },
  );

  it.each<[string, string]>([
    ['11010519491231002X', 'known example (Beijing, 1949-12-31, X check)'],
    [rid('13072819900101123'), 'Huai’an County, 1990-01-01'],
    [rid('13072820000229002'), 'leap day 2000-02-29'],
    [rid('65010119000101001'), 'first valid birth year 1900'],
    [rid('82000020260615001'), 'Macao, born today'],
    [rid('71000019851231999'), 'Taiwan'],
    [rid('81000019851231999'), 'Hong Kong'],
  ])('%s is valid (%s)', (id) => {
    expect(isValidResidentId(id, NOW)).toBe(true);
  });

  it.each<[string, string]>([
    [wrongLast('11010519491231002X', '0123456789X'), 'wrong check digit'],
    ['110105194912310021', 'wrong check digit (1 for X)'],
    ['11010519491231002x', 'lowercase x'],
    [wrongLast(rid('13072819900101123'), '0123456789X'), 'wrong check digit'],
    [rid('13072819990230123'), 'bad date 1999-02-30'],
    [rid('13072819991301123'), 'bad month 13'],
    [rid('13072819990100123'), 'bad day 00'],
    [rid('13072819000229123'), '1900 is not a leap year'],
    [rid('13072820260616123'), 'born tomorrow (future)'],
    [rid('13072830000101123'), 'born in 3000'],
    [rid('13072818991231123'), 'born before 1900'],
    [rid('44052418800101001'), 'born in 1880'],
    [rid('10072819900101123'), 'province 10 does not exist'],
    [rid('99072819900101123'), 'province 99 does not exist'],
    [rid('83072819900101123'), 'province 83 is not in the list'],
    [rid('00072819900101123'), 'province 00'],
    ['1307281990010112A4', 'a letter inside'],
    ['A30728199001011234', 'a letter first'],
    ['13072819900101123', '17 characters'],
    ['1307281990010112344', '19 characters'],
    ['130728900101123', 'old 15-digit number'],
    [' 11010519491231002X', 'leading space'],
    ['11010519491231002X ', 'trailing space'],
    ['１１０１０５１９４９１２３１００２Ｘ', 'full-width digits'],
    ['', 'empty'],
  ])('%j is invalid (%s)', (id) => {
    expect(isValidResidentId(id, NOW)).toBe(false);
  });

  it('judges "future" by the China-time date', () => {
    const id = rid('13072820260616123'); // born 2026-06-16
    expect(isValidResidentId(id, new Date('2026-06-15T15:59:59Z'))).toBe(false); // 23:59:59 on the 15th
    expect(isValidResidentId(id, new Date('2026-06-15T16:00:00Z'))).toBe(true); // 00:00 on the 16th
  });

  it('defaults "now" to the current time', () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId(rid('13072830000101123'))).toBe(false);
  });

  it('never throws on garbage', () => {
    expect(isValidResidentId(undefined as unknown as string)).toBe(false);
    expect(isValidResidentId(18 as unknown as string)).toBe(false);
    expect(isValidResidentId('11010519491231002X', new Date('x'))).toBe(false);
  });
});

describe('unified social credit codes (GB 32100-2015)', () => {
  it.each<[string, string]>([
    ['91350100M000100Y4', '3'],
    ['91110000600037341', 'L'],
    ['91440300708461136', 'T'],
    ['91130728MA0000000', creditCodeCheckChar('91130728MA0000000')],
  ])('creditCodeCheckChar(%s) = %s', (first17, expected) => {
    expect(creditCodeCheckChar(first17)).toBe(expected);
  });

  it('maps a remainder of 0 to the check character 0 (31 → 0)', () => {
    // search a prefix whose weighted sum is divisible by 31 and check the character is '0', not out of range
    let found: string | undefined;
    for (let i = 0; i < 31 * 31 && !found; i += 1) {
      const first17 = `9113072800000${String(i).padStart(4, '0')}`;
      if (creditCodeCheckChar(first17) === '0') found = first17;
    }
    expect(found).toBeDefined();
    expect(isValidCreditCode(`${found as string}0`)).toBe(true);
  });

  it.each(['', '91350100M000100Y', '91350100M000100Y4Z', '91350100m000100Y4', '91350100M000100I4'])(
    'creditCodeCheckChar rejects %j',
    (bad) => {
      expect(() => creditCodeCheckChar(bad)).toThrow(RangeError);
    },
  );

  it.each<[string, string]>([
    ['91350100M000100Y43', 'known example'],
    ['91110000600037341L', 'letter check character'],
    ['911100001000128855', 'digit check character'],
    [ucc('93130728MA0ABCDEF'), 'farmers’ cooperative (93) in Huai’an County'],
    [ucc('N2130728MA0000001'), 'village collective economic organization (N2)'],
    [ucc('Y1130728000000001'), 'authority Y'],
    [ucc('12100000400000398'), 'public institution (12)'],
  ])('%s is valid (%s)', (code) => {
    expect(isValidCreditCode(code)).toBe(true);
  });

  it.each<[string, string]>([
    ['91350100M000100Y44', 'wrong check character'],
    [wrongLast('91110000600037341L', '0123456789ABCDEFGHJKLMNPQRTUWXY'), 'wrong check character'],
    ['91350100m000100Y43', 'lowercase letter'],
    ['91350100M000100y43', 'lowercase letter'],
    ['91110000600037341l', 'lowercase check character'],
    ['91350100I000100Y43', 'forbidden I'],
    ['91350100O000100Y43', 'forbidden O'],
    ['91350100Z000100Y43', 'forbidden Z'],
    ['91350100S000100Y43', 'forbidden S'],
    ['91350100V000100Y43', 'forbidden V'],
    [ucc('91A50100M000100Y4'), 'letter in the division code'],
    [ucc('9135010AM000100Y4'), 'letter in the division code'],
    ['91350100M000100Y4', '17 characters'],
    ['91350100M000100Y433', '19 characters'],
    ['91350100-M000100Y4', 'a dash'],
    [' 91350100M000100Y43', 'leading space'],
    ['', 'empty'],
  ])('%j is invalid (%s)', (code) => {
    expect(isValidCreditCode(code)).toBe(false);
  });

  it('never throws on garbage', () => {
    expect(isValidCreditCode(null as unknown as string)).toBe(false);
  });
});

describe('mobile numbers', () => {
  it.each<[string, boolean]>([
    ['13900000001', true],
    ['13012345678', true],
    ['19912345678', true],
    ['15831300000', true],
    ['12012345678', false],
    ['10012345678', false],
    ['23900000001', false],
    ['1390000000', false],
    ['139000000012', false],
    ['+8613900000001', false],
    ['139-0000-0001', false],
    ['1390000000a', false],
    ['', false],
  ])('%j → %p', (phone, expected) => {
    expect(isValidMobile(phone)).toBe(expected);
  });
});

describe('masking', () => {
  it.each<[string, string]>([
    ['13072819900101123X', '130728********123X'],
    ['11010519491231002X', '110105********002X'],
    ['91350100M000100Y43', '913501********0Y43'],
    ['12345678901', '123456*8901'],
    ['1234567890', '**********'],
    ['abc', '***'],
    ['', ''],
  ])('maskIdNumber(%j) = %j', (value, expected) => {
    expect(maskIdNumber(value)).toBe(expected);
  });

  it.each<[string, string]>([
    ['13900000001', '139****0001'],
    ['15831312345', '158****2345'],
    ['12345678', '123****5678'],
    ['1234567', '*******'],
    ['', ''],
  ])('maskPhone(%j) = %j', (value, expected) => {
    expect(maskPhone(value)).toBe(expected);
  });
});

describe('publicPartyName', () => {
  it.each<[string, 'PERSON' | 'COLLECTIVE' | 'ORGANIZATION', string]>([
    ['张建华', 'PERSON', '张*华'],
    ['王五', 'PERSON', '王*'],
    ['欧阳小明', 'PERSON', '欧*明'],
    ['李', 'PERSON', '李'],
    ['怀安县丰收家庭农场', 'ORGANIZATION', '怀安县丰收家庭农场'],
    ['西沙洼村股份经济合作社', 'COLLECTIVE', '西沙洼村股份经济合作社'],
  ])('%s (%s) → %s', (name, type, shown) => {
    expect(publicPartyName(name, type)).toBe(shown);
  });
});
