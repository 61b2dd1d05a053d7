/**
 * A .cpp's code view and parser input (the text with clang's extensions rewritten, clangExtensions.ts),
 * and how a keystroke updates them without going over the whole file again: the code view is kept
 * per window between cuts (windowedCode.ts), and so is the input. The rewrites are computed left to
 * right with little state, the lexer's and the open brackets of each kind (rewrite.ts `Pairs`); at a
 * cut that state is empty, so a window gives the same input on its own as within the whole file. Only
 * the `#define`s of the file decide which words are attribute macros, so an edit touching a directive
 * re-reads those. A 20,000-line file is then prepared in the time of its edited function rather than
 * of the whole file (test/core/model/preparedCpp.test.ts compares the two edit after edit).
 */
import { codeView } from './codeView';
import { safeRewrites } from './clangExtensions';
import type { TextChange } from './nodeMemo';
import { attributeMacrosDefinedIn, type DefinedMacros } from './rewrites/macroCalls';
import type { Span } from './span';
import { splice } from './splice';
import { windowedAfter, windowTouchesDirective, type WindowedCode } from './windowedCode';

export interface PreparedCpp extends WindowedCode {
  readonly input: string;
  /** The attribute macros the file's `#define`s make. */
  readonly macros: DefinedMacros;
}

export function preparedWhole(text: string): PreparedCpp {
  const strings: Span[] = [];
  const code = codeView(text, strings);
  const macros = attributeMacrosDefinedIn(text);
  return { text, code, strings, macros, input: safeRewrites(text, code, text, strings, macros) };
}

/** The preparation of `text` from `last` and the change between them; undefined when the window cannot be used. */
export function preparedAfter(last: PreparedCpp, text: string, change: TextChange): PreparedCpp | undefined {
  const after = windowedAfter(last, text, change);
  if (!after) return undefined;
  const { viewed, window } = after;
  const windowText = text.slice(window.start, window.newEnd);
  const touchesDirective = windowTouchesDirective(last.text, text, window);
  const macros = touchesDirective ? attributeMacrosDefinedIn(text) : last.macros;
  if (touchesDirective && !sameMacros(macros, last.macros)) return undefined;
  const windowInput = safeRewrites(windowText, window.code, windowText, window.strings, macros);
  return { ...viewed, macros, input: splice(last.input, window.start, window.oldEnd, windowInput) };
}

function sameMacros(a: DefinedMacros, b: DefinedMacros): boolean {
  const same = (x: ReadonlySet<string>, y: ReadonlySet<string>): boolean => x.size === y.size && [...x].every((n) => y.has(n));
  return same(a.objectLike, b.objectLike) && same(a.functionLike, b.functionLike);
}
