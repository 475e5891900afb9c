/**
 * The oversight summary's figures (API.md `GET /stats/summary`), from raw sums:
 * - `dealCount`, `turnoverFen`, `areaMu`, `reserveFen`: the deals made in the period that stand (every status but
 *   CANCELLED and DEFAULTED), their total prices, their listings' areas and total reserve values;
 * - `premiumFen` = turnover − reserve, `premiumRate` = premium / reserve (溢价率; negative for reverse auctions,
 *   where a price under the ceiling is a saving);
 * - `failedCount`: listings that ended FAILED in the period (流拍, or a deal cancelled or defaulted);
 * - `failureRate` = failed / (deals + failed).
 * Rates are fractions rounded to 4 decimals (0.1234 = 12.34%); 0 when there is nothing to divide by.
 */

export interface RawFigures {
  dealCount: number;
  turnoverFen: number;
  /** Hundredths of a mu, summed exactly as integers. */
  areaCentiMu: number;
  reserveFen: number;
  failedCount: number;
}

export interface SummaryFigures {
  dealCount: number;
  turnoverFen: number;
  areaMu: number;
  reserveFen: number;
  premiumFen: number;
  premiumRate: number;
  failedCount: number;
  failureRate: number;
}

export const EMPTY_FIGURES: RawFigures = Object.freeze({
  dealCount: 0,
  turnoverFen: 0,
  areaCentiMu: 0,
  reserveFen: 0,
  failedCount: 0,
});

/** `numerator / denominator` rounded half away from zero to 4 decimals, exactly (bigint); 0 for a 0 denominator. */
export function ratio4(numerator: number, denominator: number): number {
  if (denominator === 0) return 0;
  const n = BigInt(numerator) * 10_000n;
  const d = BigInt(denominator);
  const negative = n < 0n !== d < 0n;
  const absN = n < 0n ? -n : n;
  const absD = d < 0n ? -d : d;
  const rounded = (2n * absN + absD) / (2n * absD);
  return Number(negative ? -rounded : rounded) / 10_000;
}

export function summarize(raw: RawFigures): SummaryFigures {
  const premiumFen = raw.turnoverFen - raw.reserveFen;
  return {
    dealCount: raw.dealCount,
    turnoverFen: raw.turnoverFen,
    areaMu: raw.areaCentiMu / 100,
    reserveFen: raw.reserveFen,
    premiumFen,
    premiumRate: ratio4(premiumFen, raw.reserveFen),
    failedCount: raw.failedCount,
    failureRate: ratio4(raw.failedCount, raw.dealCount + raw.failedCount),
  };
}

/** Adds raw figures (for totals over groups). */
export function addFigures(a: RawFigures, b: RawFigures): RawFigures {
  return {
    dealCount: a.dealCount + b.dealCount,
    turnoverFen: a.turnoverFen + b.turnoverFen,
    areaCentiMu: a.areaCentiMu + b.areaCentiMu,
    reserveFen: a.reserveFen + b.reserveFen,
    failedCount: a.failedCount + b.failedCount,
  };
}
