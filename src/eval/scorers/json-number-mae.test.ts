import { describe, expect, it } from 'vitest';
import type { Sample } from '../../core/index.js';
import { jsonNumberMaeScorer } from './json-number-mae.js';

function sample(reference: Sample['reference']): Sample {
  return { id: 'count-1', prompt: 'p', reference, target: '{"output": 3}', meta: {} };
}

const scorer = await jsonNumberMaeScorer.create(jsonNumberMaeScorer.params.parse({ field: 'output' }));

describe('json-number-mae', () => {
  it('is lower-is-better with best 0', () => {
    expect(scorer.direction).toBe('lower');
    expect(scorer.best).toBe(0);
  });

  it('scores the absolute error', () => {
    expect(scorer.score('{"output": 3}', sample(3))).toMatchObject({ value: 0, formatError: false, extracted: 3 });
    expect(scorer.score('{"output": 5}', sample(3)).value).toBe(2);
    expect(scorer.score('{"output": "2"}', sample('3')).value).toBe(1);
  });

  it('reads a unicode minus', () => {
    expect(scorer.score('{"output": "\u22125"}', sample(-5)).value).toBe(0);
  });

  it('charges max(|reference|, 1) for a format error', () => {
    expect(scorer.score('{"output": "three"}', sample(3))).toMatchObject({ value: 3, formatError: true });
    expect(scorer.score('{"count": 3}', sample(-7))).toMatchObject({ value: 7, formatError: true });
    expect(scorer.score('no json', sample(0))).toMatchObject({ value: 1, formatError: true });
    expect(scorer.score('', sample(0.5))).toMatchObject({ value: 1, formatError: true, detail: 'empty' });
  });

  it('aggregates to the mean absolute error', () => {
    const outcomes = [scorer.score('{"output": 3}', sample(3)), scorer.score('{"output": 5}', sample(3)), scorer.score('', sample(4))];
    expect(scorer.aggregate(outcomes)).toBe(2);
  });

  it('throws on an unreadable reference', () => {
    expect(() => scorer.score('{"output": 3}', sample('many'))).toThrow(/reference/);
  });
});
