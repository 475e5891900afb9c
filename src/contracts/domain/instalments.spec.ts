import {
  lateFeeFen,
  planInstalments,
  PlannedInstalment,
  reminderStage,
  ScheduleFacts,
  scheduleState,
} from './instalments';

const NONE = new Map<number, { lateFeeFen: number }>();

describe('planInstalments', () => {
  it('a 10-year lease priced per year: one instalment a year, due on each anniversary of the start', () => {
    // 8,000.00 元 a year × 10 years = 80,000.00 元; fee 1,040.00 元 (1.3 %), shared 104.00 元 a year
    const plan = planInstalments({
      totalFen: 8_000_000,
      priceUnit: 'PER_YEAR',
      termYears: 10,
      startsOn: '2027-01-01',
      buyerFeeFen: 104_000,
      sellerFeeFen: 0,
    });
    expect(plan).toHaveLength(10);
    expect(plan.map((p) => p.dueOn)).toEqual([
      '2027-01-01',
      '2028-01-01',
      '2029-01-01',
      '2030-01-01',
      '2031-01-01',
      '2032-01-01',
      '2033-01-01',
      '2034-01-01',
      '2035-01-01',
      '2036-01-01',
    ]);
    expect(plan.every((p) => p.kind === 'RENT' && p.amountFen === 800_000 && p.buyerFeeFen === 10_400)).toBe(true);
  });

  it('rounds each year half up; the last year takes the remainder, of the rent and of each fee', () => {
    // 830.00 元/亩/年 × 25.5 亩 × 3 years = 63,495.00 元 → 21,165.00 a year; a fee of 825.44 元 → 275.15 + 275.15 + 275.14
    const plan = planInstalments({
      totalFen: 6_349_500,
      priceUnit: 'PER_MU_PER_YEAR',
      termYears: 3,
      startsOn: '2028-02-29',
      buyerFeeFen: 82_544,
      sellerFeeFen: 82_544,
    });
    expect(plan.map((p) => [p.dueOn, p.amountFen, p.buyerFeeFen])).toEqual([
      ['2028-02-29', 2_116_500, 27_515],
      ['2029-02-28', 2_116_500, 27_515],
      ['2030-02-28', 2_116_500, 27_514],
    ]);
    // 10,000 fen over 3 years: 3,333, 3,333, 3,334
    const uneven = planInstalments({
      totalFen: 10_000,
      priceUnit: 'PER_YEAR',
      termYears: 3,
      startsOn: '2027-01-01',
      buyerFeeFen: 0,
      sellerFeeFen: 0,
    });
    expect(uneven.map((p) => p.amountFen)).toEqual([3_333, 3_333, 3_334]);
  });

  it('a total price, a one-year term or a per-year price for one year: one instalment due at the start', () => {
    for (const [priceUnit, termYears] of [
      ['TOTAL', 5],
      ['PER_YEAR', 1],
      ['TOTAL', null],
    ] as const) {
      const plan = planInstalments({
        totalFen: 5_000_000,
        priceUnit,
        termYears,
        startsOn: '2027-03-01',
        buyerFeeFen: 65_000,
        sellerFeeFen: 0,
      });
      expect(plan).toEqual([
        {
          no: 1,
          kind: 'PRICE',
          dueOn: '2027-03-01',
          amountFen: 5_000_000,
          buyerFeeFen: 65_000,
          sellerFeeFen: 0,
          retentionFen: 0,
        },
      ]);
    }
  });

  it('a procurement: the advance due at the start, the balance at acceptance less a 3 % retention', () => {
    // road works of 492,000.00 元, 30 % advance = 147,600.00 元, balance 344,400.00 元, retention 14,760.00 元
    const plan = planInstalments({
      totalFen: 49_200_000,
      priceUnit: 'TOTAL',
      termYears: null,
      startsOn: '2027-04-01',
      buyerFeeFen: 0,
      sellerFeeFen: 639_600,
      procurement: { advancePercent: 30, retentionBp: 300 },
    });
    expect(plan).toEqual([
      {
        no: 1,
        kind: 'ADVANCE',
        dueOn: '2027-04-01',
        amountFen: 14_760_000,
        buyerFeeFen: 0,
        sellerFeeFen: 191_880,
        retentionFen: 0,
      },
      {
        no: 2,
        kind: 'BALANCE',
        dueOn: null,
        amountFen: 34_440_000,
        buyerFeeFen: 0,
        sellerFeeFen: 447_720,
        retentionFen: 1_476_000,
      },
    ]);
    // no advance: the balance is the whole price
    const noAdvance = planInstalments({
      totalFen: 100_000,
      priceUnit: 'TOTAL',
      termYears: null,
      startsOn: '2027-04-01',
      buyerFeeFen: 0,
      sellerFeeFen: 0,
      procurement: { advancePercent: 0, retentionBp: 300 },
    });
    expect(noAdvance.map((p) => [p.kind, p.amountFen, p.retentionFen])).toEqual([['BALANCE', 100_000, 3_000]]);
  });
});

