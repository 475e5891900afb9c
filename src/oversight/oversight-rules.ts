import type { AuctionDirection } from '../catalog/domain/category.types';

/**
 * `LOW_PRICE`: a sale or lease made below 70 % of the reserve (the lister's floor: the rules should never let one
 * through, so any such deal is worth a look). `LOW_TENDER`: a procurement (reverse auction, the reserve is the
 * ceiling, lower is better for the lister) won below 70 % of the ceiling: not a loss to the lister but an abnormally
 * low tender (异常低价), a sign of a supplier that may not perform. Exact in integer fen: `price × 10 < reserve × 7`.
 */
export type LowPriceKind = 'LOW_PRICE' | 'LOW_TENDER';

export function lowPriceAnomaly(
  direction: AuctionDirection,
  priceFen: number,
  reserveFen: number,
): LowPriceKind | null {
  if (!(reserveFen > 0) || priceFen * 10 >= reserveFen * 7) return null;
  return direction === 'DESCENDING' ? 'LOW_TENDER' : 'LOW_PRICE';
}

/** The price as a percentage of the reserve, one decimal (`48.5`). */
export function percentOfReserve(priceFen: number, reserveFen: number): number {
  return reserveFen > 0 ? Math.round((priceFen * 1000) / reserveFen) / 10 : 0;
}
