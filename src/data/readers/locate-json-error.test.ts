import { describe, expect, it } from 'vitest';
import { locateJsonError } from './locate-json-error.js';

describe('locateJsonError', () => {
  it('accepts valid JSON', () => {
    for (const text of ['[]', '{}', ' [1, -2.5e3, "a\\u00e9\\n", true, false, null, {"k": [{}]}] ', '"x"', '0']) {
      expect(locateJsonError(text), text).toBeNull();
      expect(() => JSON.parse(text)).not.toThrow();
    }
  });

  it.each([
    ['[1, 2,]', 6, "unexpected ']'"],
    ['{"a" 1}', 5, "expected ':', found '1'"],
    ['{"a": 1 "b": 2}', 8, "expected ',' or '}' after a property value, found '\"'"],
    ["{'a': 1}", 1, "expected a property name in double quotes, found '''"],
    ['[1 2]', 3, "expected ',' or ']' after an array element, found '2'"],
    ['["abc', 5, 'unterminated string'],
    ['["a\tb"]', 3, 'control character in string (a raw newline or tab must be escaped)'],
    ['["\\x"]', 2, 'bad escape in string'],
    ['[1] x', 4, "unexpected 'x' after the end of the JSON value"],
    ['[tru]', 1, "unexpected 't'"],
    ['', 0, 'unexpected end of input'],
    ['[{"a": 1},', 10, 'unexpected end of input'],
  ])('locates the fault in %j', (text, offset, reason) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(locateJsonError(text)).toEqual({ offset, reason });
  });
});
