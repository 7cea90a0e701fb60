import { describe, expect, it } from 'vitest';
import { normalizeNumberText, parseNumber } from './parse-number.js';

describe('normalizeNumberText', () => {
  it.each([
    ['25', '25'],
    ['025', '25'],
    ['0', '0'],
    ['000', '0'],
    ['25.0', '25.0'],
    ['10.60', '10.60'],
    ['.5', '0.5'],
    ['1,062', '1062'],
    ['1,234,567.89', '1234567.89'],
    ['1{,}062', '1062'],
    ['1\\,062', '1062'],
    ['1 062', '1062'],
    ['\u22125', '-5'],
    ['-5', '-5'],
    ['+5', '5'],
    ['-0', '0'],
    ['-0.00', '0.00'],
    ['$25$', '25'],
    ['\\$25', '25'],
    ['$\\$25$', '25'],
    ['-$3.50', '-3.50'],
    ['\\text{25}', '25'],
    ['25.', '25'],
    ['  7  ', '7'],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeNumberText(input)).toBe(expected);
  });

  it.each(['', 'abc', '25 apples', '1/2', '1e3', '1,06', '12,3456', '1 2', '5..', '--5', '25%', 'NaN', 'Infinity'])('rejects %j', (input) => {
    expect(normalizeNumberText(input)).toBeNull();
  });
});

describe('parseNumber', () => {
  it('parses canonical decimals', () => {
    expect(parseNumber('\u22120.25')).toBe(-0.25);
    expect(parseNumber('1,062')).toBe(1062);
  });

  it('returns null for non-numbers', () => {
    expect(parseNumber('twelve')).toBeNull();
  });
});
