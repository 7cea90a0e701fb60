import { describe, expect, it } from 'vitest';
import { extractJson } from './extract-json.js';

describe('extractJson', () => {
  it('takes a reply that is JSON as it is', () => {
    expect(extractJson(' {"a": 1} ')).toEqual({ values: [{ a: 1 }], error: null });
    expect(extractJson('[1, 2]').values).toEqual([[1, 2]]);
  });

  it('takes JSON out of code fences and prose', () => {
    expect(extractJson('Here you go:\n```json\n{"a": {"b": [1, "}"]}}\n```\nAnything else?').values).toEqual([{ a: { b: [1, '}'] } }]);
    expect(extractJson('```\n{"a": 2}\n```').values).toEqual([{ a: 2 }]);
    expect(extractJson('The plan is {"a": "say \\"hi\\" {"} as asked.').values).toEqual([{ a: 'say "hi" {' }]);
  });

  it('finds every candidate, in order, skipping brackets in prose that are not JSON', () => {
    expect(extractJson('Options {like this} and [that]: {"a": 1} or {"b": 2}').values).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it("drops a reasoning model's <think> block", () => {
    expect(extractJson('<think>maybe {"a": 0}? no</think>\n{"a": 1}').values).toEqual([{ a: 1 }]);
  });

  it('says why when nothing parses', () => {
    const cut = extractJson('{"hypothesis": "x", "steps": [1, 2,');
    expect(cut.values).toEqual([]);
    expect(cut.error).toMatch(/JSON/);
    expect(extractJson('I cannot decide.')).toEqual({ values: [], error: null });
    expect(extractJson('```json\n{"a": 1,}\n```').error).not.toBeNull();
  });
});
