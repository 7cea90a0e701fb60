/**
 * Python's notion of whitespace, for ports of Python code: the characters str.isspace() accepts
 * (Python 3.11), which is also what \s matches in a str pattern. JavaScript's \s differs: it has
 * U+FEFF, and lacks U+001C–U+001F and U+0085.
 */
export const PYTHON_SPACE = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';

const EDGES = new RegExp(`^${PYTHON_SPACE}+|${PYTHON_SPACE}+$`, 'gu');

/** str.strip() with no argument. */
export function pythonStrip(text: string): string {
  return text.replace(EDGES, '');
}

/** str.split() with no argument: the words between runs of whitespace. */
export function pythonSplit(text: string): string[] {
  return text.split(new RegExp(`${PYTHON_SPACE}+`, 'u')).filter((word) => word !== '');
}
