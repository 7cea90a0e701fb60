import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './did-you-mean.js';

describe('editDistance', () => {
  it('counts edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});

describe('didYouMean', () => {
  const ids = ['exact-match', 'rouge-l', 'boxed-integer', 'json-field-exact'];

  it('finds a close candidate', () => {
    expect(didYouMean('exact-mtch', ids)).toBe('exact-match');
    expect(didYouMean('Rouge-L', ids)).toBe('rouge-l');
    expect(didYouMean('boxed-interger', ids)).toBe('boxed-integer');
  });

  it('suggests nothing far away', () => {
    expect(didYouMean('accuracy', ids)).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
  });
});

describe('didYouMean with containment', () => {
  it('suggests an id the input shortens or extends only when asked to', () => {
    expect(didYouMean('tablebench', ['tablebench-fact-checking', 'financeiq'], { containment: true })).toBe('tablebench-fact-checking');
    expect(didYouMean('tablebench', ['tablebench-fact-checking', 'financeiq'])).toBeUndefined();
  });

  it('takes any iterable and says nothing for an empty one', () => {
    expect(didYouMean('lora_rnak', new Set(['lora_rank', 'lora_alpha']))).toBe('lora_rank');
    expect(didYouMean('x', [])).toBeUndefined();
  });
});
