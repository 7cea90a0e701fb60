import { describe, expect, it } from 'vitest';
import type { Sample } from '../../core/index.js';
import { jsonFieldExactScorer } from './json-field-exact.js';

function sample(reference: Sample['reference']): Sample {
  return { id: 'pi-1', subtask: 'pi4pc', prompt: 'p', reference, target: '{"answer": "12"}', meta: {} };
}

const byString = await jsonFieldExactScorer.create({ field: 'answer', normalize: 'string' });
const byNumber = await jsonFieldExactScorer.create({ field: 'answer', normalize: 'number' });
const byUpper = await jsonFieldExactScorer.create({ field: 'code', normalize: 'upper' });

describe('json-field-exact', () => {
  it('defaults normalize to string', () => {
    expect(jsonFieldExactScorer.params.parse({ field: 'answer' })).toEqual({ field: 'answer', normalize: 'string' });
  });

  it('matches a number answer against a numeric reference', () => {
    expect(byNumber.score('{"answer": 12}', sample(12)).value).toBe(1);
    expect(byNumber.score('{"answer": "12"}', sample(12)).value).toBe(1);
    expect(byNumber.score('{"answer": "012.0"}', sample('12')).value).toBe(1);
    expect(byString.score('{"answer": 12}', sample('12')).value).toBe(1);
  });

  it('tolerates prose and fences around the JSON', () => {
    const output = 'The claim is best supported by paragraph 12.\n```json\n{"answer": "12"}\n```';
    expect(byString.score(output, sample('12'))).toMatchObject({ value: 1, formatError: false, extracted: '12' });
  });

  it('accepts any value of a reference list', () => {
    expect(byNumber.score('{"answer": 14}', sample([12, 14])).value).toBe(1);
    expect(byNumber.score('{"answer": 13}', sample([12, 14]))).toMatchObject({ value: 0, formatError: false, detail: 'wrong-answer' });
  });

  it('reads a reference stored as an object under the field', () => {
    expect(byUpper.score('{"code": "allow"}', sample({ code: 'ALLOW' })).value).toBe(1);
  });

  it('treats a wrong field name as a format error', () => {
    const outcome = byString.score('{"ans": "12"}', sample('12'));
    expect(outcome).toMatchObject({ value: 0, formatError: true });
    expect(outcome.detail).toMatch(/no field "answer"/);
  });

  it('treats a list or object answer as a format error', () => {
    expect(byString.score('{"answer": ["12", "14"]}', sample('12'))).toMatchObject({ value: 0, formatError: true, extracted: ['12', '14'] });
    expect(byString.score('{"answer": null}', sample('12'))).toMatchObject({ value: 0, formatError: true });
  });

  it('treats a non-number as a format error under normalize number', () => {
    expect(byNumber.score('{"answer": "paragraph 12"}', sample(12))).toMatchObject({ value: 0, formatError: true });
  });

  it('reads a unicode minus under normalize number', () => {
    expect(byNumber.score('{"answer": "\u22125"}', sample(-5)).value).toBe(1);
  });

  it('marks an empty output', () => {
    expect(byString.score('', sample('12'))).toMatchObject({ value: 0, formatError: true, detail: 'empty', subtask: 'pi4pc' });
  });

  it('throws on an unreadable reference', () => {
    expect(() => byString.score('{"answer": "12"}', sample(null))).toThrow(/reference/);
    expect(() => byString.score('{"answer": "12"}', sample([]))).toThrow(/reference/);
    expect(() => byString.score('{"answer": "12"}', sample({ other: 1 }))).toThrow(/field "answer"/);
  });
});
