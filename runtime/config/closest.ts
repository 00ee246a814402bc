// "Did you mean …?" for a misspelt key: the nearest candidate by edit distance, if near enough.

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The candidate nearest to `word` (case aside), if within two edits or a quarter of its length. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 4)) + 1;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** " (did you mean X?)" with X as `render` writes the nearest candidate, or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>, render: (candidate: string) => string = (c) => c): string {
  const match = closest(word, candidates);
  return match === undefined ? '' : ` (did you mean ${render(match)}?)`;
}
