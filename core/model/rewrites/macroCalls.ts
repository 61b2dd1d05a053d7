/**
 * Macros the grammar cannot read: calls only a macro takes (an empty argument, statements as an
 * argument), macros the file defines as attributes or as nothing, GNU's named variadic parameter,
 * comments inside a multi-line `#define`.
 */
import { ATTRIBUTE_WORDS } from './macroNames';
import { blank, type Rewrite } from './rewrite';
import { directiveMatches } from '../../util/directives';

/**
 * Argument lists only a macro takes: an empty argument (`FailIf(error, , Failure, "…")`) or
 * statements (`__Require_Action(ok, Exit, result = false; stop())`). Their contents go. One pass
 * with a stack of open brackets per kind, so a file of many statements stays linear.
 *
 * Each kind of bracket closes the innermost open one of its kind, as Pairs (rewrite.ts) and the cuts
 * of windowedCode.ts count them: where no bracket of any kind is open, no frame is left either, so a
 * window between two cuts is rewritten the same on its own as within the whole file, even when the
 * brackets around it are ill-nested (`( { ) }` while the user types).
 */
export function macroOnlyArguments(input: string, code: string, rewrites: Rewrite[]): void {
  // Char codes, not one-character strings and a regex per character: this runs over the whole file.
  interface Frame { readonly open: number; readonly paren: boolean; readonly isFor: boolean; macroOnly: boolean; last: number }
  const round: Frame[] = [];
  const curly: Frame[] = [];
  const square: Frame[] = [];
  const later = (a: Frame | undefined, b: Frame | undefined): Frame | undefined => (a && (!b || a.open > b.open) ? a : b);
  /** The innermost open bracket of any kind: the one opened last. */
  const innermost = (): Frame | undefined => later(later(round[round.length - 1], curly[curly.length - 1]), square[square.length - 1]);
  /** innermost(), kept up to date as brackets open and close. */
  let top: Frame | undefined;
  /** Whether the token right before is a statement head (STATEMENT_HEADS; spaces are skipped, anything else clears it). */
  let afterFor = false;
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c === SPACE || c === NEWLINE || c === TAB || c === RETURN) {
      // The code view blanks literals, but `static_assert(sizeof(T) == 4, "size")` ends in an
      // argument all the same: where a literal opens, the argument is not empty.
      if (top) {
        const d = input.charCodeAt(i);
        if (d === QUOTE || d === APOSTROPHE) top.last = WORD;
      }
      continue;
    }
    if (c === OPEN_PAREN || c === OPEN_BRACE || c === OPEN_SQUARE) {
      if (top) top.last = c;
      const frame = { open: i, paren: c === OPEN_PAREN, isFor: c === OPEN_PAREN && afterFor, macroOnly: false, last: c };
      (c === OPEN_PAREN ? round : c === OPEN_BRACE ? curly : square).push(frame);
      top = frame;
      afterFor = false;
      continue;
    }
    if (c === CLOSE_PAREN || c === CLOSE_BRACE || c === CLOSE_SQUARE) {
      const closed = (c === CLOSE_PAREN ? round : c === CLOSE_BRACE ? curly : square).pop();
      if (closed?.paren) {
        if (closed.last === COMMA) closed.macroOnly = true;
        if (closed.macroOnly) rewrites.push(blank(input, closed.open + 1, i));
      }
      top = innermost();
      if (top) top.last = c;
      afterFor = false;
      continue;
    }
    if (top?.paren) {
      if (c === COMMA && (top.last === COMMA || top.last === OPEN_PAREN)) top.macroOnly = true;
      else if (c === SEMICOLON && !top.isFor) top.macroOnly = true;
    }
    if (top) top.last = c;
    if (isIdentifierUnit(c)) {
      let e = i;
      while (e + 1 < code.length && isIdentifierUnit(code.charCodeAt(e + 1))) e++;
      // The first letter first: a slice per word of the file would cost more than the rest of the pass.
      afterFor = e - i <= 8 && HEAD_INITIALS.has(c) && STATEMENT_HEADS.has(code.slice(i, e + 1));
      if (top) top.last = WORD;
      i = e;
    } else afterFor = false;
  }
}

