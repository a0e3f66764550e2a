// "Did you mean ...?" for near misses: edit distance, ignoring case.

/** Edit distance (insert, delete, replace, swap two neighbours: each counts 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], rows[i - 2][j - 2] + 1);
    }
    rows.push(row);
  }
  return rows[a.length][b.length];
}

/**
 * The candidate closest to `word`, when it is close enough to be a typo: at most 1 edit for short
 * words, 2 from 5 characters on, 3 from 9 on (case and '-'/' ' for '_' do not count).
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 64) return undefined;
  const normal = (s: string) => s.toLowerCase().replace(/[-\s]/g, '_');
  const w = normal(word);
  const allowed = w.length >= 9 ? 3 : w.length >= 5 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(w, normal(candidate));
    if (d < bestDistance && d <= allowed) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
