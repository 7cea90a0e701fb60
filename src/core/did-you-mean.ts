/** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
export function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row += 1) {
    const current = [row];
    for (let column = 1; column <= right.length; column += 1) {
      const substitution = previous[column - 1]! + (left[row - 1] === right[column - 1] ? 0 : 1);
      current.push(Math.min(previous[column]! + 1, current[column - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length]!;
}

export interface DidYouMeanOptions {
  /**
   * Also suggest a candidate that contains the input or is contained in it ("aime" → "aime25"):
   * right for ids people shorten, wrong for config keys where "lr" is inside many names.
   */
  containment?: boolean;
}

/**
 * The candidate closest to a mistyped name, or undefined when none is close: within a third of
 * the name's length (at least 2 edits), so "exact-mtch" finds "exact-match" and "lora_rnak"
 * finds "lora_rank", but "accuracy" does not suggest an unrelated id. Case is ignored.
 * The one rule for every "did you mean" in the project (scorers, config keys, task ids, fields).
 */
export function didYouMean(input: string, candidates: Iterable<string>, options: DidYouMeanOptions = {}): string | undefined {
  const needle = input.toLowerCase();
  const limit = Math.max(2, Math.floor(input.length / 3));
  let best: { name: string; distance: number } | undefined;
  let bestContaining: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const distance = editDistance(needle, lower);
    if (!best || distance < best.distance) best = { name: candidate, distance };
    const contains = needle.length > 0 && (lower.includes(needle) || needle.includes(lower));
    if (contains && (!bestContaining || distance < bestContaining.distance)) bestContaining = { name: candidate, distance };
  }
  if (best && best.distance <= limit) return best.name;
  return options.containment ? bestContaining?.name : undefined;
}
