import { describe, expect, it } from 'vitest';
import { finalAnswer } from './final-answer.js';

describe('finalAnswer', () => {
  it('reads the answer after the marker', () => {
    expect(finalAnswer('Reasoning...\nFinal Answer: 1062')).toBe('1062');
  });

  it('uses the last marker', () => {
    expect(finalAnswer('Final Answer: 10\nWait, recount.\nFinal Answer: 12')).toBe('12');
  });

  it('is case-insensitive', () => {
    expect(finalAnswer('final answer: Yes')).toBe('Yes');
    expect(finalAnswer('FINAL ANSWER:No')).toBe('No');
  });

  it('keeps only the first line after the marker', () => {
    expect(finalAnswer('Final Answer: Paris, London\nThis is because...')).toBe('Paris, London');
  });

  it('accepts the answer on the next line when the marker line is empty', () => {
    expect(finalAnswer('Final Answer:\n  42\nmore')).toBe('42');
  });

  it('strips markdown bold around the marker', () => {
    expect(finalAnswer('**Final Answer:** 42')).toBe('42');
    expect(finalAnswer('**Final Answer**: 42')).toBe('42');
    expect(finalAnswer('Final Answer: **42**')).toBe('42');
  });

  it('accepts a fullwidth colon', () => {
    expect(finalAnswer('Final Answer：3')).toBe('3');
  });

  it('returns null without a marker or without content', () => {
    expect(finalAnswer('The answer is 42.')).toBeNull();
    expect(finalAnswer('Final Answer:   ')).toBeNull();
    expect(finalAnswer('')).toBeNull();
  });
});
