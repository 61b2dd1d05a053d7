/**
 * A file's code view (codeView.ts) kept from one version of the text to the next: after an edit, only
 * the window between the *cuts* around it is viewed again, and the rest is kept, shifted. A cut is a
 * line start where the lexer is in plain code, no bracket of any kind is open, the line before does
 * not continue into it, and the last code before it is a `;` or a `}`; the state there is empty, so
 * the text between two cuts gives the same code view on its own as within the whole file. The window
 * is used only when it ends in that same empty state (checked over the line after it). A .cpp's
 * parser input (preparedCpp.ts), a .iig's masked text and input (preparedIig.ts, with cuts between
 * the members of a class body too) and an app file's contract values (core/userclient/keptValues.ts)
 * are computed per window on top of it.
 */
import { codeView } from './codeView';
import type { TextChange } from './nodeMemo';
import type { Span } from './span';
import { splice } from './splice';

export interface WindowedCode {
  readonly text: string;
  readonly code: string;
  readonly strings: readonly Span[];
  /** The cuts, in order; computed when first needed. */
  cuts?: readonly number[];
}

/** The part of a file an edit made the view compute again: `[start, oldEnd)` of the last text became `[start, newEnd)`. */
export interface CodeWindow {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
  /** The window's code view and its strings (offsets from `start`). */
  readonly code: string;
  readonly strings: readonly Span[];
}

/** A window larger than this share of the file is not worth it: the whole file is viewed. */
const MAX_WINDOW_SHARE = 0.5;

export function windowedWhole(text: string): WindowedCode {
  const strings: Span[] = [];
  return { text, code: codeView(text, strings), strings };
}

/** The code view of `text` from `last` and the change between them, and the window viewed again; undefined when no window can be used. */
export function windowedAfter(last: WindowedCode, text: string, change: TextChange, inner = false): { viewed: WindowedCode; window: CodeWindow } | undefined {
  const cuts = cutsIn(last, inner);
  const a = lastAtOrBefore(cuts, change.start) ?? 0;
  const b = firstAtOrAfter(cuts, change.oldEnd) ?? last.text.length;
  const delta = change.newEnd - change.oldEnd;
  const end = b + delta;
  if (end - a > text.length * MAX_WINDOW_SHARE) return undefined;
  // The window ends where a line ends, not continued, as the cut after it did.
  if (end < text.length && (text.charCodeAt(end - 1) !== 10 || continued(text, end - 1))) return undefined;
  // The window and the line after it: that line must read as before, or the lexer left the window in a comment, a raw string or a directive.
  const lineAfter = b < last.text.length ? last.text.indexOf('\n', b) : -1;
  const checkedTo = lineAfter < 0 ? text.length : lineAfter + delta;
  const windowText = text.slice(a, checkedTo);
  const windowStrings: Span[] = [];
  const checkedCode = codeView(windowText, windowStrings);
  const windowLength = end - a;
  if (checkedCode.slice(windowLength) !== last.code.slice(b, checkedTo - delta)) return undefined;
  const windowCuts = cutsOf(checkedCode.slice(0, windowLength), windowText.slice(0, windowLength), a, inner, true);
  if (!windowCuts) return undefined;
  const windowCode = checkedCode.slice(0, windowLength);
  // What follows may be glued to a string only across spaces: the window's last code must be a `;` or a `}` (or none),
  // with no string literal after it (an unterminated one is blanked whole, quote and all).
  const lastCodeAt = windowCode.trimEnd().length - 1;
  const lastCode = lastCodeAt < 0 ? '' : windowCode[lastCodeAt];
  if (end < text.length && lastCode !== '' && lastCode !== ';' && lastCode !== '}') return undefined;
  const ownStrings = windowStrings.filter((s) => s.end <= windowLength);
  if (end < text.length && ownStrings.some((s) => s.start > lastCodeAt)) return undefined;
  const moved = (s: Span): Span => ({ start: s.start + delta, end: s.end + delta });
  const viewed: WindowedCode = {
    text,
    code: splice(last.code, a, b, windowCode),
    strings: [...last.strings.filter((s) => s.end <= a), ...ownStrings.map((s) => ({ start: s.start + a, end: s.end + a })), ...last.strings.filter((s) => s.start >= b).map(moved)],
    cuts: [...cuts.filter((c) => c < a), ...windowCuts, ...(end < text.length ? [end] : []), ...cuts.filter((c) => c > b).map((c) => c + delta)],
  };
  return { viewed, window: { start: a, oldEnd: b, newEnd: end, code: windowCode, strings: ownStrings } };
}

