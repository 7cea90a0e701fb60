import { describe, expect, it } from 'vitest';
import { longestCommonSubsequence, rougeL, rougeTokens } from './rouge-l.js';

describe('rougeTokens', () => {
  it('lower-cases and splits at whitespace and punctuation', () => {
    expect(rougeTokens('The cat, sat-down; 10.5%!')).toEqual(['the', 'cat', 'sat', 'down', '10', '5']);
  });

  it('keeps non-ASCII words and splits CJK per ideograph', () => {
    expect(rougeTokens('Café 增长率')).toEqual(['café', '增', '长', '率']);
  });
});

describe('longestCommonSubsequence', () => {
  it('counts tokens in order, not contiguous', () => {
    expect(longestCommonSubsequence(['a', 'b', 'c', 'd'], ['a', 'c', 'd'])).toBe(3);
    expect(longestCommonSubsequence(['a', 'b'], ['b', 'a'])).toBe(1);
    expect(longestCommonSubsequence([], ['a'])).toBe(0);
  });
});

describe('rougeL', () => {
  it('is 1 for the same tokens, ignoring case and punctuation', () => {
    expect(rougeL('The sales grew.', 'the sales grew')).toBe(1);
  });

  it('matches a hand-computed value', () => {
    // prediction: the cat sat on the mat (6); reference: the cat is on the mat (6)
    // LCS = the cat on the mat = 5; P = R = 5/6; F = 5/6.
    expect(rougeL('the cat sat on the mat', 'the cat is on the mat')).toBeCloseTo(5 / 6, 10);
  });

  it('matches a hand-computed value with different lengths', () => {
    // prediction: sales increased sharply in 2020 (5); reference: sales increased (2)
    // LCS = 2; P = 2/5; R = 1; F = 2 * 0.4 * 1 / 1.4 = 0.5714...
    expect(rougeL('Sales increased sharply in 2020', 'sales increased')).toBeCloseTo(0.8 / 1.4, 10);
  });

  it('is 0 without common tokens or with an empty side', () => {
    expect(rougeL('alpha beta', 'gamma')).toBe(0);
    expect(rougeL('', 'gamma')).toBe(0);
    expect(rougeL('...', 'gamma')).toBe(0);
  });
});
