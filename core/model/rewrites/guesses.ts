/**
 * Rewrites that guess what a macro means: applied on top of the safe ones when those leave syntax
 * errors, and kept by the caller only when the guess parses with fewer errors (sourceDocument.ts).
 */
import { skipSpaces, skipSpacesBack } from '../codeView';
import { blank, apply, callEnd, EXPRESSION_KEYWORDS, IDENTIFIER_CHAR, KEYWORDS, Pairs, type Rewrite } from './rewrite';

const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;

/**
 * Rewrites that guess what a macro means: applied on top of the safe ones when those leave syntax
 * errors, and kept by the caller only when the guess parses with fewer errors.
 */
export function guessedRewrites(input: string, code: string, text: string): string {
  const rewrites: Rewrite[] = [];
  const pairs = new Pairs(code);
  WORD.lastIndex = 0;
  for (let m = WORD.exec(code); m; m = WORD.exec(code)) {
    const word = m[0];
    const start = m.index;
    const end = start + word.length;
    if (KEYWORDS.has(word) || !macroLike(word)) continue;
    const before = skipSpacesBack(code, start - 1);
    const after = skipSpaces(code, end);
    const prev = code[before] ?? '';
    const next = code[after] ?? '';
    if (prev === '}' && /[A-Za-z_;]/.test(next)) {
      // `} PACKED HEADER;`: an attribute macro after a struct body. In `typedef enum { … } MODE;`
      // the word before `;` is the name the typedef declares, which a macro-like spelling does not change.
      if (next === ';' && typedefBody(code, pairs, before)) continue;
      rewrites.push(blank(input, start, end));
    } else if (prev === ')' && /[;{]/.test(next)) {
      // `void f() OS_WARN_RESULT;`: an attribute macro after a declarator.
      rewrites.push(blank(input, start, end));
    } else if (IDENTIFIER_CHAR.test(prev) && /[,);=[]/.test(next) && declaratorBefore(code, before)) {
      // `uint8_t * report UNUSED_PARAM)`: an attribute macro after a declared name.
      rewrites.push(blank(input, start, end));
    } else if (word.startsWith('__') && /[;{}]/.test(prev || ';') && /[A-Za-z_]/.test(next)) {
      // `__kpi_unavailable const OSSymbol * key;`: an attribute macro leading a declaration.
      rewrites.push(blank(input, start, end));
    } else if (next === '(' && lineStartsAt(code, start)) {
      // `SOME_MACRO(Foo, Bar)` on its own line with no `;`: a declaration macro.
      const call = callEnd(code, pairs, after);
      if (call !== undefined && !/[;{:,.\-=?+*/&|<>[]/.test(code[skipSpaces(code, call)] ?? '') && !continuesExpression(code, before)) {
        rewrites.push(blank(input, start, call));
        WORD.lastIndex = call;
      }
    }
  }
  statementMacros(input, code, pairs, rewrites);
  typeArguments(input, code, pairs, rewrites);
  firstArmsOnly(input, text, rewrites);
  return apply(input, rewrites);
}

const STATEMENT_START = /[;{}]/;

const STATEMENT_KEYWORD = /^(?:break|continue|return|goto|if|for|while|do|switch|case|default)\b/;

/**
 * Function-like macros used as statements the grammar cannot read: a loop head followed by a body
 * (`list_foreach(item, &list) { … }` becomes `if (…) { … }`), and a call whose expansion ends in
 * its own `;` (`LOG("x") break;` loses the call).
 */
function statementMacros(input: string, code: string, pairs: Pairs, rewrites: Rewrite[]): void {
  const word = /[A-Za-z_][A-Za-z0-9_]*/g;
  for (let m = word.exec(code); m; m = word.exec(code)) {
    const name = m[0];
    if (KEYWORDS.has(name) || name.length < 2) continue;
    const open = skipSpaces(code, m.index + name.length);
    if (code[open] !== '(') continue;
    const before = skipSpacesBack(code, m.index - 1);
    const prev = code[before] ?? ';';
    if (!STATEMENT_START.test(prev) && !(prev === ':' && afterLabel(code, before))) continue;
    const close = pairs.close(open);
    if (close < 0) continue;
    const after = skipSpaces(code, close + 1);
    if (code[after] === '{') rewrites.push({ start: m.index, end: m.index + name.length, text: 'if'.padEnd(name.length, ' ') });
    else if (code[after] === '}' || STATEMENT_KEYWORD.test(code.slice(after, after + 10))) rewrites.push(blank(input, m.index, close + 1));
    word.lastIndex = close + 1;
  }
}

/** True when the `:` at `colon` ends a label (`case 1:`, `default:`, `retry:`), not `::` or a constructor's initialiser list. */
function afterLabel(code: string, colon: number): boolean {
  if (code[colon - 1] === ':' || code[colon + 1] === ':') return false;
  const lineStart = code.lastIndexOf('\n', colon) + 1;
  return /(?:^|[;{}])\s*(?:case\b[^;{}?]*|default|[A-Za-z_]\w*)\s*$/.test(code.slice(Math.max(lineStart, colon - 200), colon));
}

/** `queue_enter(&head, elt, Type *, link)`: an argument ending in `*` is a type, so the call is a macro. */
function typeArguments(input: string, code: string, pairs: Pairs, rewrites: Rewrite[]): void {
  for (const m of code.matchAll(/\*\s*[,)]/g)) {
    let depth = 0;
    for (let i = m.index - 1; i >= 0 && m.index - i < 4096; i--) {
      const c = code[i];
      if (c === ')') depth++;
      else if (c === '(') {
        if (depth === 0) {
          const close = pairs.close(i);
          if (close > 0) rewrites.push(blank(input, i + 1, close));
          break;
        }
        depth--;
      } else if (c === ';' || c === '{' || c === '}') break;
    }
  }
}

/** True when the `}` at `close` ends the body of a `typedef struct/enum/union … {`. */
function typedefBody(code: string, pairs: Pairs, close: number): boolean {
  const open = pairs.open(close);
  if (open < 0) return false;
  // The declaration's head runs back to the statement before it (bounded: heads are short).
  let s = open - 1;
  while (s >= 0 && open - s < 512 && !/[;{}]/.test(code[s])) s--;
  return /\btypedef\b/.test(code.slice(s + 1, open));
}

/** ALL-CAPS words (at least three characters) and `__words`: the usual spelling of a macro. */
function macroLike(word: string): boolean {
  return /^[A-Z][A-Z0-9_]{2,}$/.test(word) || /^__[a-z]/.test(word);
}

/** True when the identifier ending at `end` is a declared name: a `*`, `&` or another identifier precedes it. */
function declaratorBefore(code: string, end: number): boolean {
  let s = end;
  while (s > 0 && IDENTIFIER_CHAR.test(code[s - 1])) s--;
  const name = code.slice(s, end + 1);
  if (KEYWORDS.has(name) || /^\d/.test(name)) return false;
  const before = skipSpacesBack(code, s - 1);
  const prev = code[before] ?? '';
  if (prev === '*' || prev === '&') return true;
  if (!IDENTIFIER_CHAR.test(prev)) return false;
  let t = before;
  while (t > 0 && IDENTIFIER_CHAR.test(code[t - 1])) t--;
  const type = code.slice(t, before + 1);
  return !EXPRESSION_KEYWORDS.has(type) && !/^\d/.test(type);
}

function lineStartsAt(code: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = code[i];
    if (c === '\n') return true;
    if (c !== ' ' && c !== '\t' && c !== '\r') return false;
  }
  return true;
}

/** True when the significant character before a line's first word leaves an expression open. */
function continuesExpression(code: string, before: number): boolean {
  return before >= 0 && /[(,=?:+\-*/&|<>![]/.test(code[before]);
}

const CONDITIONAL = /^[ \t]*#[ \t]*(if|ifdef|ifndef|elif|elifdef|elifndef|else|endif)\b(.*)$/gm;

/**
 * Directives inside expressions or initialiser lists (`: a(1),\n#if X\n b(2),\n#endif`) break the
 * C++ grammar. The guess keeps the first arm of each conditional (the `#else` arm of `#if 0`) and
 * blanks the directives and the other arms.
 */
function firstArmsOnly(input: string, text: string, rewrites: Rewrite[]): void {
  if (!text.includes('#')) return;
  interface Group { keeping: boolean; taken: boolean }
  const stack: Group[] = [];
  let dropped = 0; // how many open groups are in an arm that is not kept
  let skipFrom = -1;
  CONDITIONAL.lastIndex = 0;
  for (let m = CONDITIONAL.exec(text); m; m = CONDITIONAL.exec(text)) {
    const directive = m[1];
    const lineStart = m.index;
    const lineEnd = m.index + m[0].length;
    const wasSkipping = dropped > 0;
    if (directive.startsWith('if')) {
      const zero = directive === 'if' && /^\s*0\s*(?:\/[/*].*)?$/.test(m[2]);
      stack.push({ keeping: !zero, taken: !zero });
      if (zero) dropped++;
    } else if (directive === 'endif') {
      const group = stack.pop();
      if (group && !group.keeping) dropped--;
    } else {
      const group = stack[stack.length - 1];
      if (!group) continue;
      const keeping = !group.taken;
      if (group.keeping !== keeping) dropped += keeping ? -1 : 1;
      group.keeping = keeping;
      group.taken = true;
    }
    const nowSkipping = dropped > 0;
    if (!wasSkipping && nowSkipping) skipFrom = lineEnd;
    if (wasSkipping && !nowSkipping && skipFrom >= 0) rewrites.push(blank(input, skipFrom, lineStart));
    rewrites.push(blank(input, lineStart, lineEnd));
  }
  if (dropped > 0 && skipFrom >= 0) rewrites.push(blank(input, skipFrom, input.length));
}
