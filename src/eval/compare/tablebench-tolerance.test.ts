import { describe, expect, it } from 'vitest';
import { tablebenchToleranceMatch } from './tablebench-tolerance.js';

describe('tablebenchToleranceMatch', () => {
  it('accepts numbers within 10%, including the boundary', () => {
    expect(tablebenchToleranceMatch('110', '100', 0.1)).toBe(1);
    expect(tablebenchToleranceMatch('90', '100', 0.1)).toBe(1);
    expect(tablebenchToleranceMatch('0.11', '0.1', 0.1)).toBe(1);
    expect(tablebenchToleranceMatch('1,100', '1000', 0.1)).toBe(1);
  });

  it('rejects numbers outside the band', () => {
    expect(tablebenchToleranceMatch('111', '100', 0.1)).toBe(0);
    expect(tablebenchToleranceMatch('-100', '100', 0.1)).toBe(0);
  });

  it('uses the relative band of the reference, with a unicode minus', () => {
    expect(tablebenchToleranceMatch('\u22120.52', '-0.5', 0.1)).toBe(1);
  });

  it('needs exactly zero for a zero reference', () => {
    expect(tablebenchToleranceMatch('0.0', '0', 0.1)).toBe(1);
    expect(tablebenchToleranceMatch('0.001', '0', 0.1)).toBe(0);
  });

  it('compares percentages as fractions or percentage points', () => {
    expect(tablebenchToleranceMatch('26%', '25%', 0.1)).toBe(1);
    expect(tablebenchToleranceMatch('0.26', '25%', 0.1)).toBe(1);
    expect(tablebenchToleranceMatch('26', '25%', 0.1)).toBe(1);
    expect(tablebenchToleranceMatch('30', '25%', 0.1)).toBe(0);
    expect(tablebenchToleranceMatch('0.26%', '25%', 0.1)).toBe(0);
  });

  it('needs an exact normalised match for non-numeric parts', () => {
    expect(tablebenchToleranceMatch('Positive correlation, 0.85', 'positive correlation, 0.82', 0.1)).toBe(1);
    expect(tablebenchToleranceMatch('Negative correlation, 0.85', 'positive correlation, 0.82', 0.1)).toBe(0.5);
  });

  it('compares lists element-wise', () => {
    expect(tablebenchToleranceMatch('10, 21', '10, 20', 0.1)).toBe(1);
    expect(tablebenchToleranceMatch('10, 30', '10, 20', 0.1)).toBe(0.5);
  });

  it('scores non-numbers and empty predictions 0', () => {
    expect(tablebenchToleranceMatch('about a hundred', '100', 0.1)).toBe(0);
    expect(tablebenchToleranceMatch('', '100', 0.1)).toBe(0);
  });
});