const SPACE = 32;
const NEWLINE = 10;
const TAB = 9;
const RETURN = 13;
const QUOTE = 34;
const APOSTROPHE = 39;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_SQUARE = 91;
const CLOSE_SQUARE = 93;
const COMMA = 44;
const SEMICOLON = 59;
/**
 * Words whose parenthesis may hold a `;` without being a macro's: `for (init; cond; step)`, and C++17's
 * `if (init; cond)`, `if constexpr (init; cond)` and `switch (init; cond)`.
 */
const STATEMENT_HEADS: ReadonlySet<string> = new Set(['for', 'if', 'switch', 'constexpr']);
const HEAD_INITIALS: ReadonlySet<number> = new Set([...STATEMENT_HEADS].map((word) => word.charCodeAt(0)));
/** What `last` holds after a word or a literal (no character has this code). */
const WORD = -1;

function isIdentifierUnit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

export interface DefinedMacros {
  readonly objectLike: ReadonlySet<string>;
  readonly functionLike: ReadonlySet<string>;
}

const DEFINE = /#[ \t]*define[ \t]+([A-Za-z_]\w*)(\([^)\n]*\))?[ \t]*(.*)$/my;

/**
 * Macros the file defines as nothing or as attributes only (`#define PACKED __attribute__((packed))`,
 * `#define EXPORT`): their uses are blanked like the SDK's attribute macros.
 */
export function attributeMacrosDefinedIn(text: string): DefinedMacros {
  const objectLike = new Set<string>();
  const functionLike = new Set<string>();
  if (!text.includes('define')) return { objectLike, functionLike };
  const definedOtherwise = new Set<string>();
  for (const m of directiveMatches(text, DEFINE)) {
    const body = m[3].replace(/\/\/.*$|\/\*.*?\*\//g, '').trim();
    // A name defined as something else too (in another #if arm) is not an attribute everywhere.
    if (body.endsWith('\\') || !attributeOnly(body)) {
      definedOtherwise.add(m[1]);
      continue;
    }
    (m[2] ? functionLike : objectLike).add(m[1]);
  }
  for (const name of definedOtherwise) {
    objectLike.delete(name);
    functionLike.delete(name);
  }
  return { objectLike, functionLike };
}

/** True for an empty macro body or one made only of attributes. */
function attributeOnly(body: string): boolean {
  let rest = body;
  for (let guard = 0; guard < 8 && rest.length > 0; guard++) {
    const attribute = /^(?:__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)|__declspec\s*\([^()]*\)|\[\[[^\]]*\]\])\s*/.exec(rest);
    const word = /^([A-Za-z_]\w*)\s*/.exec(rest);
    if (attribute) rest = rest.slice(attribute[0].length);
    else if (word && ATTRIBUTE_WORDS.has(word[1])) rest = rest.slice(word[0].length);
    else return false;
  }
  return rest.length === 0;
}

/** `#define Log(fmt, args...)`: GNU's named variadic parameter becomes a plain `...`. */
export function variadicMacroParameters(text: string, rewrites: Rewrite[]): void {
  if (!text.includes('...')) return;
  for (const m of directiveMatches(text, DEFINE)) {
    const parameters = m[2];
    if (!parameters) continue;
    const named = /([A-Za-z_]\w*)\s*\.\.\./.exec(parameters);
    if (!named) continue;
    const start = m.index + m[0].indexOf(parameters) + named.index;
    const length = named[0].length;
    rewrites.push({ start, end: start + length, text: '...'.padEnd(length, ' ') });
  }
}

/** A block comment inside a multi-line `#define` (before its backslash) confuses the grammar; it says nothing. */
export function commentsInDefines(input: string, text: string, rewrites: Rewrite[]): void {
  if (!text.includes('/*')) return;
  for (const define of text.matchAll(/^[ \t]*#[ \t]*define\b(?:[^\n\\]|\\[^\n]|\\\n)*/gm)) {
    for (const comment of define[0].matchAll(/\/\*[\s\S]*?\*\//g)) {
      const start = define.index + comment.index;
      rewrites.push(blank(input, start, start + comment[0].length));
    }
  }
}
