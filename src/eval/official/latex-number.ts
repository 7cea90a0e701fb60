/**
 * The part of latex2sympy2_extended (1.11.0) that answers to a whole-number question need: it
 * reads a normalised LaTeX answer into the kind of SymPy object latex2sympy builds, with its
 * value, so math_verify's verdict can be reproduced (math-verify-aime.ts). Numbers, + − × ÷ / ^,
 * \frac, \binom, \sqrt, !, \%, ^\circ, groups, sets, intervals, \text{…}, letters, = and \approx
 * are read as latex2sympy reads them, quirks included: juxtaposed numbers are a mixed fraction
 * ("5 8" is 13), a digit group after a comma is a thousands separator only when the whole answer
 * is such a number. Anything else raises Unsupported; the caller then compares the answer as text
 * only, which is what math_verify does when latex2sympy cannot parse it.
 */

import {
  binomial,
  divide,
  expression,
  factorial,
  juxtapose,
  add,
  multiply,
  negate,
  onlySymbols,
  power,
  root,
  ParseError,
  Unsupported,
  type LatexValue,
} from './latex-value.js';

export { numericValue, ParseError, Unsupported, type LatexValue, type Rational } from './latex-value.js';

type Token = { type: 'number'; text: string } | { type: 'command'; name: string } | { type: 'char'; char: string } | { type: 'text'; content: string };

