/**
 * Apple's blocks, which clang compiles and the C++ grammar does not know: literals become `0`
 * followed by blanks, block pointer declarators plain pointers.
 */
import { skipSpaces, skipSpacesBack } from '../codeView';
import { blank, EXPRESSION_KEYWORDS, IDENTIFIER_CHAR, type Pairs, type Rewrite } from './rewrite';

/**
 * Apple's blocks: `^` where an expression starts begins a block literal (`^{ … }`,
 * `^(int a) { … }`, `^bool(void) { … }`), which becomes `0` followed by blanks; `(^name)` in a
 * declarator is a block pointer, which becomes `(*name)`.
 */
export function blocks(input: string, code: string, pairs: Pairs, rewrites: Rewrite[]): void {
  for (let caret = code.indexOf('^'); caret >= 0; caret = code.indexOf('^', caret + 1)) {
    const before = skipSpacesBack(code, caret - 1);
    const prev = code[before] ?? '';
    if (prev === '(' && blockDeclarator(code, caret)) {
      rewrites.push({ start: caret, end: caret + 1, text: '*' });
      continue;
    }
    if (!expressionStartsAfter(code, before)) continue; // `a ^ b`: exclusive or
    const end = blockLiteralEnd(code, pairs, caret + 1);
    if (end === undefined) continue;
    rewrites.push({ start: caret, end: caret + 1, text: '0' }, blank(input, caret + 1, end));
    caret = end - 1;
  }
}

/** `(^name)`, `(^)` or `(^ _Nullable name)`. */
function blockDeclarator(code: string, caret: number): boolean {
  let i = skipSpaces(code, caret + 1);
  for (let words = 0; words < 3; words++) {
    if (code[i] === ')') return true;
    const word = /^[A-Za-z_]\w*/.exec(code.slice(i, i + 128));
    if (!word) return false;
    i = skipSpaces(code, i + word[0].length);
  }
  return code[i] === ')';
}

/** True when the significant character at `before` (or the start of the text) leaves room for an operand. */
function expressionStartsAfter(code: string, before: number): boolean {
  if (before < 0) return true;
  const prev = code[before];
  if (/[(,=:?{};[!&|<>+\-*/%~]/.test(prev)) return true;
  if (!IDENTIFIER_CHAR.test(prev)) return false;
  let s = before;
  while (s > 0 && IDENTIFIER_CHAR.test(code[s - 1])) s--;
  return EXPRESSION_KEYWORDS.has(code.slice(s, before + 1));
}

/** The end (after `}`) of a block literal whose `^` precedes `from`, or undefined when it is not one. */
function blockLiteralEnd(code: string, pairs: Pairs, from: number): number | undefined {
  let i = skipSpaces(code, from);
  // An optional return type: words, `::`, `*`, `&`, template arguments.
  for (let guard = 0; guard < 16 && code[i] !== '(' && code[i] !== '{'; guard++) {
    const word = /^(?:[A-Za-z_]\w*|::|\*|&|<[^<>(){};]*>)/.exec(code.slice(i, i + 256));
    if (!word) return undefined;
    i = skipSpaces(code, i + word[0].length);
  }
  if (code[i] === '(') {
    const close = pairs.close(i);
    if (close < 0) return undefined;
    i = skipSpaces(code, close + 1);
  }
  if (code[i] !== '{') return undefined;
  const close = pairs.close(i);
  return close < 0 ? undefined : close + 1;
}
