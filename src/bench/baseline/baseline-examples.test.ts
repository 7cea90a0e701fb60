import { describe, expect, it } from 'vitest';
import type { PoolRow } from '../../core/index.js';
import type { Tokenizer } from '../../data/index.js';
import { baselineResponse, selectBaselineExamples } from './baseline-examples.js';

/** One token per character: lengths are easy to reason about. */
const chars: Tokenizer = { name: 'chars', count: (text) => text.length };

function row(id: string, prompt: string, target: string, extra: Record<string, string> = {}): PoolRow {
  return { id, prompt, target, reference: target, source: 'test', meta: {}, extra };
}

describe('baselineResponse', () => {
  it('trains on the target, already in the output format', () => {
    expect(baselineResponse(row('a', 'Q', 'B'))).toBe('B');
  });

  it('trains math rows on the worked solution, ending in the boxed answer', () => {
    expect(baselineResponse(row('a', 'Q', '\\boxed{60}', { solution: 'So w = 60.' }))).toBe('So w = 60.\n\nThe final answer is \\boxed{60}.');
    expect(baselineResponse(row('a', 'Q', '\\boxed{60}', { solution: 'Thus \\boxed{60}.' }))).toBe('Thus \\boxed{60}.');
    expect(baselineResponse(row('a', 'Q', '7', { solution: 'It is 7.' }))).toBe('It is 7.\n\nThe final answer is \\boxed{7}.');
  });

  it('has nothing to train on without a target or a solution', () => {
    expect(baselineResponse(row('a', 'Q', ' '))).toBeUndefined();
  });
});

describe('selectBaselineExamples', () => {
  const pool = Array.from({ length: 20 }, (_, index) => row(`r${index}`, 'x'.repeat(10 + index), index % 5 === 0 ? '' : 'A'));

  it('is a deterministic seeded sample within the cap, rows with a target first', () => {
    const first = selectBaselineExamples(pool, { cap: 8, seed: 's', cutoffLen: 100, tokenizer: chars, templateTokens: 2 });
    const again = selectBaselineExamples(pool, { cap: 8, seed: 's', cutoffLen: 100, tokenizer: chars, templateTokens: 2 });
    expect(first.ids).toEqual(again.ids);
    expect(first.ids).toHaveLength(8);
    expect(selectBaselineExamples(pool, { cap: 8, seed: 'other', cutoffLen: 100, tokenizer: chars, templateTokens: 2 }).ids).not.toEqual(first.ids);
    expect(first.stats).toMatchObject({ poolRows: 20, usableRows: 16, selected: 8, fromSolution: 0, skippedOverCutoff: 0, truncated: 0, tokenizer: 'chars' });
    expect(first.examples[0]).toEqual({ instruction: pool.find((item) => item.id === first.ids[0])!.prompt, input: '', output: 'A' });
    // A smaller cap takes a prefix of the same order.
    expect(selectBaselineExamples(pool, { cap: 3, seed: 's', cutoffLen: 100, tokenizer: chars, templateTokens: 2 }).ids).toEqual(first.ids.slice(0, 3));
  });

  it('passes over rows longer than cutoff_len while others fit, and counts them', () => {
    // Lengths are prompt (10..29) + answer (1) + template (2): cutoff 20 fits prompts up to 17.
    const selection = selectBaselineExamples(pool, { cap: 6, seed: 's', cutoffLen: 20, tokenizer: chars, templateTokens: 2 });
    expect(selection.lengths.every((length) => length <= 20)).toBe(true);
    expect(selection.stats.truncated).toBe(0);
    expect(selection.stats.skippedOverCutoff).toBeGreaterThan(0);
    expect(selection.stats.tokens.max).toBeLessThanOrEqual(20);
  });

  it('takes long rows when too few fit, and counts them as truncated', () => {
    const selection = selectBaselineExamples(pool, { cap: 16, seed: 's', cutoffLen: 20, tokenizer: chars, templateTokens: 2 });
    expect(selection.stats.selected).toBe(16);
    expect(selection.stats.truncated).toBe(16 - selection.lengths.filter((length) => length <= 20).length);
    expect(selection.stats.skippedOverCutoff).toBe(0);
  });
});
