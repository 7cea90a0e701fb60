import { describe, expect, it } from 'vitest';
import { integerFromReference, parseInteger } from './parse-integer.js';

describe('parseInteger', () => {
  it('reads "025", "25", "25.0" and "\\$25" as the same integer', () => {
    for (const text of ['025', '25', '25.0', '25.00', '\\$25', '$25$', ' 25 ', '\\text{25}']) {
      expect(parseInteger(text), text).toBe(25);
    }
  });

  it('reads negative numbers with a unicode minus', () => {
    expect(parseInteger('\u22125')).toBe(-5);
  });

  it('reads thousands separators', () => {
    expect(parseInteger('1,000')).toBe(1000);
  });

  it('rejects non-integers and non-numbers', () => {
    for (const text of ['25.5', '0.1', '1/2', '\\frac{1}{2}', 'x = 25', '', 'twenty-five', '25%', '9'.repeat(20)]) {
      expect(parseInteger(text), text).toBeNull();
    }
  });
});

describe('integerFromReference', () => {
  it('accepts numbers and numeric strings', () => {
    expect(integerFromReference(25)).toBe(25);
    expect(integerFromReference('025')).toBe(25);
  });

  it('rejects fractions, other types and non-numeric strings', () => {
    expect(integerFromReference(2.5)).toBeNull();
    expect(integerFromReference(null)).toBeNull();
    expect(integerFromReference(['25'])).toBeNull();
    expect(integerFromReference('abc')).toBeNull();
  });
});
