import { TRANSFER_MODES, TransferMode } from '../../catalog/domain/category.types';
import {
  canMortgageTransition,
  isMortgageable,
  isMortgageStatus,
  missingConsent,
  MORTGAGE_STATUSES,
  MortgageStatus,
  OPEN_MORTGAGE_STATUSES,
  requiredConsents,
} from './mortgage-rules';

describe('the mortgage lifecycle', () => {
  const allowed: [MortgageStatus, MortgageStatus][] = [
    ['APPLIED', 'REGISTERED'],
    ['APPLIED', 'REFUSED'],
    ['REGISTERED', 'RELEASED'],
  ];

  it.each(MORTGAGE_STATUSES.flatMap((from) => MORTGAGE_STATUSES.map((to) => [from, to] as const)))(
    '%s → %s',
    (from, to) => {
      const expected = allowed.some(([a, b]) => a === from && b === to);
      expect(canMortgageTransition(from, to)).toBe(expected);
    },
  );

  it('REFUSED and RELEASED are final', () => {
    for (const final of ['REFUSED', 'RELEASED'] as const) {
      for (const to of MORTGAGE_STATUSES) expect(canMortgageTransition(final, to)).toBe(false);
    }
  });

  it('an unknown status moves nowhere', () => {
    expect(canMortgageTransition('PENDING' as MortgageStatus, 'REGISTERED')).toBe(false);
    expect(canMortgageTransition('APPLIED', 'DONE' as MortgageStatus)).toBe(false);
    expect(isMortgageStatus('APPLIED')).toBe(true);
    expect(isMortgageStatus('applied')).toBe(false);
    expect(isMortgageStatus(undefined)).toBe(false);
  });

  it('APPLIED and REGISTERED are open, the final statuses are not', () => {
    expect([...OPEN_MORTGAGE_STATUSES]).toEqual(['APPLIED', 'REGISTERED']);
  });
});

describe('the consents a mortgage needs', () => {
  const table: [TransferMode, string[]][] = [
    ['LEASE', ['CONSENT', 'LESSOR_CONSENT']],
    ['SUBCONTRACT', ['CONSENT', 'LESSOR_CONSENT']],
    ['SHARE', ['CONSENT']],
    ['TRANSFER', ['CONSENT']],
    ['SALE', ['CONSENT']],
    ['PROCUREMENT', ['CONSENT']],
  ];

  it('covers every transfer mode', () => {
    expect(table.map(([mode]) => mode).sort()).toEqual([...TRANSFER_MODES].sort());
  });

  it.each(table)('%s needs %j', (mode, kinds) => {
    expect(requiredConsents(mode)).toEqual(kinds);
  });

  it.each<[TransferMode, string[], string | null]>([
    ['LEASE', [], 'CONSENT'],
    ['LEASE', ['LESSOR_CONSENT'], 'CONSENT'],
    ['LEASE', ['CONSENT'], 'LESSOR_CONSENT'],
    ['LEASE', ['CONSENT', 'OTHER'], 'LESSOR_CONSENT'],
    ['LEASE', ['LESSOR_CONSENT', 'CONSENT'], null],
    ['SUBCONTRACT', ['CONSENT'], 'LESSOR_CONSENT'],
    ['SHARE', [], 'CONSENT'],
    ['SHARE', ['OTHER', 'LESSOR_CONSENT'], 'CONSENT'],
    ['SHARE', ['CONSENT'], null],
    ['TRANSFER', ['CONSENT', 'CONSENT'], null],
  ])('%s with %j on file: missing %s', (mode, present, missing) => {
    expect(missingConsent(mode, present)).toBe(missing);
  });
});

describe('which rights can secure a loan', () => {
  it.each(TRANSFER_MODES.map((mode) => [mode, mode !== 'PROCUREMENT'] as const))('%s: %s', (mode, expected) => {
    expect(isMortgageable(mode)).toBe(expected);
  });
});
