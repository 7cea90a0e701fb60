import { describe, expect, it } from 'vitest';
import type { MetricSpec } from '../core/index.js';
import { FtdojoError } from '../core/index.js';
import { parseDecodingMode, planDecoding } from './decoding-mode.js';

const accuracy: MetricSpec = { name: 'accuracy', scorer: 'choice-letter', params: { letters: ['A', 'B', 'C', 'D'] }, direction: 'higher', primary: true };
const multipleChoice = { id: 'quiz', metrics: [accuracy] };
const freeText = { id: 'essay', metrics: [{ ...accuracy, scorer: 'exact-match', params: {} }] };
const local = { name: 'transformers', constrainsChoices: true };
const endpoint = { name: 'openai-compatible endpoint', constrainsChoices: false };

describe('planDecoding', () => {
  it('constrains a multiple-choice task by default, on a local backend, under corrected scoring', () => {
    expect(planDecoding({ task: multipleChoice, scoring: 'corrected', backend: local })).toEqual({
      mode: 'constrained',
      choices: ['A', 'B', 'C', 'D'],
      requested: null,
      reason: 'constrained to the options A, B, C, D (one forward pass per sample)',
    });
  });

  it('generates freely by default where constraining would not measure the same thing or cannot be done, and says why', () => {
    const reasonOf = (plan: ReturnType<typeof planDecoding>) => [plan.mode, plan.choices, plan.reason];
    expect(reasonOf(planDecoding({ task: freeText, scoring: 'corrected', backend: local }))).toEqual([
      'free',
      null,
      "free generation: the task's answers are not option letters",
    ]);
    expect(reasonOf(planDecoding({ task: multipleChoice, scoring: 'official', backend: local }))).toEqual([
      'free',
      null,
      'free generation: official scoring reproduces the benchmark protocol, which generated freely',
    ]);
    expect(reasonOf(planDecoding({ task: multipleChoice, scoring: 'corrected', backend: endpoint }))).toEqual([
      'free',
      null,
      'free generation: openai-compatible endpoint cannot constrain its decoding to options',
    ]);
    // A backend that says nothing about constraining cannot.
    expect(planDecoding({ task: multipleChoice, scoring: 'corrected', backend: { name: 'old' } }).mode).toBe('free');
  });

  it('does what is asked, or refuses with the fix', () => {
    expect(planDecoding({ task: multipleChoice, scoring: 'corrected', requested: 'free', backend: local })).toMatchObject({ mode: 'free', requested: 'free' });
    expect(planDecoding({ task: multipleChoice, scoring: 'official', requested: 'constrained', backend: local })).toMatchObject({
      mode: 'constrained',
      requested: 'constrained',
      choices: ['A', 'B', 'C', 'D'],
    });
    const notChoice = () => planDecoding({ task: freeText, scoring: 'corrected', requested: 'constrained', backend: local });
    expect(notChoice).toThrow(FtdojoError);
    expect(notChoice).toThrow(/essay's answers are not option letters/);
    const cannot = () => planDecoding({ task: multipleChoice, scoring: 'corrected', requested: 'constrained', backend: endpoint });
    expect(cannot).toThrow(/openai-compatible endpoint cannot constrain/);
    try {
      cannot();
    } catch (error) {
      expect((error as FtdojoError).hint).toContain('--decoding free');
    }
  });
});

describe('parseDecodingMode', () => {
  it('reads free and constrained, and names both for anything else', () => {
    expect(parseDecodingMode('free')).toBe('free');
    expect(parseDecodingMode('constrained')).toBe('constrained');
    expect(() => parseDecodingMode('greedy')).toThrow(/unknown decoding mode "greedy"/);
  });
});
