/**
 * Finds where and why a JSON text is invalid. JSON.parse says why but, depending on the V8
 * version and the error, not always where ("Unexpected token '}', ..." has no position), and a
 * user fixing a 2 MB file needs the line. Run only after JSON.parse has failed: it is a plain
 * scanner of the JSON grammar that stops at the first fault.
 */
export interface JsonFault {
  /** 0-based character offset of the fault. */
  offset: number;
  reason: string;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Fault extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function locateJsonError(text: string): JsonFault | null {
  let at = 0;
  const describe = (index: number): string => (index >= text.length ? 'end of input' : `'${text[index]}'`);
  const fail = (reason: string): never => {
    throw new Fault(at, reason);
  };
  const skip = (): void => {
    while (at < text.length && WHITESPACE.has(text[at]!)) at += 1;
  };
  const expect = (char: string): void => {
    if (text[at] !== char) fail(`expected '${char}', found ${describe(at)}`);
    at += 1;
  };

  function string(): void {
    at += 1; // opening quote
    for (;;) {
      if (at >= text.length) fail('unterminated string');
      const char = text[at]!;
      if (char === '"') {
        at += 1;
        return;
      }
      if (char === '\\') {
        const next = text[at + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) fail('bad \\u escape');
          at += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) at += 2;
        else fail('bad escape in string');
        continue;
      }
      if (char < ' ') fail('control character in string (a raw newline or tab must be escaped)');
      at += 1;
    }
  }

  function value(depth: number): void {
    if (depth > 10_000) fail('nesting too deep');
    skip();
    const char = text[at];
    if (char === '{') {
      at += 1;
      skip();
      if (text[at] === '}') return void (at += 1);
      for (;;) {
        skip();
        if (text[at] !== '"') fail(`expected a property name in double quotes, found ${describe(at)}`);
        string();
        skip();
        expect(':');
        value(depth + 1);
        skip();
        if (text[at] === ',') at += 1;
        else if (text[at] === '}') return void (at += 1);
        else fail(`expected ',' or '}' after a property value, found ${describe(at)}`);
      }
    }
    if (char === '[') {
      at += 1;
      skip();
      if (text[at] === ']') return void (at += 1);
      for (;;) {
        value(depth + 1);
        skip();
        if (text[at] === ',') at += 1;
        else if (text[at] === ']') return void (at += 1);
        else fail(`expected ',' or ']' after an array element, found ${describe(at)}`);
      }
    }
    if (char === '"') return string();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, at)) return void (at += literal.length);
    }
    NUMBER.lastIndex = at;
    if (NUMBER.test(text)) return void (at = NUMBER.lastIndex);
    fail(`unexpected ${describe(at)}`);
  }

  try {
    value(0);
    skip();
    if (at < text.length) fail(`unexpected ${describe(at)} after the end of the JSON value`);
    return null;
  } catch (error) {
    if (error instanceof Fault) return { offset: error.offset, reason: error.reason };
    throw error;
  }
}
