/** Edit distance (insertions, deletions, substitutions) between two strings. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The `limit` candidates closest to `text`, nearest first (ties in candidate order). Each
 * candidate is compared through its folded spellings, so a misspelt name or a p-code of the
 * wrong country finds its neighbours.
 */
export function closestNames<T>(text: string, candidates: { item: T; spellings: string[] }[], limit = 3): T[] {
  return candidates
    .map((c, order) => ({ c, order, d: Math.min(...c.spellings.map((s) => distance(text, s))) }))
    .sort((x, y) => x.d - y.d || x.order - y.order)
    .slice(0, limit)
    .map((x) => x.c.item);
}
