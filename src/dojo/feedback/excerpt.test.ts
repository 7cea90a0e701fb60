import { describe, expect, it } from 'vitest';
import { excerpt } from './excerpt.js';

describe('excerpt', () => {
  it('leaves a short text alone', () => {
    expect(excerpt('short', 10)).toBe('short');
  });

  it('keeps the head and the tail of a long text within the limit, and says how much it cut', () => {
    const text = `BEGIN ${'m'.repeat(1000)} END`;
    const cut = excerpt(text, 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut.startsWith('BEGIN')).toBe(true);
    expect(cut.endsWith('END')).toBe(true);
    const removed = Number(/\[…(\d+) characters cut…\]/.exec(cut)![1]);
    expect(cut.length - ` […${removed} characters cut…] `.length + removed).toBe(text.length);
  });
});
