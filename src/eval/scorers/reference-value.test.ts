import { describe, expect, it } from 'vitest';
import type { Sample } from '../../core/index.js';
import { describeValue, referenceText, referenceValue } from './reference-value.js';

function sample(reference: Sample['reference']): Sample {
  return { id: 's1', prompt: 'p', reference, target: '', meta: {} };
}

describe('referenceValue', () => {
  it('returns a plain reference as it is', () => {
    expect(referenceValue(sample('A'), 'answer')).toBe('A');
    expect(referenceValue(sample(['A', 'G']), 'answer')).toEqual(['A', 'G']);
    expect(referenceValue(sample({ answer: 'A' }))).toEqual({ answer: 'A' });
  });

  it('reads the field of an object reference', () => {
    expect(referenceValue(sample({ answer: 'A', other: 1 }), 'answer')).toBe('A');
  });

  it('throws, naming the sample, when the object lacks the field', () => {
    expect(() => referenceValue(sample({ code: '102' }), 'answer')).toThrow(
      'sample "s1": its reference is an object without the field "answer"; expected a value, or an object with the field "answer"',
    );
  });
});

describe('referenceText', () => {
  it('accepts strings and numbers', () => {
    expect(referenceText(sample('1062'), 'exact-match')).toBe('1062');
    expect(referenceText(sample(10.5), 'exact-match')).toBe('10.5');
  });

  it('throws on other shapes without quoting the value', () => {
    expect(() => referenceText(sample(['secret']), 'exact-match')).toThrow(/its reference is an array; expected a string for scorer exact-match/);
  });
});

describe('describeValue', () => {
  it('names the kind only', () => {
    expect([null, [1], { a: 1 }, 'secret', 3, true].map(describeValue)).toEqual(['null', 'an array', 'an object', 'a string', 'a number', 'a boolean']);
  });
});
