import { describe, expect, it } from 'vitest';
import { corruptDataError, describeJsonFailure, lineColumnAt } from './corrupt-data-error.js';

describe('lineColumnAt', () => {
  it('maps offsets to 1-based lines and columns', () => {
    const text = 'ab\ncd\n\nef';
    expect(lineColumnAt(text, 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt(text, 2)).toEqual({ line: 1, column: 3 });
    expect(lineColumnAt(text, 3)).toEqual({ line: 2, column: 1 });
    expect(lineColumnAt(text, 7)).toEqual({ line: 4, column: 1 });
    expect(lineColumnAt(text, 99)).toEqual({ line: 4, column: 3 });
  });
});

describe('describeJsonFailure', () => {
  it('finds line, column and reason even when V8 gives no position', () => {
    const bad = '[{"q": "1+1", "a": 2},\n {"q": "2+2", "a": }]';
    let error: unknown;
    try {
      JSON.parse(bad);
    } catch (caught) {
      error = caught;
    }
    expect(describeJsonFailure(bad, error)).toEqual({ line: 2, column: 20, reason: "invalid JSON: unexpected '}'" });
  });

  it("falls back to V8's message when the scanner finds nothing", () => {
    expect(describeJsonFailure('[1]', new SyntaxError('odd at position 1'))).toEqual({ line: 1, column: 2, reason: 'invalid JSON: odd at position 1' });
  });
});

describe('corruptDataError', () => {
  it('names the file, line, column and reason, and says how to fix it', () => {
    const error = corruptDataError({ file: '/data/x.jsonl', line: 3, column: 5, reason: 'invalid JSON' });
    expect(error.code).toBe('CORRUPT_DATA');
    expect(error.message).toBe('/data/x.jsonl:line 3:column 5: invalid JSON');
    expect(error.hint).toMatch(/re-pull/);
    expect(error.hint).toMatch(/MANIFEST\.tsv/);
    expect(error.fault).toBe('environment');
  });
});