describe('lateFeeFen', () => {
  it('runs from the day after the due date until paid: unpaid × bp × days, rounded half up once', () => {
    // 8,000.00 元 due 2028-01-01, paid 2028-01-21: 20 days × 0.05 % = 1 % = 80.00 元
    expect(lateFeeFen(800_000, '2028-01-01', [{ on: '2028-01-21', amountFen: 800_000 }], '2028-03-01', 5)).toBe(8_000);
    // nothing on the due date itself, nor before
    expect(lateFeeFen(800_000, '2028-01-01', [], '2028-01-01', 5)).toBe(0);
    expect(lateFeeFen(800_000, '2028-01-01', [{ on: '2027-12-20', amountFen: 800_000 }], '2028-06-01', 5)).toBe(0);
    // still unpaid: through today (3 days)
    expect(lateFeeFen(800_000, '2028-01-01', [], '2028-01-04', 5)).toBe(1_200);
  });

  it('a partial payment stops the accrual on what it paid from the next day', () => {
    // 1,000.00 元 due 03-01; 400.00 paid 03-03 (2 days on 1,000.00), the rest 03-08 (5 days on 600.00):
    // (100,000 × 2 + 60,000 × 5) × 5 / 10,000 = 250 fen
    const payments = [
      { on: '2027-03-03', amountFen: 40_000 },
      { on: '2027-03-08', amountFen: 60_000 },
    ];
    expect(lateFeeFen(100_000, '2027-03-01', payments, '2027-12-31', 5)).toBe(250);
    // half up, once: 1 fen unpaid for 1 day at 5 bp = 0.0005 fen → 0; 1,000 fen for 1 day = 0.5 → 1
    expect(lateFeeFen(1, '2027-03-01', [], '2027-03-02', 5)).toBe(0);
    expect(lateFeeFen(1_000, '2027-03-01', [], '2027-03-02', 5)).toBe(1);
  });

  it('has no due date before acceptance (a procurement’s balance)', () => {
    expect(lateFeeFen(100_000, null, [], '2030-01-01', 5)).toBe(0);
  });
});

