import { describe, expect, it } from 'vitest';
import { dataFeedback } from './data-feedback.js';
import { completeFacts } from './feedback-test-facts.js';

describe('dataFeedback', () => {
  it('keeps five format-violation examples, three sample rows, and cuts long fields', () => {
    const facts = completeFacts().data!;
    const feedback = dataFeedback({
      ...facts,
      formatViolations: Array.from({ length: 12 }, (_, row) => ({ row, problem: 'missing "output"' })),
      samples: Array.from({ length: 6 }, (_, index) => ({ id: `row-${index}`, example: { instruction: 'i'.repeat(1000), output: 'o' } })),
    });
    expect(feedback.formatViolations.count).toBe(12);
    expect(feedback.formatViolations.examples).toHaveLength(5);
    expect(feedback.samples).toHaveLength(3);
    expect(feedback.samples[0]!.instruction.length).toBeLessThanOrEqual(300);
    expect(feedback.samples[0]!.input).toBe('');
  });

  it('counts each held-out item once, however many rows match it', () => {
    const facts = completeFacts().data!;
    const overlaps = ['row-1', 'row-2', 'row-3'].map((poolId) => ({ heldOutId: 'v7', poolId, kind: 'contained' as const }));
    expect(dataFeedback({ ...facts, leakage: { validation: overlaps, test: [] } }).leakage).toEqual({ validation: 1, test: 0 });
  });
});
