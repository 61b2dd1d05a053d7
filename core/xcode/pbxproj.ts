/**
 * Reads the old-style (OpenStep / NeXTSTEP) text property list that Xcode writes as
 * `project.pbxproj`: `{ key = value; }` dictionaries, `( a, b, )` arrays, quoted and unquoted strings,
 * and C-style comments (the `// !$*UTF8*$!` header is just a comment).
 *
 * The parser keeps its own stack instead of recursing, so a hostile or corrupt file can neither
 * overflow the JS stack nor make it loop: every step consumes at least one character or fails.
 */

/** Containers nested deeper than this are refused; real project files stay below ten. */
export const MAX_NESTING = 200;

/** Malformed input. `offset` is the UTF-16 offset of the problem; `line`/`column` are 1-based. */
export class PbxprojError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(reason: string, readonly offset: number, text = '') {
    const { line, column } = lineAndColumn(text, offset);
    super(`${reason} (line ${line}, column ${column}, offset ${offset})`);
    this.name = 'PbxprojError';
    this.line = line;
    this.column = column;
  }
}

/**
 * Parses an OpenStep-style property list. Dictionaries become plain objects, arrays become arrays
 * and every scalar is a string (the format has no numbers or booleans). Throws `PbxprojError`.
 */
export function parseOpenStepPlist(text: string): unknown {
  return new OpenStepReader(text).read();
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

type Frame =
  | { kind: 'dict'; value: Record<string, unknown>; key: string; open: number }
  | { kind: 'array'; value: unknown[]; open: number };

/** Characters CoreFoundation accepts in an unquoted string: letters, digits and `_ $ / : . -`. */
function isUnquotedChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x5f || code === 0x24 || code === 0x2f || code === 0x3a || code === 0x2e || code === 0x2d // _ $ / : . -
  );
}

function isWhitespace(code: number): boolean {
  // space, \t \n \v \f \r, and the Unicode line/paragraph separators some editors insert
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0x2028 || code === 0x2029;
}

