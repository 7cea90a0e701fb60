import { describe, expect, it } from 'vitest';
import { corruptDataError, describeJsonError, jsonErrorLocation, lineColumnAt } from './corrupt-data-error.js';

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

describe('JSON error helpers', () => {
  it('find the position V8 reports, or the end of a truncated text', () => {
    const bad = '[{"a": 1},\n {"b" 2}]';
    let error: unknown;
    try {
      JSON.parse(bad);
    } catch (caught) {
      error = caught;
    }
    expect(jsonErrorLocation(bad, error)).toEqual({ line: 2, column: 7 });
    expect(describeJsonError(error)).not.toMatch(/position/);
    expect(jsonErrorLocation('[1,\n2', new SyntaxError('Unexpected end of JSON input'))).toEqual({ line: 2, column: 2 });
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
