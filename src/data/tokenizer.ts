/**
 * The tokenizer seam: dataset cards count tokens through it, so that the counts are the model's
 * own when its tokenizer is at hand and a named approximation otherwise.
 */
export interface Tokenizer {
  /** Shown on cards; "approx-bytes" marks approximate counts. */
  name: string;
  count(text: string): number;
}
