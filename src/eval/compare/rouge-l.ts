/**
 * Tokens for ROUGE: lower-cased runs of letters, digits and marks, split at whitespace and
 * punctuation. Google's rouge_score (which TableBench uses through `evaluate`) keeps only
 * [a-z0-9] and so drops every non-ASCII word; we keep them, and make each CJK ideograph its own
 * token because CJK text has no spaces to split on.
 */
export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/\p{Script=Han}|(?:(?!\p{Script=Han})[\p{L}\p{N}\p{M}])+/gu) ?? [];
}

/** Length of the longest common subsequence, in O(n·m) time and O(min(n, m)) memory. */
export function longestCommonSubsequence(left: readonly string[], right: readonly string[]): number {
  const [long, short] = left.length >= right.length ? [left, right] : [right, left];
  let previous = new Array<number>(short.length + 1).fill(0);
  let current = new Array<number>(short.length + 1).fill(0);
  for (const token of long) {
    for (let column = 1; column <= short.length; column += 1) {
      current[column] = token === short[column - 1] ? previous[column - 1]! + 1 : Math.max(previous[column]!, current[column - 1]!);
    }
    [previous, current] = [current, previous];
  }
  return previous[short.length]!;
}

/**
 * ROUGE-L F-measure (beta = 1, as rouge_score reports `fmeasure`) between a prediction and a
 * reference: LCS / |prediction| is the precision, LCS / |reference| the recall. 0 when either
 * side has no tokens.
 */
export function rougeL(prediction: string, reference: string): number {
  return rougeLTokens(rougeTokens(prediction), rougeTokens(reference));
}

export function rougeLTokens(prediction: readonly string[], reference: readonly string[]): number {
  if (prediction.length === 0 || reference.length === 0) return 0;
  const common = longestCommonSubsequence(prediction, reference);
  if (common === 0) return 0;
  const precision = common / prediction.length;
  const recall = common / reference.length;
  return (2 * precision * recall) / (precision + recall);
}
