import { describe, expect, it } from 'vitest';
import type { Sample } from '../../core/index.js';
import { jsonYesNoScorer, yesNo } from './json-yes-no.js';

function sample(reference: Sample['reference']): Sample {
  return { id: 'eq-1', prompt: 'p', reference, target: '{"output": "Yes"}', meta: {} };
}

const scorer = await jsonYesNoScorer.create(jsonYesNoScorer.params.parse({ field: 'output' }));

describe('yesNo', () => {
  it('reads yes/no/true/false in any case and booleans', () => {
    expect(['Yes', 'yes', ' YES. ', 'true', 'True', true].map(yesNo)).toEqual([true, true, true, true, true, true]);
    expect(['No', 'no', 'NO!', 'false', false].map(yesNo)).toEqual([false, false, false, false, false]);
  });

  it('rejects anything else', () => {
    expect(['maybe', 'yes and no', 'y', '', 1, null, ['yes']].map(yesNo)).toEqual([null, null, null, null, null, null, null]);
  });
});

describe('json-yes-no', () => {
  it('scores a correct answer', () => {
    expect(scorer.score('They are the same molecule. {"output": "yes"}', sample('Yes'))).toMatchObject({ value: 1, extracted: 'Yes' });
    expect(scorer.score('{"output": false}', sample('No')).value).toBe(1);
    expect(scorer.score('{"output": "No"}', sample(false)).value).toBe(1);
  });

  it('scores a wrong answer', () => {
    expect(scorer.score('{"output": "No"}', sample('Yes'))).toMatchObject({ value: 0, formatError: false, detail: 'wrong-answer' });
  });

  it('treats a non-Yes/No value and a wrong field as format errors', () => {
    expect(scorer.score('{"output": "probably"}', sample('Yes'))).toMatchObject({ value: 0, formatError: true, extracted: 'probably' });
    expect(scorer.score('{"answer": "Yes"}', sample('Yes'))).toMatchObject({ value: 0, formatError: true });
  });

  it('marks an empty output', () => {
    expect(scorer.score('', sample('Yes'))).toMatchObject({ value: 0, formatError: true, detail: 'empty' });
  });

  it('throws on an unreadable reference', () => {
    expect(() => scorer.score('{"output": "Yes"}', sample('Perhaps'))).toThrow(/reference/);
  });
});