/** Whether the window holds a directive line, before the edit or after it (the file's `#define`s may have changed). */
export function windowTouchesDirective(lastText: string, text: string, window: CodeWindow): boolean {
  return DIRECTIVE_LINE.test(text.slice(window.start, window.newEnd)) || DIRECTIVE_LINE.test(lastText.slice(window.start, window.oldEnd));
}

const DIRECTIVE_LINE = /^[ \t]*#/m;

/**
 * The cuts of a view (computed on first use and kept on it). `inner`: also at member boundaries one
 * brace deep (a .iig's class body); a view is always asked with the same `inner`.
 */
export function cutsIn(viewed: WindowedCode, inner = false): readonly number[] {
  return (viewed.cuts ??= cutsOf(viewed.code, viewed.text, 0, inner));
}

/**
 * The cuts of a code view and its text, offset by `base`. With `inner`, a line start one brace deep
 * is a cut too (the members of a class body). With `mustClose`, undefined unless every bracket opened
 * in it is closed at its end and none closes one opened before it (a window must stand on its own).
 */
function cutsOf(code: string, text: string, base: number, inner: boolean, mustClose?: false): number[];
function cutsOf(code: string, text: string, base: number, inner: boolean, mustClose: true): number[] | undefined;
function cutsOf(code: string, text: string, base: number, inner: boolean, mustClose = false): number[] | undefined {
  const out: number[] = [];
  // Each kind of bracket counted on its own and never below zero, as Pairs matches them.
  let round = 0;
  let curly = 0;
  let square = 0;
  let underflow = false;
  const deepest = inner ? 1 : 0;
  // The last code character: a cut follows a `;` or a `}` (or nothing), so no word before it is glued to a string.
  let last = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c === 10) {
      // A member of a class body is indented: its line counts from its first word. Only the text's own
      // spaces are skipped (a comment is blanked to spaces in the code view, and code may follow it).
      let first = i + 1;
      if (inner) while (isBlank(text.charCodeAt(first)) && isBlank(code.charCodeAt(first))) first++;
      const next = code.charCodeAt(first);
      const startsWord = (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next === 95;
      if (startsWord && round === 0 && curly <= deepest && square === 0 && (last === 0 || last === 59 || last === 125) && !continued(text, i) && i > 0) out.push(base + i + 1);
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) continue;
    last = c;
    if (c === 40) round++;
    else if (c === 41) round === 0 ? (underflow = true) : round--;
    else if (c === 123) curly++;
    else if (c === 125) curly === 0 ? (underflow = true) : curly--;
    else if (c === 91) square++;
    else if (c === 93) square === 0 ? (underflow = true) : square--;
  }
  if (mustClose && (round !== 0 || curly !== 0 || square !== 0 || (inner && underflow))) return undefined;
  return out;
}

const isBlank = (c: number): boolean => c === 32 || c === 9;

/** Whether the line ending with the newline at `nl` continues on the next (a backslash before it). */
function continued(text: string, nl: number): boolean {
  const before = text.charCodeAt(nl - 1) === 13 ? nl - 2 : nl - 1;
  return text.charCodeAt(before) === 92;
}

export function lastAtOrBefore(sorted: readonly number[], at: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? sorted[lo - 1] : undefined;
}

export function firstAtOrAfter(sorted: readonly number[], at: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < at) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length ? sorted[lo] : undefined;
}
