/**
 * The tokens a search for `q` must find in a listing's `search_tokens` (see the ListingSearchAndNumbers migration):
 * its distinct character pairs, or the single character of a one-character query. Mirrors the SQL `search_tokens()`
 * function, which stores every character and every pair.
 */
export function searchTokens(q: string): string[] {
  const chars = [...q];
  if (chars.length === 1) return chars;
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) pairs.add(chars[i] + chars[i + 1]);
  return [...pairs];
}
