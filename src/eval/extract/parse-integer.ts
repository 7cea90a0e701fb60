import { normalizeNumberText } from './parse-number.js';

/**
 * An integer written as a model writes it ("025", "25.0", "\$25", "−5"), or null when the text
 * is not an integer. "25.5" is null, not 25: AIME answers are integers, so a fractional answer
 * is a wrong format, never a rounded guess.
 */
export function parseInteger(text: string): number | null {
  const normalized = normalizeNumberText(text);
  if (normalized === null) return null;
  const match = /^(-?\d+)(?:\.0+)?$/.exec(normalized);
  if (match === null) return null;
  const value = Number(match[1]);
  return Number.isSafeInteger(value) ? value : null;
}

/** The reference of an integer-answer sample: a JSON number or a numeric string. */
export function integerFromReference(reference: unknown): number | null {
  if (typeof reference === 'number') return Number.isSafeInteger(reference) ? reference : null;
  if (typeof reference === 'string') return parseInteger(reference);
  return null;
}
