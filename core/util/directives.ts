/**
 * Preprocessor directives found by their `#`: each `#` that begins a line's code (nothing but spaces
 * or tabs before it on its line). Jumping from `#` to `#` with indexOf passes over the rest of a file
 * far faster than a multiline regex anchored on `^`, which V8 tries at every line: on a 570 KB
 * source, about 0.01 ms against 0.5 ms. Some of these scans run on every keystroke.
 */

/**
 * Every match of `pattern` (sticky, `y`; add `m` when it ends in `$`) tried at the `#` of each
 * directive of `text`, in order; `limit` bounds how many are returned.
 */
export function directiveMatches(text: string, pattern: RegExp, limit = Infinity): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  for (let at = text.indexOf('#'); at >= 0 && out.length < limit; at = text.indexOf('#', at + 1)) {
    if (!beginsLine(text, at)) continue;
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (m) out.push(m);
  }
  return out;
}

/** Where the line of the directive whose `#` is at `at` starts (before its indentation). */
export function directiveLineStart(text: string, at: number): number {
  let i = at;
  while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
  return i;
}

/** Only spaces or tabs between the line's start (a line terminator, as `^` of a multiline regex reads it) and `at`. */
function beginsLine(text: string, at: number): boolean {
  const i = directiveLineStart(text, at) - 1;
  if (i < 0) return true;
  const c = text.charCodeAt(i);
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}
