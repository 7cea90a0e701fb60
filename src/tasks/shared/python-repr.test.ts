import { describe, expect, it } from 'vitest';
import { pythonRepr, pythonString } from './python-repr.js';

describe('pythonRepr', () => {
  it('writes what Python writes for str(dict)', () => {
    expect(pythonRepr({ columns: ['a', "it's"], data: [[1, 2.5, null, true, 'x\ny']] })).toBe(
      `{'columns': ['a', "it's"], 'data': [[1, 2.5, None, True, 'x\\ny']]}`,
    );
  });
  it('picks quotes and escapes like Python', () => {
    expect(pythonString('both \' and "')).toBe(`'both \\' and "'`);
    expect(pythonString('back\\slash')).toBe("'back\\\\slash'");
    expect(pythonString('nbsp\u00a0here')).toBe("'nbsp\\xa0here'");
    expect(pythonString('zero\u200bwidth')).toBe("'zero\\u200bwidth'");
    expect(pythonString('°F − ü 中文')).toBe("'°F − ü 中文'");
  });
});
