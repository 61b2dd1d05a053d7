/**
 * Levenshtein distance, iterative with one row, so it is safe on any input length we feed it. With
 * `bound`, it stops as soon as the distance must exceed it and returns `bound + 1`: a did-you-mean
 * over a long, hostile identifier then costs a row or two per candidate, not length × length.
 */
export function editDistance(a: string, b: string, bound = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    let rowMin = row[0];
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
      if (row[j] < rowMin) rowMin = row[j];
    }
    // A row's minimum never decreases further down, so once it passes the bound the answer does too.
    if (rowMin > bound) return bound + 1;
  }
  return row[b.length] <= bound ? row[b.length] : bound + 1;
}

/** Longer than any name a person types by hand: such a word gets no did-you-mean (and costs nothing). */
const LONGEST_TYPO = 256;

/**
 * The candidate closest to `word` (case-insensitive), if it is close enough to be a likely typo:
 * within a third of the word's length, or within `maxDistance` when given.
 */
export function closest(word: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
  if (word.length > LONGEST_TYPO) return undefined;
  const limit = maxDistance ?? Math.max(1, Math.floor(word.length / 3));
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    // Only a candidate strictly better than the best so far, and within the limit, can win.
    const bound = Math.min(limit, bestDistance - 1);
    if (bound < 0) break;
    const d = editDistance(lower, candidate.toLowerCase(), bound);
    if (d <= bound) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