describe('scheduleState', () => {
  const plan: PlannedInstalment[] = planInstalments({
    totalFen: 2_400_000,
    priceUnit: 'PER_YEAR',
    termYears: 3,
    startsOn: '2027-01-01',
    buyerFeeFen: 31_200,
    sellerFeeFen: 0,
  }); // 8,000.00 元 a year + 104.00 元 fee
  const facts = (over: Partial<ScheduleFacts>): ScheduleFacts => ({
    credits: [],
    today: '2026-12-20',
    lateFeeBpPerDay: 5,
    signedOn: '2026-12-15',
    acceptedOn: null,
    settled: NONE,
    ...over,
  });

  it('before signing nothing is payable; after it the first instalment; a later one from 30 days before its due date', () => {
    expect(scheduleState(plan, facts({ signedOn: null })).payableFen).toBe(0);
    expect(scheduleState(plan, facts({})).payableFen).toBe(810_400);
    const paid = { credits: [{ on: '2026-12-20', amountFen: 810_400 }] };
    expect(scheduleState(plan, facts({ ...paid, today: '2027-12-01' })).payableFen).toBe(810_400);
    expect(scheduleState(plan, facts({ ...paid, today: '2027-12-02' })).payableFen).toBe(1_620_800);
  });

  it('the deposit and payments fill the oldest instalment first: its amount, its fee, its late fee', () => {
    const state = scheduleState(
      plan,
      facts({
        today: '2027-12-10',
        credits: [
          { on: '2026-12-10', amountFen: 240_000 }, // the deposit
          { on: '2026-12-20', amountFen: 570_400 }, // the rest of year 1 and its fee
          { on: '2027-12-05', amountFen: 300_000 }, // towards year 2, early
        ],
      }),
    );
    expect(state.instalments.map((i) => [i.no, i.status, i.paidFen, i.lateFeeFen])).toEqual([
      [1, 'PAID', 810_400, 0],
      [2, 'PENDING', 300_000, 0],
      [3, 'PENDING', 0, 0],
    ]);
    expect(state.unallocatedFen).toBe(0);
  });

  it('an instalment is DUE on its date, OVERDUE after it with a late fee, and PAID once all of it is paid', () => {
    const settled = new Map([[1, { lateFeeFen: 0 }]]);
    const base = { settled, credits: [{ on: '2026-12-20', amountFen: 810_400 }] };
    expect(scheduleState(plan, facts({ ...base, today: '2028-01-01' })).instalments[1]).toMatchObject({
      status: 'DUE',
      lateFeeFen: 0,
    });
    // 10 days late on 8,000.00 元: 8,000.00 × 0.05 % × 10 = 40.00 元
    const late = scheduleState(plan, facts({ ...base, today: '2028-01-11' }));
    expect(late.instalments[1]).toMatchObject({ status: 'OVERDUE', lateFeeFen: 4_000, paidFen: 0 });
    expect(late.instalments[0].status).toBe('SETTLED');
    // paid on the 11th: the late fee stops there and is part of what the instalment asks
    const paid = scheduleState(
      plan,
      facts({ ...base, today: '2028-02-01', credits: [...base.credits, { on: '2028-01-11', amountFen: 814_400 }] }),
    );
    expect(paid.instalments[1]).toMatchObject({ status: 'PAID', lateFeeFen: 4_000, paidFen: 814_400 });
    // the amount and fee paid, the late fee not yet: still open
    const short = scheduleState(
      plan,
      facts({ ...base, today: '2028-02-01', credits: [...base.credits, { on: '2028-01-11', amountFen: 810_400 }] }),
    );
    expect(short.instalments[1]).toMatchObject({ status: 'OVERDUE', lateFeeFen: 4_000, paidFen: 810_400 });
  });

  it('a procurement’s balance is payable, and due, from the acceptance', () => {
    const procurement = planInstalments({
      totalFen: 1_000_000,
      priceUnit: 'TOTAL',
      termYears: null,
      startsOn: '2027-04-01',
      buyerFeeFen: 0,
      sellerFeeFen: 0,
      procurement: { advancePercent: 20, retentionBp: 300 },
    });
    const before = scheduleState(procurement, facts({ today: '2027-06-01', signedOn: '2027-03-20' }));
    // the advance, 61 days late: 200,000 × 0.05 % × 61 = 6,100 fen; the balance is not payable before acceptance
    expect(before.payableFen).toBe(206_100);
    expect(before.instalments.map((i) => i.status)).toEqual(['OVERDUE', 'PENDING']);
    const accepted = scheduleState(
      procurement.map((p) => (p.kind === 'BALANCE' ? { ...p, dueOn: '2027-09-01' } : p)),
      facts({ today: '2027-09-01', signedOn: '2027-03-20', acceptedOn: '2027-09-01' }),
    );
    // the unpaid advance is 153 days late by then: 200,000 × 0.05 % × 153 = 15,300 fen
    expect(accepted.instalments[0].lateFeeFen).toBe(15_300);
    expect(accepted.payableFen).toBe(200_000 + 15_300 + 800_000);
    expect(accepted.instalments[1]).toMatchObject({ status: 'DUE', payableFrom: '2027-09-01' });
  });
});

describe('reminderStage', () => {
  it.each<[string, string, string | null]>([
    ['2028-01-01', '2027-11-01', null],
    ['2028-01-01', '2027-12-01', null],
    ['2028-01-01', '2027-12-02', 'D30'],
    ['2028-01-01', '2027-12-25', 'D7'],
    ['2028-01-01', '2027-12-31', 'D1'],
    ['2028-01-01', '2028-01-01', 'DUE'],
    ['2028-01-01', '2028-01-02', 'OVERDUE'],
    ['2028-01-01', '2029-06-01', 'OVERDUE'],
  ])('due %s, today %s → %p', (dueOn, today, stage) => {
    expect(reminderStage(dueOn, today)).toBe(stage);
  });
});
