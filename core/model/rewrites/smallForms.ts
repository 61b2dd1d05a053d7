/**
 * Smaller forms clang accepts: an unnamed enum with a base type, GNU case ranges, pointers to
 * members, runs of one operator (tree-sitter's error recovery is quadratic on them), a macro beside a
 * string literal, a default argument written `= {}`.
 */
import type { Span } from '../span';
import { skipSpaces, skipSpacesBack } from '../codeView';
import { blank, wordBefore, type Rewrite } from './rewrite';

/** `enum : uint8_t {` (an unnamed enum with a base type): the base goes. */
export function enumBase(input: string, code: string, afterEnum: number, rewrites: Rewrite[]): void {
  let i = skipSpaces(code, afterEnum);
  if (code[i] !== ':') return;
  const colon = i;
  i = skipSpaces(code, i + 1);
  const type = /^(?:[A-Za-z_]\w*|::|\s)+/.exec(code.slice(i, i + 128));
  if (!type) return;
  const brace = skipSpaces(code, i + type[0].length);
  if (code[brace] === '{') rewrites.push(blank(input, colon, brace));
}

/** `case 1 ... 3:`: GNU's case range becomes `1 +   3`. */
export function caseRange(code: string, afterCase: number, rewrites: Rewrite[]): void {
  const label = code.slice(afterCase, afterCase + 200);
  const colon = label.indexOf(':');
  const dots = label.indexOf('...');
  if (colon < 0 || dots < 0 || dots > colon) return;
  rewrites.push({ start: afterCase + dots, end: afterCase + dots + 3, text: '+  ' });
}

/**
 * Pointers to members: `(object->*method)()` becomes `(object, *method)()` and `.*` becomes `,*`
 * (a call through a pointer, as the grammar reads it); `(Class::*name)` in a declarator loses its
 * `Class::`, which leaves a plain pointer declarator.
 */
export function memberPointers(input: string, code: string, rewrites: Rewrite[]): void {
  for (let i = code.indexOf('->*'); i >= 0; i = code.indexOf('->*', i + 3)) rewrites.push({ start: i, end: i + 3, text: ', *' });
  for (let i = code.indexOf('.*'); i >= 0; i = code.indexOf('.*', i + 2)) {
    const prev = code[i - 1] ?? '';
    if (prev === ')' || (/[A-Za-z_]/.test(prev) && !/\d/.test(wordBefore(code, i)))) rewrites.push({ start: i, end: i + 2, text: ',*' });
  }
  for (const m of code.matchAll(/\(\s*((?:[A-Za-z_]\w*\s*::\s*)+)\*/g)) {
    const start = m.index + m[0].indexOf(m[1]);
    rewrites.push(blank(input, start, start + m[1].length));
  }
}

/**
 * A run of dozens of one operator character (`*******…`) is no C++ anyone writes, and tree-sitter's
 * error recovery is quadratic on it (the stack splits at every star): it is blanked.
 */
export function operatorRuns(input: string, code: string, rewrites: Rewrite[]): void {
  for (const m of code.matchAll(/([*&!~+\-<>|^%])\1{63,}/g)) rewrites.push(blank(input, m.index, m.index + m[0].length));
}

/**
 * `void Arm(const Config & config = {});`: a default argument value-initialised with empty braces,
 * which the grammar reads as a compound literal missing its type. The braces become `0` (same
 * length), a value the grammar takes. Only empty braces ending a parameter (`,` or `)` next): there
 * the replacement changes nothing the model reads.
 */
export function emptyBraceDefaults(code: string, rewrites: Rewrite[]): void {
  for (const m of code.matchAll(/=\s*(\{\s*\})\s*[,)]/g)) {
    const start = m.index + m[0].indexOf('{');
    rewrites.push({ start, end: start + m[1].length, text: '0'.padEnd(m[1].length, ' ') });
  }
}

/** True when a string literal stands right before or right after the word (spaces between; the text, not the code view, which blanks strings). */
export function nextToString(strings: readonly Span[], text: string, start: number, end: number): boolean {
  if (strings.length === 0) return false;
  const before = skipSpacesBack(text, start - 1);
  const after = skipSpaces(text, end);
  return stringEndingAt(strings, before + 1) || stringStartingAt(strings, after);
}

function stringEndingAt(strings: readonly Span[], end: number): boolean {
  const i = search(strings, (s) => s.end >= end);
  return i < strings.length && strings[i].end === end;
}

function stringStartingAt(strings: readonly Span[], start: number): boolean {
  const i = search(strings, (s) => s.start >= start);
  return i < strings.length && strings[i].start === start;
}

/** The first index where `atOrAfter` holds, in a list ordered by it. */
function search<T>(list: readonly T[], atOrAfter: (item: T) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (atOrAfter(list[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
