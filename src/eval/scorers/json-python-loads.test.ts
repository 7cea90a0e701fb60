import { describe, expect, it } from 'vitest';
import { pythonJsonLoads } from './json-python-loads.js';

const value = (text: string) => {
  const reading = pythonJsonLoads(text);
  return reading.ok ? reading.value : 'JSONDecodeError';
};

describe('pythonJsonLoads', () => {
  it('reads what JSON.parse reads', () => {
    for (const text of ['{"output": "CCO"}', ' [1, 2.5, -3e2, true, false, null] ', '"\\u00e9\\n"', '{"a": {"b": []}}', '0', '{"a": 1, "a": 2}']) {
      expect(value(text)).toEqual(JSON.parse(text));
    }
  });

  it("accepts NaN and the infinities, as Python's json does", () => {
    expect(value('{"output": NaN}')).toEqual({ output: NaN });
    expect(value('[Infinity, -Infinity]')).toEqual([Infinity, -Infinity]);
  });

  it('refuses trailing data, control characters in strings, single quotes and leading zeros', () => {
    for (const text of ['{"a": 1} extra', '"a\tb"', "{'a': 1}", '01', '1.', '', '{"a": 1,}', '\ufeff{}']) expect(value(text)).toBe('JSONDecodeError');
  });

  it('keeps "__proto__" as an ordinary key', () => {
    expect(Object.keys(value('{"__proto__": 1}') as object)).toEqual(['__proto__']);
  });
});
