/**
 * A .iig's code view, masked text (its IIG attributes blanked, iigMask.ts) and parser input, and how a
 * keystroke updates them without going over the whole file: as for a .cpp (preparedCpp.ts), only the
 * window between the cuts around the edit is computed again — here cuts also stand between the
 * members of a class body (windowedCode.ts `inner`), since a .iig is mostly one class. Masking and the
 * rewrites read a member on its own, with two facts of the whole file: the names it `#define`s (an
 * edit touching a directive prepares the whole file) and the macros its headers define, asked again
 * at each keystroke for every name the last masking asked about.
 */
import { safeRewrites } from './clangExtensions';
import { codeView } from './codeView';
import { definedNames, maskIigAttributes, type AttributeNode, type MaskOptions } from './iigMask';
import type { TextChange } from './nodeMemo';
import { attributeMacrosDefinedIn, type DefinedMacros } from './rewrites/macroCalls';
import type { Span } from './span';
import { splice } from './splice';
import { answersAsBefore, recording } from '../util/recordedLookup';
import { windowedAfter, windowTouchesDirective, type WindowedCode } from './windowedCode';

export interface PreparedIig extends WindowedCode {
  readonly masked: string;
  readonly attributes: readonly AttributeNode[];
  readonly input: string;
  readonly macros: DefinedMacros;
  readonly defined: ReadonlySet<string>;
  /** Each name the masking asked the headers about, with the answer then. */
  readonly asked: ReadonlyMap<string, boolean>;
}

/** The options for masking the file or a window of it: the file's `#define` names, and a macro lookup recording what it answers. */
function maskOptions(options: MaskOptions, asked: Map<string, boolean>, defined: ReadonlySet<string>): MaskOptions {
  return { reportUnknown: options.reportUnknown, defined, ...(options.isMacro && { isMacro: recording(options.isMacro, asked) }) };
}

export function preparedIigWhole(text: string, options: MaskOptions): PreparedIig {
  const strings: Span[] = [];
  const code = codeView(text, strings);
  const asked = new Map<string, boolean>();
  const defined = definedNames(text);
  const mask = maskIigAttributes(text, maskOptions(options, asked, defined), code);
  const macros = attributeMacrosDefinedIn(text);
  return { text, code, strings, masked: mask.masked, attributes: mask.attributes, input: safeRewrites(mask.masked, code, text, strings, macros), macros, defined, asked };
}

/** The preparation of `text` from `last` and the change between them; undefined when the window cannot be used. */
export function preparedIigAfter(last: PreparedIig, text: string, change: TextChange, options: MaskOptions): PreparedIig | undefined {
  // A header now defining a name the masking asked about (or no longer) changes what the rest of the file masks.
  if (options.isMacro && !answersAsBefore(last.asked, options.isMacro)) return undefined;
  const after = windowedAfter(last, text, change, true);
  if (!after) return undefined;
  const { viewed, window } = after;
  // The file's `#define`s decide what is masked and rewritten everywhere.
  if (windowTouchesDirective(last.text, text, window)) return undefined;
  const windowText = text.slice(window.start, window.newEnd);
  const asked = new Map(last.asked);
  const mask = maskIigAttributes(windowText, maskOptions(options, asked, last.defined), window.code);
  const windowInput = safeRewrites(mask.masked, window.code, windowText, window.strings, last.macros);
  const delta = window.newEnd - window.oldEnd;
  const move = (s: Span, by: number): Span => ({ start: s.start + by, end: s.end + by });
  const moved = (a: AttributeNode, by: number): AttributeNode => ({ ...a, span: move(a.span, by), nameSpan: move(a.nameSpan, by), ...(a.argumentSpan && { argumentSpan: move(a.argumentSpan, by) }) });
  return {
    ...viewed,
    masked: splice(last.masked, window.start, window.oldEnd, mask.masked),
    input: splice(last.input, window.start, window.oldEnd, windowInput),
    attributes: [
      ...last.attributes.filter((a) => a.span.end <= window.start),
      ...mask.attributes.map((a) => moved(a, window.start)),
      ...last.attributes.filter((a) => a.span.start >= window.oldEnd).map((a) => moved(a, delta)),
    ],
    macros: last.macros,
    defined: last.defined,
    asked,
  };
}
