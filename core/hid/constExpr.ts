/**
 * Evaluates the integer constant expressions a byte array is written with: literals (hex, decimal,
 * octal, binary, digit separators, suffixes), character literals, casts to integer types, the
 * arithmetic and bitwise operators, and names the caller resolves (macros and constants). Anything
 * else — a function call, a string, a name nobody defines — makes the value unknown: the caller then
 * treats the whole array as not decodable rather than guess a byte.
 */

/** How a name is resolved: the replacement text of an object-like macro or constant, else undefined. */
export type NameLookup = (name: string) => string | undefined;

type Token = { kind: 'number'; value: number } | { kind: 'name'; text: string } | { kind: 'op'; text: string };

const INTEGER = /^(?:0[xX]([0-9a-fA-F']+)|0[bB]([01']+)|(0[0-7']*)|([1-9][0-9']*))(?:[uU](?:ll|LL|l|L)?|(?:ll|LL|l|L)[uU]?)?/;
const OPERATORS = ['<<', '>>', '(', ')', '+', '-', '*', '/', '%', '&', '|', '^', '~', '<', '>'];

/** Integer types a cast may name; the 8-bit ones keep only the low byte (signed ones sign-extend). */
const BYTE_TYPES = new Set(['uint8_t', 'UInt8', 'u8', 'u_int8_t', 'Byte', 'BYTE', 'uint8', 'UINT8', 'unsigned char', 'char', 'std::uint8_t']);
const SIGNED_BYTE_TYPES = new Set(['int8_t', 'SInt8', 's8', 'int8', 'INT8', 'signed char', 'std::int8_t']);
const WIDE_TYPES = new Set([
  'int', 'unsigned', 'unsigned int', 'long', 'unsigned long', 'short', 'unsigned short', 'uint16_t', 'int16_t', 'uint32_t', 'int32_t',
  'UInt16', 'UInt32', 'SInt16', 'SInt32', 'size_t', 'uint64_t', 'int64_t', 'UInt64', 'SInt64',
]);

function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = INTEGER.exec(text.slice(i));
      if (!m || /[\w.]/.test(text[i + m[0].length] ?? '')) return undefined;
      const digits = (m[1] ?? m[2] ?? m[3] ?? m[4]).replace(/'/g, '');
      const radix = m[1] !== undefined ? 16 : m[2] !== undefined ? 2 : m[3] !== undefined ? 8 : 10;
      tokens.push({ kind: 'number', value: parseInt(digits, radix) });
      i += m[0].length;
      continue;
    }
    if (c === "'") {
      const literal = charLiteral(text, i);
      if (!literal) return undefined;
      tokens.push({ kind: 'number', value: literal.value });
      i = literal.end;
      continue;
    }
    const name = /^(?:::)?[A-Za-z_]\w*(?:::[A-Za-z_]\w*)*/.exec(text.slice(i));
    if (name) {
      tokens.push({ kind: 'name', text: name[0].replace(/^::/, '') });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) return undefined;
    tokens.push({ kind: 'op', text: op });
    i += op.length;
  }
  return tokens;
}

const ESCAPES: Readonly<Record<string, number>> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, "'": 39, '"': 34, a: 7, b: 8, f: 12, v: 11, '?': 63 };

/** A one-character literal (`'a'`, `'\x05'`, `'\177'`); multi-character and prefixed literals are not read. */
function charLiteral(text: string, start: number): { value: number; end: number } | undefined {
  const body = /^'((?:\\(?:x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)|[^'\\\n]))'/.exec(text.slice(start));
  if (!body) return undefined;
  const inner = body[1];
  let value: number;
  if (!inner.startsWith('\\')) value = inner.charCodeAt(0);
  else if (inner[1] === 'x') value = parseInt(inner.slice(2), 16);
  else if (/[0-7]/.test(inner[1])) value = parseInt(inner.slice(1), 8);
  else if (ESCAPES[inner[1]] !== undefined) value = ESCAPES[inner[1]];
  else return undefined;
  return value > 0xff ? undefined : { value, end: start + body[0].length };
}

