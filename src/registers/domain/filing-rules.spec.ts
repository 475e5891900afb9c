import {
  canMoveFiling,
  canMoveRegistration,
  csvField,
  csvRecord,
  isFiledCategory,
  needsRegistration,
  termYearsOf,
  TransferRow,
  transfersCsv,
  UTF8_BOM,
} from './filing-rules';

describe('filing rules', () => {
  it('files land contracts only', () => {
    expect(isFiledCategory('LAND_CONTRACT')).toBe(true);
    for (const code of ['FOREST', 'FOUR_WASTES', 'AGRI_PROJECT', 'COLLECTIVE_CONSTRUCTION_LAND', '', 'land_contract']) {
      expect(isFiledCategory(code)).toBe(false);
    }
  });

  it.each([
    // [termYears, startsOn, endsOn, years, registration]
    [5, '2027-01-01', '2031-12-31', 5, true],
    [4, '2027-01-01', '2030-12-31', 4, false],
    [30, '2027-01-01', '2056-12-31', 30, true],
    [1, '2027-01-01', '2027-12-31', 1, false],
    // the listing's termYears decides when it has one
    [5, '2027-01-01', null, 5, true],
    [4, '2027-01-01', '2040-12-31', 4, false],
    // without it, the contract's dates: the day before the 5th anniversary is 5 years, a day less is 4
    [null, '2027-01-01', '2031-12-31', 5, true],
    [null, '2027-01-01', '2031-12-30', 4, false],
    [null, '2027-03-15', '2032-03-14', 5, true],
    [null, '2027-03-15', '2032-03-13', 4, false],
    // 29 February: the anniversary in a common year is 28 February
    [null, '2028-02-29', '2033-02-27', 5, true],
    [null, '2028-02-29', '2033-02-26', 4, false],
    [null, '2027-01-01', '2027-06-30', 0, false],
    // no term at all, or nonsense
    [null, '2027-01-01', null, null, false],
    [0, '2027-01-01', null, null, false],
    [-5, '2027-01-01', null, null, false],
    [5.5, '2027-01-01', null, null, false],
    [null, '2027-01-01', '2026-12-30', null, false],
    [null, 'not-a-date', '2031-12-31', null, false],
  ] as const)(
    'a term of %p years from %s to %s is %p years, registration %p',
    (termYears, startsOn, endsOn, years, reg) => {
      const term = { termYears, startsOn, endsOn };
      expect(termYearsOf(term)).toBe(years);
      expect(needsRegistration(term)).toBe(reg);
    },
  );

  it('moves a filing FILED → ACKNOWLEDGED only, once', () => {
    expect(canMoveFiling('FILED', 'ACKNOWLEDGED')).toBe(true);
    expect(canMoveFiling('ACKNOWLEDGED', 'ACKNOWLEDGED')).toBe(false);
    expect(canMoveFiling('ACKNOWLEDGED', 'FILED')).toBe(false);
    expect(canMoveFiling('FILED', 'FILED')).toBe(false);
    expect(canMoveFiling('DRAFT', 'ACKNOWLEDGED')).toBe(false);
    expect(canMoveFiling('FILED', 'DONE')).toBe(false);
  });

  it('records a registration outcome only on an application still APPLIED', () => {
    expect(canMoveRegistration('APPLIED', 'REGISTERED')).toBe(true);
    expect(canMoveRegistration('APPLIED', 'REFUSED')).toBe(true);
    expect(canMoveRegistration('APPLIED', 'APPLIED')).toBe(false);
    for (const from of ['REGISTERED', 'REFUSED']) {
      for (const to of ['APPLIED', 'REGISTERED', 'REFUSED']) expect(canMoveRegistration(from, to)).toBe(false);
    }
    expect(canMoveRegistration(null, 'REGISTERED')).toBe(false);
    expect(canMoveRegistration('UNKNOWN', 'REGISTERED')).toBe(false);
    expect(canMoveRegistration('APPLIED', 'UNKNOWN')).toBe(false);
  });
});

describe('the register as CSV', () => {
  it.each([
    ['plain', 'plain'],
    ['张三', '张三'],
    ['', ''],
    [null, ''],
    [undefined, ''],
    [12, '12'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rlf', '"cr\rlf"'],
    // formula injection: a leading apostrophe keeps the cell text
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+86 139', "'+86 139"],
    ['-1+2', "'-1+2"],
    ['@cmd', "'@cmd"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['=1,2', `"'=1,2"`],
    // only the first character counts
    ['a=1', 'a=1'],
    ['1-2', '1-2'],
    ["'=1", "'=1"],
  ] as const)('field %p → %p', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('ends every record with CRLF', () => {
    expect(csvRecord(['a', 'b,c', null])).toBe('a,"b,c",\r\n');
    expect(csvRecord([])).toBe('\r\n');
  });

  const row: TransferRow = {
    contractNo: 'HA-HT-2027-000001',
    listingNo: 'HA-2027-000001',
    villageCode: '130728100213',
    villageName: '西沙洼村',
    townshipCode: '130728100',
    issuingCollective: '西沙洼村股份经济合作社',
    transferMode: 'LEASE',
    areaMu: 12.5,
    sellerName: '=cmd|"/C calc"!A0',
    buyerName: '怀安县某某农业有限公司',
    startsOn: '2027-01-01',
    endsOn: '2031-12-31',
    termYears: 5,
    priceFen: 1_000_005,
    priceUnit: 'PER_YEAR',
    totalPriceFen: 5_000_025,
    filedOn: '2027-01-02',
    status: 'FILED',
    registrationStatus: 'APPLIED',
  };

  it('writes a BOM, a Chinese header row and one record per row, amounts in 元 with 2 decimals', () => {
    const csv = transfersCsv([
      row,
      {
        ...row,
        contractNo: 'HA-HT-2027-000002',
        sellerName: '李四',
        areaMu: null,
        endsOn: null,
        termYears: null,
        priceFen: 7,
        priceUnit: 'TOTAL',
        totalPriceFen: 7,
        transferMode: 'SUBCONTRACT',
        status: 'ACKNOWLEDGED',
        registrationStatus: null,
      },
    ]);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines[0]).toBe(
      '合同编号,挂牌编号,村代码,村名称,乡镇代码,发包方,流转方式,面积（亩）,出让方,受让方,起始日期,终止日期,期限（年）,' +
        '成交价格（元）,计价方式,成交总价（元）,备案日期,备案状态,登记状态',
    );
    expect(lines[1]).toBe(
      'HA-HT-2027-000001,HA-2027-000001,130728100213,西沙洼村,130728100,西沙洼村股份经济合作社,出租,12.50,' +
        `"'=cmd|""/C calc""!A0",怀安县某某农业有限公司,2027-01-01,2031-12-31,5,10000.05,元/年,50000.25,2027-01-02,` +
        '已备案,已申请登记',
    );
    expect(lines[2]).toBe(
      'HA-HT-2027-000002,HA-2027-000001,130728100213,西沙洼村,130728100,西沙洼村股份经济合作社,转包,,李四,' +
        '怀安县某某农业有限公司,2027-01-01,,,0.07,总价,0.07,2027-01-02,已确认备案,',
    );
  });

  it('an empty register is the header row alone', () => {
    const csv = transfersCsv([]);
    expect(csv.slice(1).split('\r\n')).toHaveLength(2);
    expect(csv.startsWith(`${UTF8_BOM}合同编号,`)).toBe(true);
  });
});
