/**
 * A listing search past the exact-count cap: its total estimated from a sample of the table (TABLESAMPLE SYSTEM:
 * whole pages, each kept with the same probability, so `hits / fraction` is an unbiased estimate), and whether its
 * page is best read along the sort's index (a common word) than from all its matches.
 */

/** What a sample of `percent` % of the listings held: rows passing the filters but the text, rows matching all. */
export interface SearchSample {
  plain: number;
  hits: number;
  percent: number;
}

/** About this many rows are sampled (a few milliseconds at 1,000,000 listings). */
export const ESTIMATE_SAMPLE_ROWS = 3000;

/** The most rows a page read in its sort's order may pass over (beyond it, fetching all the matches is cheaper). */
export const SEARCH_WALK_ROWS = 4000;

/** The sample's seed: the same pages for every request, so a search's pages show the same total. */
export const ESTIMATE_SEED = 14;

/**
 * `hits` matches in a sample of `percent` % of the table, when more than `cap` match: the scaled count, never below
 * cap + 1 (what the exact count saw), rounded to what a sample can tell (its error is about 1/√hits): two significant
 * digits, one when it saw fewer than 25 matches. A whole-table "sample" (a small table) is the count itself.
 */
export function estimatedTotal(hits: number, percent: number, cap: number): number {
  if (percent >= 100) return Math.max(cap + 1, hits);
  const scaled = percent > 0 ? (hits * 100) / percent : 0;
  if (scaled <= cap + 1) return cap + 1;
  const digits = hits < 25 ? 1 : 2;
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(scaled)) + 1 - digits);
  return Math.max(cap + 1, Math.round(scaled / unit) * unit);
}

/**
 * Whether the first `needed` matches (offset + page size) are likely among the first `walkRows` listings passing the
 * other filters in the sort's order, the text matching `hits` of the sample's `plain` such listings: expected within
 * half of them (a margin for the sample's error and for matches bunched elsewhere in the order).
 */
export function worthWalking(sample: SearchSample, needed: number, walkRows: number): boolean {
  return sample.hits > 0 && (needed * sample.plain) / sample.hits <= walkRows / 2;
}
