/**
 * A value as Python's `json.loads` returns it, in JavaScript: objects are null-prototype records
 * (any key, "__proto__" included), numbers are JavaScript numbers (NaN and the infinities
 * included, which Python's JSON accepts). Python's int/float distinction is not kept: the
 * official code this serves treats a finite JSON number the same either way (`int(2.5)` is 2).
 */
export type PythonJson = null | boolean | number | string | PythonJson[] | { [key: string]: PythonJson };

export type PythonJsonReading = { ok: true; value: PythonJson } | { ok: false };

/**
 * Python's `json.loads(text)` with its defaults (strict): what JSON.parse accepts, plus NaN,
 * Infinity and -Infinity; anything else, trailing data included, fails as a JSONDecodeError does.
 * Evaluation code written in Python reads model outputs this way, and its official scores depend
 * on exactly what it accepts.
 */
export function pythonJsonLoads(text: string): PythonJsonReading {
  const parser = new Parser(text);
  try {
    parser.whitespace();
    const value = parser.value(0);
    parser.whitespace();
    return parser.done() ? { ok: true, value } : { ok: false };
  } catch (error) {
    if (error instanceof SyntaxError) return { ok: false };
    throw error;
  }
}

const MAX_DEPTH = 900; // Python raises RecursionError near 1000 levels; no model output nests that deep.
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Parser {
  private position = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.position === this.text.length;
  }

  whitespace(): void {
    while (this.position < this.text.length && ' \t\n\r'.includes(this.text[this.position]!)) this.position += 1;
  }

  value(depth: number): PythonJson {
    if (depth > MAX_DEPTH) throw new SyntaxError('too deep');
    const char = this.text[this.position];
    if (char === '{') return this.object(depth);
    if (char === '[') return this.array(depth);
    if (char === '"') return this.string();
    for (const [word, value] of WORDS) {
      if (this.text.startsWith(word, this.position)) {
        this.position += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = this.position;
    const match = NUMBER.exec(this.text);
    if (match === null) throw new SyntaxError('expecting value');
    this.position += match[0].length;
    return Number(match[0]);
  }

  private object(depth: number): PythonJson {
    const result: { [key: string]: PythonJson } = Object.create(null) as { [key: string]: PythonJson };
    this.position += 1;
    this.whitespace();
    if (this.text[this.position] === '}') {
      this.position += 1;
      return result;
    }
    for (;;) {
      if (this.text[this.position] !== '"') throw new SyntaxError('expecting property name');
      const key = this.string();
      this.whitespace();
      if (this.text[this.position] !== ':') throw new SyntaxError("expecting ':'");
      this.position += 1;
      this.whitespace();
      result[key] = this.value(depth + 1);
      this.whitespace();
      const next = this.text[this.position];
      this.position += 1;
      if (next === '}') return result;
      if (next !== ',') throw new SyntaxError("expecting ','");
      this.whitespace();
    }
  }

  private array(depth: number): PythonJson {
    const result: PythonJson[] = [];
    this.position += 1;
    this.whitespace();
    if (this.text[this.position] === ']') {
      this.position += 1;
      return result;
    }
    for (;;) {
      result.push(this.value(depth + 1));
      this.whitespace();
      const next = this.text[this.position];
      this.position += 1;
      if (next === ']') return result;
      if (next !== ',') throw new SyntaxError("expecting ','");
      this.whitespace();
    }
  }

  private string(): string {
    this.position += 1;
    let result = '';
    for (;;) {
      const char = this.text[this.position];
      if (char === undefined) throw new SyntaxError('unterminated string');
      this.position += 1;
      if (char === '"') return result;
      if (char < ' ') throw new SyntaxError('invalid control character');
      if (char !== '\\') {
        result += char;
        continue;
      }
      const escape = this.text[this.position];
      this.position += 1;
      if (escape === 'u') {
        const hex = this.text.slice(this.position, this.position + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new SyntaxError('invalid \\uXXXX escape');
        this.position += 4;
        result += String.fromCharCode(parseInt(hex, 16));
        continue;
      }
      const decoded = escape === undefined ? undefined : ESCAPES[escape];
      if (decoded === undefined) throw new SyntaxError('invalid escape');
      result += decoded;
    }
  }
}

const WORDS: readonly [string, PythonJson][] = [
  ['null', null],
  ['true', true],
  ['false', false],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
];

export function isPythonDict(value: PythonJson): value is { [key: string]: PythonJson } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
