/**
 * The pieces every parser-input rewrite shares: a same-length replacement, blanking, applying a set
 * of them, bracket pairs found once, and the words of C++ that are never macros.
 */
import { skipSpaces } from '../codeView';

/** A same-length replacement of input[start, end). */
export interface Rewrite {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export const IDENTIFIER_CHAR = /[A-Za-z0-9_]/;

/** Words after which an expression starts, so a `^` there begins a block literal. */
export const EXPRESSION_KEYWORDS = new Set(['return', 'case', 'co_return', 'throw', 'else', 'do']);

export const KEYWORDS = new Set([
  'alignas', 'alignof', 'asm', 'auto', 'bool', 'break', 'case', 'catch', 'char', 'class', 'const', 'constexpr',
  'const_cast', 'continue', 'decltype', 'default', 'delete', 'do', 'double', 'dynamic_cast', 'else', 'enum',
  'explicit', 'export', 'extern', 'false', 'float', 'for', 'friend', 'goto', 'if', 'inline', 'int', 'long',
  'mutable', 'namespace', 'new', 'noexcept', 'nullptr', 'operator', 'private', 'protected', 'public',
  'register', 'reinterpret_cast', 'return', 'short', 'signed', 'sizeof', 'static', 'static_assert',
  'static_cast', 'struct', 'switch', 'template', 'this', 'throw', 'true', 'try', 'typedef', 'typeid',
  'typename', 'union', 'unsigned', 'using', 'virtual', 'void', 'volatile', 'while', 'override', 'final',
  'co_return', 'co_await', 'co_yield', 'NULL',
]);

/** After a macro's name: the end of its argument list, or undefined when no `(` follows. */
export function callEnd(code: string, pairs: Pairs, afterName: number): number | undefined {
  const open = skipSpaces(code, afterName);
  if (code[open] !== '(') return undefined;
  const close = pairs.close(open);
  return close < 0 ? undefined : close + 1;
}

export function blank(input: string, start: number, end: number): Rewrite {
  return { start, end, text: input.slice(start, end).replace(/[^\r\n]/g, ' ') };
}

/**
 * The closing bracket of every `(`, `{` and `[` of a code view, found in one pass (each kind counted
 * on its own, like matchingParen), so looking many of them up stays linear in the text.
 */
export class Pairs {
  private readonly closing = new Map<number, number>();
  private readonly opening = new Map<number, number>();

  constructor(code: string) {
    // One stack per kind, of offsets; char codes rather than one-character strings (this runs over the whole file).
    const round: number[] = [];
    const curly: number[] = [];
    const square: number[] = [];
    for (let i = 0; i < code.length; i++) {
      const c = code.charCodeAt(i);
      if (c === 40) round.push(i);
      else if (c === 123) curly.push(i);
      else if (c === 91) square.push(i);
      else if (c === 41 || c === 125 || c === 93) {
        const open = (c === 41 ? round : c === 125 ? curly : square).pop();
        if (open !== undefined) {
          this.closing.set(open, i);
          this.opening.set(i, open);
        }
      }
    }
  }

  /** The offset of the bracket closing the one at `open`, or -1. */
  close(open: number): number {
    return this.closing.get(open) ?? -1;
  }

  /** The offset of the bracket opened by the one closing at `close`, or -1. */
  open(close: number): number {
    return this.opening.get(close) ?? -1;
  }
}

/** Applies non-overlapping rewrites (a later one inside an earlier is dropped). */
export function apply(input: string, rewrites: Rewrite[]): string {
  if (rewrites.length === 0) return input;
  rewrites.sort((a, b) => a.start - b.start || b.end - a.end);
  const pieces: string[] = [];
  let copied = 0;
  for (const r of rewrites) {
    if (r.start < copied) continue;
    pieces.push(input.slice(copied, r.start), r.text);
    copied = r.end;
  }
  pieces.push(input.slice(copied));
  return pieces.join('');
}

export function wordBefore(code: string, end: number): string {
  let s = end;
  while (s > 0 && IDENTIFIER_CHAR.test(code[s - 1])) s--;
  return code.slice(s, s + 1);
}