/** Single-letter escapes inside quoted strings, as CoreFoundation reads them. */
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** Assigns without ever touching the prototype chain (a key named `__proto__` stays a plain key). */
function setKey(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

class OpenStepReader {
  private pos = 0;

  constructor(private readonly text: string) {}

  read(): unknown {
    const { text } = this;
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1; // byte-order mark
    this.rejectOtherFormats();

    const stack: Frame[] = [];
    let completed: unknown;
    let hasCompleted = false;
    for (;;) {
      if (hasCompleted) {
        // A value is finished: hand it to the container it belongs to, or stop at the top level.
        hasCompleted = false;
        const top = stack[stack.length - 1];
        if (!top) break;
        if (top.kind === 'dict') {
          setKey(top.value, top.key, completed);
          this.expect(';', `';' after the value of ${shown(top.key)}`);
        } else {
          top.value.push(completed);
          this.skipTrivia();
          if (this.peek() === ',') this.pos++;
          else if (this.peek() !== ')') this.fail(this.pos >= text.length ? this.unclosed(top) : "expected ',' or ')' in array");
        }
      }

      const top = stack[stack.length - 1];
      this.skipTrivia();
      if (top?.kind === 'dict') {
        if (this.peek() === '}') {
          this.pos++;
          stack.pop();
          completed = top.value;
          hasCompleted = true;
          continue;
        }
        if (this.pos >= text.length) this.fail(this.unclosed(top));
        top.key = this.readString('a key or }');
        this.expect('=', `'=' after the key ${shown(top.key)}`);
        this.skipTrivia();
      } else if (top?.kind === 'array' && this.peek() === ')') {
        this.pos++;
        stack.pop();
        completed = top.value;
        hasCompleted = true;
        continue;
      }

      const c = this.peek();
      if (c === '{' || c === '(') {
        if (stack.length >= MAX_NESTING) this.fail(`nesting deeper than ${MAX_NESTING} levels`);
        stack.push(c === '{' ? { kind: 'dict', value: {}, key: '', open: this.pos } : { kind: 'array', value: [], open: this.pos });
        this.pos++;
        continue;
      }
      if (this.pos >= text.length && top) this.fail(this.unclosed(top));
      completed = this.readString('a value');
      hasCompleted = true;
    }

    this.skipTrivia();
    if (this.pos < text.length) this.fail('unexpected text after the end of the property list');
    return completed;
  }

  private rejectOtherFormats(): void {
    // Both would otherwise fail with a confusing message about an unexpected character.
    if (this.text.startsWith('bplist', this.pos)) this.fail('a binary property list; only the text format can be read');
    if (this.text.startsWith('<?xml', this.pos)) this.fail('an XML property list, not the OpenStep text format');
  }

  private unclosed(frame: Frame): string {
    const closer = frame.kind === 'dict' ? '}' : ')';
    return `unexpected end of text: the ${frame.kind === 'dict' ? '{' : '('} at offset ${frame.open} is never closed with '${closer}'`;
  }

  private peek(): string | undefined {
    return this.pos < this.text.length ? this.text[this.pos] : undefined;
  }

  private fail(reason: string, offset = this.pos): never {
    throw new PbxprojError(reason, offset, this.text);
  }

  private expect(char: string, what: string): void {
    this.skipTrivia();
    if (this.peek() !== char) this.fail(`expected ${what}`);
    this.pos++;
  }

  /** Skips whitespace and both comment styles. */
  private skipTrivia(): void {
    const { text } = this;
    while (this.pos < text.length) {
      const code = text.charCodeAt(this.pos);
      if (isWhitespace(code)) {
        this.pos++;
      } else if (code === 0x2f /* / */ && text[this.pos + 1] === '/') {
        const end = text.indexOf('\n', this.pos + 2);
        this.pos = end < 0 ? text.length : end + 1;
      } else if (code === 0x2f && text[this.pos + 1] === '*') {
        const end = text.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail('unterminated /* comment');
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  /** A quoted or unquoted string at the current position; `what` names the expectation in errors. */
  private readString(what: string): string {
    const c = this.peek();
    if (c === '"' || c === "'") return this.readQuoted(c);
    const start = this.pos;
    while (this.pos < this.text.length && isUnquotedChar(this.text.charCodeAt(this.pos))) this.pos++;
    if (this.pos === start) {
      if (c === undefined) this.fail(`unexpected end of text: expected ${what}`);
      if (c === '<') this.fail('data values <...> are not used in project files and are not supported');
      this.fail(`expected ${what}, found ${describeChar(c)}`);
    }
    return this.text.slice(start, this.pos);
  }

  private readQuoted(quote: string): string {
    const { text } = this;
    const open = this.pos;
    const quoteCode = quote.charCodeAt(0);
    const parts: string[] = [];
    let runStart = open + 1;
    for (let i = runStart; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === quoteCode) {
        parts.push(text.slice(runStart, i));
        this.pos = i + 1;
        return parts.join('');
      }
      if (code === 0x5c /* backslash */) {
        // Plain runs are copied in one slice; only escapes are handled character by character.
        parts.push(text.slice(runStart, i));
        this.pos = i + 1;
        if (this.pos >= text.length) break;
        parts.push(this.readEscape());
        runStart = this.pos;
        i = this.pos - 1;
      }
    }
    this.fail('unterminated string (opened here)', open);
  }

  /** The character(s) an escape stands for; the position is just after the backslash. */
  private readEscape(): string {
    const { text } = this;
    const c = text[this.pos];
    if (c === 'U' || c === 'u') {
      // \U followed by up to four hex digits: one UTF-16 unit (pairs of them form surrogate pairs)
      const digits = /^[0-9A-Fa-f]{1,4}/.exec(text.slice(this.pos + 1, this.pos + 5));
      if (!digits) this.fail('expected hex digits after \\U', this.pos - 1);
      this.pos += 1 + digits[0].length;
      return String.fromCharCode(parseInt(digits[0], 16));
    }
    if (c >= '0' && c <= '7') {
      // Up to three octal digits. CoreFoundation maps values above 0x7f through the NeXTSTEP
      // encoding; Xcode never writes those, so the code point is taken as it is.
      const digits = /^[0-7]{1,3}/.exec(text.slice(this.pos, this.pos + 3))![0];
      this.pos += digits.length;
      return String.fromCharCode(parseInt(digits, 8));
    }
    this.pos++;
    return SIMPLE_ESCAPES[c] ?? c; // \" \' \\ and any other character stand for themselves
  }
}

/** A key as quoted in messages: JSON-escaped and shortened, since a corrupt file may hold anything. */
function shown(key: string): string {
  return key.length > 60 ? `${JSON.stringify(key.slice(0, 60))}...` : JSON.stringify(key);
}

function describeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x20 || code === 0x7f || code === 0xfffd ? `the control or invalid character U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `'${c}'`;
}
