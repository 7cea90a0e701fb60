import { describe, expect, it } from 'vitest';
import type { Sample } from '../../core/index.js';
import { AnswerExtractSchema, readAnswer } from './read-answer.js';

const sample: Sample = { id: 's1', subtask: 'x', prompt: 'p', reference: '1', target: 'Final Answer: 1', meta: {} };

describe('readAnswer', () => {
  it('defaults to the Final Answer', () => {
    expect(AnswerExtractSchema.parse(undefined)).toBe('final-answer');
    expect(readAnswer('work\nFinal Answer: 7', sample, 0)).toEqual({ ok: true, answer: '7' });
  });

  it('reads the whole trimmed output when asked', () => {
    expect(readAnswer('  7 \n', sample, 0, 'whole-output')).toEqual({ ok: true, answer: '7' });
  });

  it('ends with a format error when the marker is missing', () => {
    expect(readAnswer('7', sample, 0)).toEqual({
      ok: false,
      outcome: { id: 's1', subtask: 'x', value: 0, formatError: true, detail: 'no "Final Answer: <answer>" line found', extracted: undefined },
    });
  });

  it('ends with an empty outcome for blank output in both modes', () => {
    for (const extract of ['final-answer', 'whole-output'] as const) {
      expect(readAnswer(' \n', sample, 0, extract)).toEqual({ ok: false, outcome: { id: 's1', subtask: 'x', value: 0, formatError: true, detail: 'empty' } });
    }
  });
});
