/**
 * The normal form used to decide that two items are "the same question": Unicode NFKC, case
 * folded, whitespace collapsed, LaTeX spacing and thin spaces dropped, unicode minus unified, and
 * numbers written one way (thousands separators removed, leading zeros and trailing fractional
 * zeros dropped: "1,000.50" -> "1000.5", "025" -> "25").
 */
export function normalizeText(text: string): string {
  let value = text.normalize('NFKC').toLowerCase();
  value = value.replace(/[\u2212\u2012\u2013\u2014]/g, '-');
  value = value.replace(/\\[,;:! ]/g, ' ').replace(/\\(?:q?quad)\b/g, ' ');
  value = value.replace(/(\d),(?=\d{3}\b)/g, '$1');
  value = value.replace(/\d+(?:\.\d+)?/g, (number) => canonicalNumber(number));
  value = value.replace(/\s+/g, ' ').trim();
  return value;
}

function canonicalNumber(number: string): string {
  const [whole = '', fraction] = number.split('.');
  const integerPart = whole.replace(/^0+(?=\d)/, '');
  if (fraction === undefined) return integerPart;
  const trimmed = fraction.replace(/0+$/, '');
  return trimmed.length === 0 ? integerPart : `${integerPart}.${trimmed}`;
}

/** Whitespace-free variant: catches copies that differ only in spacing or line breaks. */
export function compactText(text: string): string {
  return normalizeText(text).replace(/\s+/g, '');
}
