import { describe, expect, it } from 'vitest';
import type { Sample } from '../../core/index.js';
import { readJsonField } from './read-json-field.js';

const sample: Sample = { id: 's1', prompt: 'p', reference: 'A', target: '{"answer": "A"}', meta: {} };

describe('readJsonField', () => {
  it('returns the field value', () => {
    expect(readJsonField('ok: {"answer": "A"}', sample, 'answer', 0)).toEqual({ ok: true, value: 'A' });
  });

  it('ends with an empty outcome for blank output', () => {
    expect(readJsonField('  ', sample, 'answer', 5)).toEqual({
      ok: false,
      outcome: { id: 's1', subtask: undefined, value: 5, formatError: true, detail: 'empty' },
    });
  });

  it('ends with a format error naming the problem', () => {
    const reading = readJsonField('{"ans": "A"}', sample, 'answer', 0);
    expect(reading.ok).toBe(false);
    if (!reading.ok)
      expect(reading.outcome).toMatchObject({ value: 0, formatError: true, detail: 'the JSON object has no field "answer" (its fields: "ans")' });
  });
});