const IGNORED = new Set(['\\,', '\\;', '\\:', '\\quad', '\\qquad', '\\ ', '\\!']);

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < input.length) {
    const rest = input.slice(index);
    const space = /^[ \t\r\n]+/.exec(rest);
    if (space) {
      index += space[0].length;
      continue;
    }
    const number = /^(?:\d+(?:\.\d+)?|\.\d+)/.exec(rest);
    if (number) {
      if (/^\.(?!\d)/.test(rest.slice(number[0].length))) throw new ParseError('a number ends in a point');
      tokens.push({ type: 'number', text: number[0] });
      index += number[0].length;
      continue;
    }
    const text = /^\\(?:text|textbf|textit|textrm|textnormal|mbox)\s*\{([^{}]*)\}/.exec(rest);
    if (text) {
      tokens.push({ type: 'text', content: text[1]! });
      index += text[0].length;
      continue;
    }
    const command = /^\\(?:[a-zA-Z]+|.)/.exec(rest);
    if (command) {
      if (!IGNORED.has(command[0])) tokens.push({ type: 'command', name: command[0] });
      index += command[0].length;
      continue;
    }
    tokens.push({ type: 'char', char: rest[0]! });
    index += 1;
  }
  return tokens;
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }
  private isChar(char: string): boolean {
    const token = this.peek();
    return token?.type === 'char' && token.char === char;
  }
  private isCommand(name: string): boolean {
    const token = this.peek();
    return token?.type === 'command' && token.name === name;
  }
  private expectChar(char: string): void {
    if (!this.isChar(char)) throw new ParseError(`expected ${char}`);
    this.position += 1;
  }
  done(): boolean {
    return this.position >= this.tokens.length;
  }

  /** relation: expr (= expr | \approx expr)? */
  relation(): LatexValue {
    const left = this.expr();
    if (this.isChar('=')) {
      this.position += 1;
      const right = this.expr();
      if (this.isChar('=')) throw new Unsupported('a chain of equations');
      return { kind: 'equation', lhs: left, rhs: right };
    }
    if (this.isCommand('\\approx')) {
      this.position += 1;
      const right = this.expr();
      return onlySymbols(left) ? right : left;
    }
    return left;
  }

  expr(): LatexValue {
    let left = this.multiplicative();
    for (;;) {
      if (this.isChar('+') || this.isChar('-')) {
        const minus = this.isChar('-');
        this.position += 1;
        const right = this.multiplicative();
        left = expression(
          [left, right],
          ([a, b]) => add(a!, minus ? multiply(b!, { n: -1n, d: 1n }) : b!),
          ([a, b]) => (minus ? a! - b! : a! + b!),
        );
      } else if (this.isCommand('\\pm') || this.isCommand('\\mp')) {
        throw new Unsupported('±');
      } else return left;
    }
  }

  private multiplicative(): LatexValue {
    let left = this.unary();
    for (;;) {
      if (this.isChar('*') || this.isCommand('\\times') || this.isCommand('\\cdot')) {
        this.position += 1;
        const right = this.unary();
        left = expression(
          [left, right],
          ([a, b]) => multiply(a!, b!),
          ([a, b]) => a! * b!,
          true,
        );
      } else if (this.isChar('/') || this.isCommand('\\div')) {
        this.position += 1;
        left = divide(left, this.unary());
      } else return left;
    }
  }

  private unary(): LatexValue {
    if (this.isChar('+')) {
      this.position += 1;
      return this.unary();
    }
    if (this.isChar('-')) {
      this.position += 1;
      return negate(this.unary());
    }
    const items: LatexValue[] = [this.postfix()];
    while (this.startsAtom()) items.push(this.postfix());
    return juxtapose(items);
  }

  private startsAtom(): boolean {
    const token = this.peek();
    if (token === undefined) return false;
    if (token.type === 'number' || token.type === 'text') return true;
    if (token.type === 'char') return /^[a-zA-Z([{]$/.test(token.char);
    return (
      ['\\frac', '\\binom', '\\dbinom', '\\tbinom', '\\sqrt', '\\{', '\\pi', '\\infty'].includes(token.name) ||
      (/^\\[a-zA-Z]+$/.test(token.name) && !OPERATORS.has(token.name))
    );
  }

  private postfix(): LatexValue {
    let value = this.power();
    for (;;) {
      if (this.isChar('!')) {
        this.position += 1;
        value = factorial(value);
      } else if (this.isCommand('\\%') || this.isChar('%')) {
        throw new ParseError('a percent sign after something that is not a number');
      } else return value;
    }
  }

  private power(): LatexValue {
    let base = this.atom();
    while (this.isChar('^')) {
      this.position += 1;
      if (this.isCommand('\\circ')) {
        this.position += 1;
        continue;
      }
      let exponent: LatexValue;
      if (this.isChar('{')) {
        this.position += 1;
        if (this.isCommand('\\circ')) {
          this.position += 1;
          this.expectChar('}');
          continue;
        }
        exponent = this.expr();
        this.expectChar('}');
      } else {
        const token = this.peek();
        if (token?.type !== 'number' && !(token?.type === 'char' && /^[a-zA-Z]$/.test(token.char))) throw new ParseError('an exponent must be an atom or {…}');
        exponent = this.atom();
      }
      base = power(base, exponent);
    }
    return base;
  }

  private atom(): LatexValue {
    const token = this.peek();
    if (token === undefined) throw new ParseError('expected a value');
    this.position += 1;
    if (token.type === 'number') {
      const value: LatexValue = token.text.includes('.') ? { kind: 'float', value: Number(token.text) } : { kind: 'integer', value: BigInt(token.text) };
      if (this.isCommand('\\%') || this.isChar('%')) {
        this.position += 1;
        return { kind: 'percent', of: value };
      }
      return value;
    }
    // \text{…} is a symbol named by its text without spaces and parentheses, lower-cased ("\text{(B)}" is b).
    if (token.type === 'text') return { kind: 'symbol', name: token.content.replace(/[ ()]/g, '').toLowerCase() };
    if (token.type === 'char') {
      if (/^[a-zA-Z]$/.test(token.char))
        return token.char === 'e' ? { kind: 'symbolic', onlySymbols: false } : { kind: 'symbol', name: token.char.toLowerCase() };
      if (token.char === '(' || token.char === '[') return this.group(token.char === '(' ? ')' : ']');
      if (token.char === '{') return this.set('}');
      throw new ParseError(`unexpected ${token.char}`);
    }
    switch (token.name) {
      case '\\{':
        return this.set('\\}');
      case '\\frac': {
        const numerator = this.braced();
        return divide(numerator, this.braced());
      }
      case '\\binom':
      case '\\dbinom':
      case '\\tbinom':
        return binomial(this.braced(), this.braced());
      case '\\sqrt': {
        let degree: LatexValue = { kind: 'integer', value: 2n };
        if (this.isChar('[')) {
          this.position += 1;
          degree = this.expr();
          this.expectChar(']');
        }
        if (!this.isChar('{')) throw new ParseError('\\sqrt without {…}');
        return root(this.braced(), degree);
      }
      case '\\pi':
      case '\\infty':
        return { kind: 'symbolic', onlySymbols: false };
      default:
        throw new Unsupported(`the command ${token.name}`);
    }
  }

  private braced(): LatexValue {
    this.expectChar('{');
    const value = this.expr();
    this.expectChar('}');
    return value;
  }

  /** ( … ) or [ … ]: the value, or an interval when two values are separated by a comma. */
  private group(close: string): LatexValue {
    const inner = this.expr();
    if (this.isChar(',')) {
      this.position += 1;
      this.expr();
      this.expectChar(close);
      return { kind: 'interval' };
    }
    this.expectChar(close);
    return inner;
  }

  private set(close: '}' | '\\}'): LatexValue {
    const items = [this.expr()];
    while (this.isChar(',') || this.isChar(';')) {
      this.position += 1;
      items.push(this.expr());
    }
    if (close === '}') this.expectChar('}');
    else if (this.isCommand('\\}')) this.position += 1;
    else throw new ParseError('expected \\}');
    return { kind: 'set', items };
  }

  /** Top level: one relation, or elements separated by commas or semicolons (a set). */
  elements(): LatexValue[] {
    const items = [this.relation()];
    while (this.isChar(',') || this.isChar(';')) {
      this.position += 1;
      items.push(this.relation());
    }
    return items;
  }
}

const OPERATORS = new Set(['\\times', '\\cdot', '\\div', '\\pm', '\\mp', '\\approx', '\\%', '\\}', '\\circ']);
/** comma_number_regex: the whole answer is one number with thousands separators. */
const COMMA_NUMBER = /^\s*-?\d{1,3}(,\d{3})+(\.\d+)?\s*$/;

/** convert_number: "0,111" is a decimal, other commas (and spaces) are dropped, then leading zeros. */
function convertNumber(latex: string): LatexValue {
  const number = latex.includes(',') && latex.startsWith('0') ? latex.replaceAll(',', '.') : latex;
  const digits = number.replace(/[, ]/g, '').replace(/^0+/, '') || '0';
  if (!/^-?(?:\d+(?:\.\d+)?|\.\d+)$/.test(digits)) throw new ParseError('not a number');
  return digits.includes('.') ? { kind: 'float', value: Number(digits) } : { kind: 'integer', value: BigInt(digits) };
}

/** latex2sympy(latex): the object it builds; ParseError where it raises, Unsupported where this port stops. */
export function parseLatexNumber(latex: string): LatexValue {
  const parser = new Parser(tokenize(latex));
  const elements = parser.elements();
  if (!parser.done()) throw new ParseError('unexpected input after the answer');
  if (elements.length === 1) return elements[0]!;
  if (COMMA_NUMBER.test(latex)) return convertNumber(latex);
  if (elements.some((element) => element.kind === 'equation')) throw new Unsupported('a list of equations');
  return { kind: 'set', items: elements };
}
