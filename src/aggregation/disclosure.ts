/** One cell of a breakdown: its codes (null = no answer), in groupBy order, and its count. */
export interface Cell {
  keys: readonly (string | null)[];
  count: number;
}

/** Every proper subset of the dimension indices 0..n-1 (the empty one = the grand total). */
function properSubsets(n: number): number[][] {
  const out: number[][] = [];
  for (let mask = 0; mask < (1 << n) - 1; mask++) out.push([...Array(n).keys()].filter((i) => mask & (1 << i)));
  return out;
}

/**
 * Which cells a public caller must not see (indices into `cells`).
 *
 * Primary suppression: every cell with fewer than `k` contributors.
 *
 * Secondary suppression: a hidden count can be recovered by subtraction whenever it is the only
 * unknown cell of a sum the caller can learn. Those sums are the margins of the table: the
 * total, and for two or three dimensions every cell of the same query with fewer dimensions
 * (a row, a column, a plane of the table). A margin below `k` is itself suppressed by that smaller
 * query; every other margin is assumed known. The audit solves the margins the way an attacker
 * would (any margin with exactly one unknown cell reveals it, and solved cells help solve
 * others); at the first cell it would reveal, the smallest visible cell of that margin is
 * suppressed as well (preferring cells that are not alone in a margin, since a smaller query
 * would show those), and the audit starts again, until no suppressed cell can be solved.
 * For one dimension this is the plain rule: when a single group would be suppressed, the next
 * smallest is suppressed too.
 */
export function cellsToSuppress(cells: readonly Cell[], k: number): Set<number> {
  const suppressed = new Set<number>();
  cells.forEach((c, i) => {
    if (c.count < k) suppressed.add(i);
  });
  if (suppressed.size === 0) return suppressed;

  const dims = cells[0].keys.length;
  const margins: number[][] = [];
  for (const fixed of properSubsets(dims)) {
    const byMargin = new Map<string, number[]>();
    cells.forEach((c, i) => {
      const key = JSON.stringify(fixed.map((d) => c.keys[d]));
      byMargin.set(key, [...(byMargin.get(key) ?? []), i]);
    });
    for (const members of byMargin.values()) {
      if (members.reduce((a, i) => a + cells[i].count, 0) >= k) margins.push(members);
    }
  }
  const alone = new Set(margins.filter((m) => m.length === 1).map((m) => m[0]));

  /** The visible cells of the first margin that would reveal a suppressed cell, or null. */
  const firstLeak = (): number[] | null => {
    const unknown = new Set(suppressed);
    let progress = true;
    while (progress) {
      progress = false;
      for (const m of margins) {
        const hidden = m.filter((i) => unknown.has(i));
        if (hidden.length !== 1) continue;
        const visible = m.filter((i) => !suppressed.has(i));
        if (visible.length > 0) return visible;
        // Only other solved cells in this margin: nothing left to hide here; the attacker solves it.
        unknown.delete(hidden[0]);
        progress = true;
      }
    }
    return null;
  };

  for (let leak = firstLeak(); leak; leak = firstLeak()) {
    leak.sort((a, b) => Number(alone.has(a)) - Number(alone.has(b)) || cells[a].count - cells[b].count || a - b);
    suppressed.add(leak[0]);
  }
  return suppressed;
}
