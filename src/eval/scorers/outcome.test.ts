import { describe, expect, it } from 'vitest';
import type { Sample } from '../../core/index.js';
import { emptyOutcome, formatErrorOutcome, isBlankOutput, scoredOutcome } from './outcome.js';

const sample: Sample = { id: 's1', subtask: 'part', prompt: 'p', reference: 'r', target: 't', meta: {} };

describe('outcome builders', () => {
  it('recognises blank output', () => {
    expect(isBlankOutput('')).toBe(true);
    expect(isBlankOutput(' \n\t')).toBe(true);
    expect(isBlankOutput(' a ')).toBe(false);
  });

  it('builds an empty outcome with the worst value', () => {
    expect(emptyOutcome(sample, 3)).toEqual({ id: 's1', subtask: 'part', value: 3, formatError: true, detail: 'empty' });
  });

  it('builds a format error with its reason and what was extracted', () => {
    expect(formatErrorOutcome(sample, 0, 'no box', '2.5')).toEqual({
      id: 's1',
      subtask: 'part',
      value: 0,
      formatError: true,
      detail: 'no box',
      extracted: '2.5',
    });
  });

  it('builds a scored outcome, leaving out absent detail and facts', () => {
    expect(scoredOutcome(sample, { value: 1, extracted: 'A' })).toEqual({ id: 's1', subtask: 'part', value: 1, formatError: false, extracted: 'A' });
    expect(Object.keys(scoredOutcome(sample, { value: 1, extracted: 'A' }))).not.toContain('detail');
    expect(scoredOutcome(sample, { value: 0, extracted: 'B', detail: 'wrong-answer', facts: { gold: 'A' } })).toMatchObject({
      detail: 'wrong-answer',
      facts: { gold: 'A' },
    });
  });
});
