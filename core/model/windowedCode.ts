/**
 * A file's code view (codeView.ts) kept from one version of the text to the next: after an edit, only
 * the window between the *cuts* around it is viewed again, and the rest is kept, shifted. A cut is a
 * line start where the lexer is in plain code, no bracket of any kind is open, the line before does
 * not continue into it, and the last code before it is a `;` or a `}`; the state there is empty, so
 * the text between two cuts gives the same code view on its own as within the whole file. The window
 * is used only when it ends in that same empty state (checked over the line after it). A .cpp's
 * parser input (preparedCpp.ts) and an app file's contract values (core/userclient/keptValues.ts)
 * are both computed per window on top of it.
 */
import { codeView, NOT_LATIN1 } from './codeView';
import type { TextChange } from './nodeMemo';
import type { Span } from './span';
import { splice } from './splice';

export interface WindowedCode {
  readonly text: string;
  readonly code: string;
  readonly strings: readonly Span[];
  /** Every character of the text is Latin-1 (so is the code view's, made from it). */
  readonly latin1: boolean;
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
  return { text, code: codeView(text, strings), strings, latin1: !NOT_LATIN1.test(text) };
}

/** The code view of `text` from `last` and the change between them, and the window viewed again; undefined when no window can be used. */
export function windowedAfter(last: WindowedCode, text: string, change: TextChange): { viewed: WindowedCode; window: CodeWindow } | undefined {
  const cuts = cutsIn(last);
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
  const windowCuts = cutsOf(checkedCode.slice(0, windowLength), windowText.slice(0, windowLength), a, true);
  if (!windowCuts) return undefined;
  const windowCode = checkedCode.slice(0, windowLength);
  // What follows may be glued to a string only across spaces: the window's last code must be a `;` or a `}` (or none).
  const lastCode = windowCode.trimEnd().slice(-1);
  if (end < text.length && lastCode !== '' && lastCode !== ';' && lastCode !== '}') return undefined;
  const ownStrings = windowStrings.filter((s) => s.end <= windowLength);
  const moved = (s: Span): Span => ({ start: s.start + delta, end: s.end + delta });
  const viewed: WindowedCode = {
    text,
    latin1: last.latin1 && !NOT_LATIN1.test(windowText),
    code: splice(last.code, a, b, windowCode, last.latin1),
    strings: [...last.strings.filter((s) => s.end <= a), ...ownStrings.map((s) => ({ start: s.start + a, end: s.end + a })), ...last.strings.filter((s) => s.start >= b).map(moved)],
    cuts: [...cuts.filter((c) => c < a), ...windowCuts, ...(end < text.length ? [end] : []), ...cuts.filter((c) => c > b).map((c) => c + delta)],
  };
  return { viewed, window: { start: a, oldEnd: b, newEnd: end, code: windowCode, strings: ownStrings } };
}

/** The cuts of a view (computed on first use and kept on it). */
export function cutsIn(viewed: WindowedCode): readonly number[] {
  return (viewed.cuts ??= cutsOf(viewed.code, viewed.text, 0));
}

/**
 * The cuts of a code view and its text, offset by `base`. With `mustClose`, undefined unless every
 * bracket opened in it is closed at its end (a window that leaves one open cannot stand on its own).
 */
function cutsOf(code: string, text: string, base: number, mustClose?: false): number[];
function cutsOf(code: string, text: string, base: number, mustClose: true): number[] | undefined;
function cutsOf(code: string, text: string, base: number, mustClose = false): number[] | undefined {
  const out: number[] = [];
  // Each kind of bracket counted on its own and never below zero, as Pairs matches them.
  let round = 0;
  let curly = 0;
  let square = 0;
  // The last code character: a cut follows a `;` or a `}` (or nothing), so no word before it is glued to a string.
  let last = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c === 10) {
      const next = code.charCodeAt(i + 1);
      const startsWord = (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next === 95;
      if (startsWord && round === 0 && curly === 0 && square === 0 && (last === 0 || last === 59 || last === 125) && !continued(text, i) && i > 0) out.push(base + i + 1);
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) continue;
    last = c;
    if (c === 40) round++;
    else if (c === 41) round = Math.max(0, round - 1);
    else if (c === 123) curly++;
    else if (c === 125) curly = Math.max(0, curly - 1);
    else if (c === 91) square++;
    else if (c === 93) square = Math.max(0, square - 1);
  }
  if (mustClose && (round !== 0 || curly !== 0 || square !== 0)) return undefined;
  return out;
}

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
