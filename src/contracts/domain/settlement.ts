import { isNonNegativeFen } from '../../common/domain/money';
import type { CategoryCode } from '../../catalog/domain/category.types';

/**
 * Who pays whom (DOMAIN.md §2 step 9) and what is due (API.md `GET /contracts/:id/statement`), as pure rules.
 *
 * Normally the winner of the trade (受让方) pays into escrow and the lister (出让方) is paid. For AGRI_PROJECT the
 * money flips: the listing collective is the purchaser and pays; the winning bidder is the supplier and is paid. In
 * the contract's terms the paid party is always the SELLER and the paying party the BUYER.
 */

export type DealSide = 'LISTER' | 'WINNER';

export interface MoneyRoles {
  /** Who pays the price and the buyer's fee (the contract's BUYER). */
  payer: DealSide;
  /** Who is paid the price less the seller's fee (the contract's SELLER). */
  payee: DealSide;
  /** Is the winner's deposit applied to the price? Only when the winner is the payer. */
  depositApplied: boolean;
}

/** The categories whose lister buys (reverse auction): payer and payee flip. */
export const PURCHASE_CATEGORIES: readonly CategoryCode[] = ['AGRI_PROJECT'];

export function moneyRoles(category: CategoryCode): MoneyRoles {
  return PURCHASE_CATEGORIES.includes(category)
    ? { payer: 'LISTER', payee: 'WINNER', depositApplied: false }
    : { payer: 'WINNER', payee: 'LISTER', depositApplied: true };
}

export interface StatementInput {
  totalPriceFen: number;
  depositAppliedFen: number;
  buyerFeeFen: number;
  sellerFeeFen: number;
  /** The instalments payable so far (amounts, buyer fees, late fees), from the schedule (`scheduleState`). */
  payableFen: number;
  /** Payments received from the paying party so far (less what a default returned). */
  paidFen: number;
  /** What has been paid out to the paid party. */
  disbursedToSellerFen: number;
}

export interface Statement extends Omit<StatementInput, 'payableFen'> {
  /** The instalments payable so far less the deposit applied: what the paying party owes in payments now. */
  amountDueFen: number;
  outstandingFen: number;
}

function requireFen(name: string, value: number): number {
  if (!isNonNegativeFen(value)) throw new RangeError(`${name} must be a non-negative safe integer of fen: ${value}`);
  return value;
}

/** The contract's statement (API.md `GET /contracts/:id/statement`). Throws a `RangeError` for negative amounts. */
export function statementOf(input: StatementInput): Statement {
  for (const [name, value] of Object.entries(input)) requireFen(name, value as number);
  const { payableFen, ...rest } = input;
  const amountDueFen = Math.max(payableFen - input.depositAppliedFen, 0);
  return { ...rest, amountDueFen, outstandingFen: Math.max(amountDueFen - input.paidFen, 0) };
}

/**
 * The part of the winner's deposit applied to the price: all of it when the winner pays (a deposit is at most 30%
 * of the reserve, so it never exceeds the total), none when the winner is the paid supplier (its deposit is then
 * released when the deal settles).
 */
export function depositToApply(roles: MoneyRoles, depositFen: number, totalPriceFen: number): number {
  requireFen('depositFen', depositFen);
  requireFen('totalPriceFen', totalPriceFen);
  return roles.depositApplied ? Math.min(depositFen, totalPriceFen) : 0;
}

/** Why a payment of `amountFen` cannot be recorded, or null: it may not exceed what is outstanding. */
export function paymentProblem(amountFen: number, statement: Statement): 'OVERPAYMENT' | null {
  return amountFen > statement.outstandingFen ? 'OVERPAYMENT' : null;
}