/** Recursive-descent evaluation over the tokens; any surprise gives undefined. */
class Evaluator {
  private at = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly lookup: NameLookup,
    private readonly depth: number,
  ) {}

  run(): number | undefined {
    const value = this.binary(0);
    return value !== undefined && this.at === this.tokens.length ? value : undefined;
  }

  private static readonly LEVELS: readonly (readonly string[])[] = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

  private binary(level: number): number | undefined {
    if (level === Evaluator.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    while (left !== undefined) {
      const op = this.peekOp();
      if (!op || !Evaluator.LEVELS[level].includes(op)) break;
      this.at++;
      const right = this.binary(level + 1);
      if (right === undefined) return undefined;
      left = apply(op, left, right);
    }
    return left;
  }

  private unary(): number | undefined {
    const op = this.peekOp();
    if (op === '-' || op === '+' || op === '~') {
      this.at++;
      const value = this.unary();
      if (value === undefined) return undefined;
      return op === '-' ? -value : op === '~' ? ~value : value;
    }
    if (op === '(') {
      const cast = this.castType(this.at + 1);
      if (cast) {
        this.at = cast.end;
        const value = this.unary();
        return value === undefined ? undefined : convert(cast.type, value);
      }
    }
    return this.primary();
  }

  /** `(uint8_t)` / `(unsigned char)` at `from`: the type and the index after `)`. */
  private castType(from: number): { type: string; end: number } | undefined {
    const words: string[] = [];
    let i = from;
    while (this.tokens[i]?.kind === 'name') words.push((this.tokens[i++] as { text: string }).text);
    const close = this.tokens[i];
    if (words.length === 0 || close?.kind !== 'op' || close.text !== ')') return undefined;
    const type = words.filter((w) => w !== 'const').join(' ');
    return isIntegerType(type) ? { type, end: i + 1 } : undefined;
  }

  private primary(): number | undefined {
    const token = this.tokens[this.at];
    if (!token) return undefined;
    if (token.kind === 'number') {
      this.at++;
      return token.value;
    }
    if (token.kind === 'op' && token.text === '(') {
      this.at++;
      const value = this.binary(0);
      if (!this.takeOp(')')) return undefined;
      return value;
    }
    if (token.kind === 'name') {
      this.at++;
      // static_cast<uint8_t>(x) and uint8_t(x)
      if (token.text === 'static_cast' && this.takeOp('<')) {
        const words: string[] = [];
        while (this.tokens[this.at]?.kind === 'name') words.push((this.tokens[this.at++] as { text: string }).text);
        const type = words.filter((w) => w !== 'const').join(' ');
        if (!isIntegerType(type) || !this.takeOp('>') || !this.takeOp('(')) return undefined;
        const value = this.binary(0);
        return value !== undefined && this.takeOp(')') ? convert(type, value) : undefined;
      }
      if (isIntegerType(token.text) && this.peekOp() === '(') {
        this.at++;
        const value = this.binary(0);
        return value !== undefined && this.takeOp(')') ? convert(token.text, value) : undefined;
      }
      const replacement = this.depth < 8 ? this.lookup(token.text) : undefined;
      return replacement === undefined ? undefined : evaluate(replacement, this.lookup, this.depth + 1);
    }
    return undefined;
  }

  private peekOp(): string | undefined {
    const token = this.tokens[this.at];
    return token?.kind === 'op' ? token.text : undefined;
  }

  private takeOp(text: string): boolean {
    if (this.peekOp() !== text) return false;
    this.at++;
    return true;
  }
}

function isIntegerType(type: string): boolean {
  return BYTE_TYPES.has(type) || SIGNED_BYTE_TYPES.has(type) || WIDE_TYPES.has(type);
}

function convert(type: string, value: number): number {
  if (BYTE_TYPES.has(type)) return value & 0xff;
  if (SIGNED_BYTE_TYPES.has(type)) return ((value & 0xff) << 24) >> 24;
  return value;
}

function apply(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '|':
      return a | b;
    case '^':
      return a ^ b;
    case '&':
      return a & b;
    case '<<':
      return b < 0 || b > 31 ? undefined : a * 2 ** b;
    case '>>':
      return b < 0 || b > 31 ? undefined : Math.floor(a / 2 ** b);
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? undefined : Math.trunc(a / b);
    case '%':
      return b === 0 ? undefined : a % b;
    default:
      return undefined;
  }
}

/** The value of an integer constant expression, or undefined when it is not one we can be sure of. */
export function evaluate(text: string, lookup: NameLookup = () => undefined, depth = 0): number | undefined {
  const tokens = tokenize(text);
  if (!tokens || tokens.length === 0) return undefined;
  const value = new Evaluator(tokens, lookup, depth).run();
  return value !== undefined && Number.isSafeInteger(value) ? value : undefined;
}
