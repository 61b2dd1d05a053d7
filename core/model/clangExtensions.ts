/**
 * Clang accepts more than tree-sitter-cpp's grammar: Apple's block extension, GNU forms, attribute
 * macros, macros called with empty arguments, directives inside expressions. Before parsing, such
 * text is rewritten in the parser input into C++ of the same length that the model reads the same
 * way, so every offset stays true. The model's lexical facts (SUPERDISPATCH, super::, ivars …) are
 * read from the user's own text, never from the rewritten input, so blanking a block's body or a
 * macro's arguments loses nothing.
 *
 * Two tiers:
 * - `safeRewrites`: constructs that are never C++, so rewriting them cannot turn valid C++ into
 *   something else (a `^` where an expression starts, `__block`, an empty macro argument …);
 * - `guessedRewrites`: likely macros whose meaning depends on their definition (an ALL-CAPS word
 *   after a struct's `}`, a top-level macro call with no `;`, the first arm of each `#if`). They are
 *   tried only when the safe input still has syntax errors, and kept only when they leave fewer.
 */
import { skipSpaces } from './codeView';
import type { Span } from './span';
import { blocks } from './rewrites/blocks';
import { ATTRIBUTE_CALLS, ATTRIBUTE_WORDS, DECLARATION_MACROS, TYPE_ARGUMENT_CALLS } from './rewrites/macroNames';
import { attributeMacrosDefinedIn, commentsInDefines, macroOnlyArguments, variadicMacroParameters, type DefinedMacros } from './rewrites/macroCalls';
import { apply, blank, callEnd, KEYWORDS, Pairs, type Rewrite } from './rewrites/rewrite';
import { caseRange, emptyBraceDefaults, enumBase, memberPointers, nextToString, operatorRuns } from './rewrites/smallForms';

export { guessedRewrites } from './rewrites/guesses';

const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;
const isDigitUnit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * The parser input with the constructs clang certainly accepts and tree-sitter does not rewritten.
 * `input` is what would be parsed (a .iig already has its IIG attributes masked), `code` the text's
 * code view (comments, strings and directives blanked), `text` the user's text (for directives) and
 * `strings` the spans of its string literals (from the code view). `attributeMacros` are those the
 * whole file defines (preparedCpp.ts gives them when `text` is a part of the file).
 */
export function safeRewrites(input: string, code: string, text: string, strings: readonly Span[], attributeMacros: DefinedMacros = attributeMacrosDefinedIn(text)): string {
  const rewrites: Rewrite[] = [];
  const pairs = new Pairs(code);
  WORD.lastIndex = 0;
  for (let m = WORD.exec(code); m; m = WORD.exec(code)) {
    const word = m[0];
    const start = m.index;
    // `x29` of `0x29`, `u` of `1u`: part of a number, which the preprocessor never expands.
    if (start > 0 && isDigitUnit(code.charCodeAt(start - 1))) continue;
    const end = start + word.length;
    if (word === '__block' || ATTRIBUTE_WORDS.has(word) || attributeMacros.objectLike.has(word)) {
      rewrites.push(blank(input, start, end));
    } else if (ATTRIBUTE_CALLS.has(word) || attributeMacros.functionLike.has(word)) {
      const call = callEnd(code, pairs, end);
      // `DebugPrint(const char * s) { … }` defines a function of the macro's name (in another #if arm).
      if (call !== undefined && code[skipSpaces(code, call)] === '{') continue;
      rewrites.push(blank(input, start, call ?? end));
      if (call !== undefined) WORD.lastIndex = call;
    } else if (TYPE_ARGUMENT_CALLS.has(word)) {
      const call = callEnd(code, pairs, end);
      if (call === undefined) continue;
      // A declaration macro on a line of its own, with or without `;`, goes whole: it declares
      // nothing the model reads from the tree (the structor macros are found lexically).
      if (DECLARATION_MACROS.has(word)) rewrites.push(blank(input, start, code[skipSpaces(code, call)] === ';' ? skipSpaces(code, call) + 1 : call));
      else rewrites.push(blank(input, skipSpaces(code, end) + 1, call - 1));
      WORD.lastIndex = call;
    } else if (word === 'enum') {
      enumBase(input, code, end, rewrites);
    } else if (word === 'case') {
      caseRange(code, end, rewrites);
    } else if (!KEYWORDS.has(word) && nextToString(strings, text, start, end)) {
      // `"Keyboard " VERSION`: an identifier beside a string literal is a macro clang expands.
      rewrites.push(blank(input, start, end));
    }
  }
  blocks(input, code, pairs, rewrites);
  macroOnlyArguments(input, code, rewrites);
  memberPointers(input, code, rewrites);
  variadicMacroParameters(text, rewrites);
  operatorRuns(input, code, rewrites);
  emptyBraceDefaults(code, rewrites);
  commentsInDefines(input, text, rewrites);
  return apply(input, rewrites);
}
