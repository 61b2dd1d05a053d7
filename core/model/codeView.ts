/**
 * The "code view" of a C/C++ text: the same string with comments, string and character literals and
 * preprocessor lines replaced by spaces (newlines kept). Every offset stays true, so lexical scans for
 * identifiers and macros can run over it without ever matching inside a comment or a string.
 * `strings`, when given, receives the span of every double-quoted literal outside directives.
 */
export function codeView(text: string, strings?: { start: number; end: number }[]): string {
  // The text's code units, overwritten in place: far cheaper than slicing and joining strings on a
  // file made mostly of comments (a 200 KB header is scanned in about a millisecond). A text of
  // Latin-1 characters only (nearly every source) is kept one byte a character, which makes the
  // result a one-byte string, half the size (code views are kept per file and made after every
  // keystroke). Otherwise UTF-16, in a buffer of its own (never the shared pool), so its 16-bit
  // view starts aligned.
  const oneByte = !NOT_LATIN1.test(text);
  const bytes = Buffer.allocUnsafeSlow(oneByte ? text.length : text.length * 2);
  bytes.write(text, oneByte ? 'latin1' : 'utf16le');
  const units = oneByte ? new Uint8Array(bytes.buffer, bytes.byteOffset, text.length) : new Uint16Array(bytes.buffer, bytes.byteOffset, text.length);
  let blankedAny = false;
  const n = text.length;
  let i = 0;
  let lineStart = true; // only whitespace seen since the last newline
  const blank = (from: number, to: number): void => {
    blankedAny = true;
    for (let k = from; k < to; k++) {
      const unit = text.charCodeAt(k);
      if (unit !== 10 && unit !== 13) units[k] = 32;
    }
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      lineStart = true;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      i++;
      continue;
    }
    if (c === 35 /* # */ && lineStart) {
      const end = endOfPreprocessorLine(text, i);
      blank(i, end);
      i = end;
      continue;
    }
    lineStart = false;
    if (c === 47 /* / */ && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) {
        const nl = text.indexOf('\n', i);
        const end = nl < 0 ? n : nl;
        blank(i, end);
        i = end;
        continue;
      }
      if (d === 42) {
        const close = text.indexOf('*/', i + 2);
        const end = close < 0 ? n : close + 2;
        blank(i, end);
        i = end;
        continue;
      }
    }
    if (isDigit(c) && (i === 0 || !isIdentifierUnit(text.charCodeAt(i - 1)))) {
      // A number, read whole: its digit separators (1'000'000) are no character literals.
      i = endOfNumber(text, i);
      continue;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const end = endOfQuoted(text, i, c);
      if (strings && c === 34) strings.push({ start: i, end });
      blank(i, end);
      i = end;
      continue;
    }
    i++;
  }
  return blankedAny ? bytes.toString(oneByte ? 'latin1' : 'utf16le') : text;
}

const NOT_LATIN1 = /[^\u0000-\u00ff]/;

/** Spaces in place of text[from, to), keeping line breaks. */
export function blanked(text: string, from: number, to: number): string {
  const piece = text.slice(from, to);
  return piece.includes('\n') || piece.includes('\r') ? piece.replace(/[^\r\n]/g, ' ') : ' '.repeat(to - from);
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isIdentifierUnit = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * End of a preprocessing number starting at `start`: digits, letters, `_` and `.`, a `'` between
 * two of them (a C++14 digit separator), and a sign after an exponent (1e+5, 0x1p-3).
 */
function endOfNumber(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isIdentifierUnit(c) || c === 46 /* . */) i++;
    else if (c === 39 /* ' */ && i + 1 < text.length && isIdentifierUnit(text.charCodeAt(i + 1))) i += 2;
    else if ((c === 43 || c === 45) && /[eEpP]/.test(text[i - 1])) i++;
    else break;
  }
  return i;
}

/** End of a quoted literal starting at `start`; an unterminated one ends at the end of its line. */
function endOfQuoted(text: string, start: number, quote: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) {
      i += 2;
      continue;
    }
    if (c === quote) return i + 1;
    if (c === 10) return i;
    i++;
  }
  return text.length;
}

/** A preprocessor line runs to the newline, continued by a trailing backslash; comments inside end it early only for `//`. */
function endOfPreprocessorLine(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    if (nl < 0) return text.length;
    let j = nl - 1;
    if (j >= 0 && text.charCodeAt(j) === 13) j--;
    if (j >= start && text.charCodeAt(j) === 92) {
      i = nl + 1;
      continue;
    }
    // A block comment opened on the directive line swallows the rest of it, possibly several lines.
    const line = text.slice(i, nl);
    const open = line.lastIndexOf('/*');
    if (open >= 0 && line.indexOf('*/', open) < 0) {
      const close = text.indexOf('*/', i + open + 2);
      if (close < 0) return text.length;
      i = close + 2;
      continue;
    }
    return nl;
  }
  return text.length;
}

/** Index of the `)` matching the `(` at `open` in a code view, or -1 when it is never closed. */
export function matchingParen(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c === 40) depth++;
    else if (c === 41) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

export function skipSpaces(code: string, from: number): number {
  let i = from;
  while (i < code.length && /\s/.test(code[i])) i++;
  return i;
}

export function skipSpacesBack(code: string, from: number): number {
  let i = from;
  while (i >= 0 && /\s/.test(code[i])) i--;
  return i;
}
