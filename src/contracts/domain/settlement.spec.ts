import { depositToApply, moneyRoles, paymentProblem, statementOf } from './settlement';

describe('settlement rules', () => {
  it('the winner pays and the lister is paid, except for AGRI_PROJECT', () => {
    expect(moneyRoles('LAND_CONTRACT')).toEqual({ payer: 'WINNER', payee: 'LISTER', depositApplied: true });
    expect(moneyRoles('AGRI_PROJECT')).toEqual({ payer: 'LISTER', payee: 'WINNER', depositApplied: false });
  });

  it('applies the whole deposit of a paying winner, none of a paid supplier', () => {
    expect(depositToApply(moneyRoles('FOREST'), 300_000, 1_000_000)).toBe(300_000);
    expect(depositToApply(moneyRoles('FOREST'), 300_000, 200_000)).toBe(200_000);
    expect(depositToApply(moneyRoles('AGRI_PROJECT'), 300_000, 1_000_000)).toBe(0);
    expect(() => depositToApply(moneyRoles('FOREST'), -1, 1)).toThrow(RangeError);
  });

  it('computes what is due (payable so far less the deposit) and outstanding', () => {
    const s = statementOf({
      totalPriceFen: 6_300_000,
      depositAppliedFen: 1_000_000,
      buyerFeeFen: 81_900,
      sellerFeeFen: 0,
      payableFen: 6_381_900,
      paidFen: 2_000_000,
      disbursedToSellerFen: 0,
    });
    expect(s).not.toHaveProperty('payableFen');
    expect(s.totalPriceFen).toBe(6_300_000);
    expect(s.amountDueFen).toBe(5_381_900);
    expect(s.outstandingFen).toBe(3_381_900);
    expect(paymentProblem(3_381_900, s)).toBeNull();
    expect(paymentProblem(3_381_901, s)).toBe('OVERPAYMENT');
  });

  it('is fully paid at zero outstanding and refuses negative amounts', () => {
    const paid = statementOf({
      totalPriceFen: 100,
      depositAppliedFen: 0,
      buyerFeeFen: 0,
      sellerFeeFen: 0,
      payableFen: 100,
      paidFen: 100,
      disbursedToSellerFen: 0,
    });
    expect(paid.outstandingFen).toBe(0);
    expect(paymentProblem(1, paid)).toBe('OVERPAYMENT');
    expect(() =>
      statementOf({
        totalPriceFen: 100,
        depositAppliedFen: 0,
        buyerFeeFen: -1,
        sellerFeeFen: 0,
        payableFen: 0,
        paidFen: 0,
        disbursedToSellerFen: 0,
      }),
    ).toThrow(RangeError);
  });

  it('before anything is payable (unsigned), nothing is due, even with a deposit to apply', () => {
    const s = statementOf({
      totalPriceFen: 8_000_000,
      depositAppliedFen: 240_000,
      buyerFeeFen: 104_000,
      sellerFeeFen: 0,
      payableFen: 0,
      paidFen: 0,
      disbursedToSellerFen: 0,
    });
    expect(s).toMatchObject({ amountDueFen: 0, outstandingFen: 0 });
    expect(paymentProblem(1, s)).toBe('OVERPAYMENT');
  });
});
