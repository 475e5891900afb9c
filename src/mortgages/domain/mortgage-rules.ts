/**
 * Mortgage registration of traded rights (抵押登记, DOMAIN.md §2 step 13), as pure rules: the lifecycle as data, the
 * consents a mortgage needs, and which certified rights can secure a loan. No framework imports.
 *
 * APPLIED (a lender applied with the certificate's verification code) → REGISTERED (a clerk registered it, the
 * consents on file) or REFUSED (a clerk refused it, with a reason); REGISTERED → RELEASED (the lender released it
 * when the loan was repaid). REFUSED and RELEASED are final.
 */
import type { TransferMode } from '../../catalog/domain/category.types';

export const MORTGAGE_STATUSES = ['APPLIED', 'REGISTERED', 'REFUSED', 'RELEASED'] as const;
export type MortgageStatus = (typeof MORTGAGE_STATUSES)[number];

export const MORTGAGE_TRANSITIONS: Readonly<Record<MortgageStatus, readonly MortgageStatus[]>> = Object.freeze({
  APPLIED: ['REGISTERED', 'REFUSED'],
  REGISTERED: ['RELEASED'],
  REFUSED: [],
  RELEASED: [],
});

/**
 * Mortgages still open: a lender holds at most one open mortgage on a certificate (a second application while one is
 * open is `409 INVALID_STATE`); several lenders may each hold one (a right may secure several loans).
 */
export const OPEN_MORTGAGE_STATUSES: readonly MortgageStatus[] = Object.freeze(['APPLIED', 'REGISTERED']);

/** The longest loan term a mortgage is registered for: 50 years. */
export const MAX_TERM_MONTHS = 600;

export function isMortgageStatus(value: unknown): value is MortgageStatus {
  return typeof value === 'string' && (MORTGAGE_STATUSES as readonly string[]).includes(value);
}

/** May a mortgage go from `from` to `to`? Unknown statuses → `false`. */
export function canMortgageTransition(from: MortgageStatus, to: MortgageStatus): boolean {
  return isMortgageStatus(from) && isMortgageStatus(to) && MORTGAGE_TRANSITIONS[from].includes(to);
}

/** The consents a mortgage needs on file before it is registered. */
export type ConsentKind = 'CONSENT' | 'LESSOR_CONSENT';

/** Transfer modes that leave the holder a leased right: mortgaging it needs the lessor's written consent. */
const LEASED_MODES: readonly TransferMode[] = ['LEASE', 'SUBCONTRACT'];

/**
 * The consents a mortgage on a right traded in `transferMode` needs, in the order they are asked for: always the
 * holder's (`CONSENT`); for a leased right (LEASE, SUBCONTRACT) also the lessor's written consent (`LESSOR_CONSENT`,
 * Land Contracting Law art. 47: 经承包方书面同意并向发包方备案, 受让方可以用土地经营权向金融机构融资担保).
 */
export function requiredConsents(transferMode: TransferMode): ConsentKind[] {
  return LEASED_MODES.includes(transferMode) ? ['CONSENT', 'LESSOR_CONSENT'] : ['CONSENT'];
}

/** The first consent of `requiredConsents(transferMode)` not among `present`, or null when all are on file. */
export function missingConsent(transferMode: TransferMode, present: Iterable<string>): ConsentKind | null {
  const onFile = new Set(present);
  return requiredConsents(transferMode).find((kind) => !onFile.has(kind)) ?? null;
}

/**
 * Can the right a certificate attests secure a loan? Every traded right can, except a procurement (AGRI_PROJECT,
 * `PROCUREMENT`): its certificate attests works bought, not a right held.
 */
export function isMortgageable(transferMode: TransferMode): boolean {
  return transferMode !== 'PROCUREMENT';
}
