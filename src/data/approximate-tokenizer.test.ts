import { describe, expect, it } from 'vitest';
import { createApproximateTokenizer } from './approximate-tokenizer.js';

describe('createApproximateTokenizer', () => {
  const tokenizer = createApproximateTokenizer();

  it('is named so that cards say the counts are approximate', () => {
    expect(tokenizer.name).toBe('approx-bytes');
  });

  it('divides Latin bytes by 3.6 and counts each CJK character as a token', () => {
    expect(tokenizer.count('')).toBe(0);
    expect(tokenizer.count('abcdefghijklmnopqr')).toBe(5); // 18 bytes / 3.6
    expect(tokenizer.count('经济法')).toBe(3);
    expect(tokenizer.count('（ ）')).toBe(3); // full-width parentheses are CJK forms; the space is 1 byte
    expect(tokenizer.count('A. 经济法')).toBe(3 + 1); // "A. " is 3 bytes -> 1 token
    expect(tokenizer.count('é')).toBe(1);
    expect(tokenizer.count('𝑥')).toBe(2); // a 4-byte character outside the CJK planes
  });

  it('counts 7k rows of text in well under a second', () => {
    const text = 'Let $x$ be a real number such that $x^2 + 1 = 0$. 求解方程。'.repeat(20);
    const started = performance.now();
    let total = 0;
    for (let row = 0; row < 7_000; row += 1) total += tokenizer.count(text);
    expect(total).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
