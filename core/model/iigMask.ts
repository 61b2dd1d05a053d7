/**
 * IIG attributes are not C++. Before a .iig goes to the C++ parser every attribute (with its
 * parenthesised argument) is replaced by spaces of equal length, so every offset the parser reports
 * is still an offset into the user's text. The masked spans are kept as attribute nodes.
 */
import { blanked, codeView, matchingParen, skipSpaces } from './codeView';
import { Span } from './span';
import { directiveMatches } from '../util/directives';
import { AVAILABILITY_MACROS, IIG_ATTRIBUTE_NAMES, IIG_ATTRIBUTE_WITH_ARGUMENT } from './vocabulary';

export interface AttributeNode {
  readonly name: string;
  /** The whole attribute, argument included. */
  readonly span: Span;
  readonly nameSpan: Span;
  /** The text between the parentheses, trimmed, for TYPE(...), QUEUENAME(...), EXTENDS(...). */
  readonly argument?: string;
  readonly argumentSpan?: Span;
  /** false for an all-caps word in an attribute position that is no IIG attribute (a likely typo). */
  readonly known: boolean;
  /** true for availability annotations such as __attribute__((availability(...))). */
  readonly availability: boolean;
}

export interface MaskResult {
  readonly masked: string;
  readonly code: string;
  readonly attributes: readonly AttributeNode[];
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;
const ALL_CAPS = /^[A-Z][A-Z0-9_]{2,}$/;
const NOT_A_PARAMETER_NAME = new Set([
  'const', 'volatile', 'struct', 'class', 'enum', 'union', 'typename', 'return', 'case', 'typedef',
  'unsigned', 'signed', 'long', 'short', 'int', 'char', 'bool', 'void', 'float', 'double', 'sizeof',
]);

export interface MaskOptions {
  /** Report unknown all-caps words in attribute positions (true for the user's files, false for SDK headers). */
  readonly reportUnknown: boolean;
  /** True for a name some header or the file itself `#define`s: a macro, never an unknown attribute. */
  readonly isMacro?: (name: string) => boolean;
  /** The names the whole file `#define`s, when `text` is only a part of it (preparedIig.ts). */
  readonly defined?: ReadonlySet<string>;
}

export function maskIigAttributes(text: string, options: MaskOptions, code: string = codeView(text)): MaskResult {
  const defined = options.defined ?? definedNames(text);
  const attributes: AttributeNode[] = [];
  const pieces: string[] = [];
  let copied = 0;
  const mask = (s: number, e: number): void => {
    pieces.push(text.slice(copied, s), blanked(text, s, e));
    copied = e;
  };
  // Both found once, not per attribute: a file full of `TYPE(` or of adjacent unknown words stays linear.
  let unclosed: ReadonlySet<number> | undefined;
  const before: number[] = [];

  IDENTIFIER.lastIndex = 0;
  for (let m = IDENTIFIER.exec(code); m; m = IDENTIFIER.exec(code)) {
    const word = m[0];
    const start = m.index;
    const wordEnd = start + word.length;
    const known = IIG_ATTRIBUTE_NAMES.has(word);
    const availability = AVAILABILITY_MACROS.has(word);
    if (!known && !availability) {
      if (!options.reportUnknown || !ALL_CAPS.test(word) || defined.has(word) || options.isMacro?.(word)) continue;
      if (!inAttributePosition(code, start, wordEnd, attributes, before)) continue;
    }
    const open = skipSpaces(code, wordEnd);
    const wantsArgument = availability || IIG_ATTRIBUTE_WITH_ARGUMENT.has(word) || (!known && code[open] === '(');
    let end = wordEnd;
    let argument: string | undefined;
    let argumentSpan: Span | undefined;
    if (wantsArgument && code[open] === '(') {
      unclosed ??= unclosedParens(code);
      const close = unclosed.has(open) ? -1 : matchingParen(code, open);
      if (close > 0) {
        end = close + 1;
        const raw = text.slice(open + 1, close);
        const lead = raw.length - raw.trimStart().length;
        argument = raw.trim();
        argumentSpan = { start: open + 1 + lead, end: open + 1 + lead + argument.length };
      }
    }
    attributes.push({ name: word, span: { start, end }, nameSpan: { start, end: wordEnd }, argument, argumentSpan, known, availability });
    mask(start, end);
    IDENTIFIER.lastIndex = end;
  }
  pieces.push(text.slice(copied));
  return { masked: pieces.join(''), code, attributes };
}

const DEFINED_NAME = /#[ \t]*define[ \t]+([A-Za-z_]\w*)/y;

/** Names the text `#define`s. */
export function definedNames(text: string): Set<string> {
  const names = new Set<string>();
  if (!text.includes('define')) return names;
  for (const m of directiveMatches(text, DEFINED_NAME)) names.add(m[1]);
  return names;
}

/** The previous significant character before `offset`, stepping over attributes already found. */
function previousToken(code: string, offset: number, found: readonly AttributeNode[], before: number[]): { char: string; word?: string; afterAttribute: boolean } {
  let i = offset - 1;
  let afterAttribute = false;
  while (i >= 0 && /\s/.test(code[i])) i--;
  let k = found.length - 1;
  while (k >= 0 && found[k].span.start > i) k--;
  if (k >= 0 && found[k].span.end > i) {
    i = significantBefore(code, found, k, before);
    afterAttribute = true;
  }
  if (i < 0) return { char: '', afterAttribute };
  const char = code[i];
  if (/[A-Za-z0-9_]/.test(char)) {
    let s = i;
    while (s > 0 && /[A-Za-z0-9_]/.test(code[s - 1])) s--;
    return { char, word: code.slice(s, i + 1), afterAttribute };
  }
  return { char, afterAttribute };
}

/**
 * The last significant offset before attribute `k`, stepping over spaces and the attributes right
 * before it. Remembered per attribute (in `before`), so a chain of thousands of attributes is walked once.
 */
function significantBefore(code: string, found: readonly AttributeNode[], k: number, before: number[]): number {
  const walked: number[] = [];
  let i = -1;
  for (;;) {
    if (before[k] !== undefined) {
      i = before[k];
      break;
    }
    walked.push(k);
    i = found[k].span.start - 1;
    while (i >= 0 && /\s/.test(code[i])) i--;
    let j = k - 1;
    while (j >= 0 && found[j].span.start > i) j--;
    if (j < 0 || found[j].span.end <= i) break;
    k = j;
  }
  for (const w of walked) before[w] = i;
  return i;
}

/** Offsets of the `(` of a code view that no `)` closes, in one pass. */
function unclosedParens(code: string): Set<number> {
  const open: number[] = [];
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c === 40) open.push(i);
    else if (c === 41) open.pop();
  }
  return new Set(open);
}

/** Where an IIG attribute could stand: after a declarator's `)`, on a class head, after a parameter name. */
function inAttributePosition(code: string, start: number, end: number, found: readonly AttributeNode[], before: number[]): boolean {
  const prev = previousToken(code, start, found, before);
  const next = code[skipSpaces(code, end)] ?? '';
  if (prev.char === ')' || prev.word === 'override' || prev.word === 'final') {
    return /[;{=(A-Za-z_]/.test(next) || next === '';
  }
  if (prev.word === 'class' || prev.word === 'struct') return /[A-Za-z_]/.test(next);
  if (prev.word !== undefined && !/^[0-9]/.test(prev.word) && !NOT_A_PARAMETER_NAME.has(prev.word)) {
    return next === ',' || next === ')';
  }
  return false;
}
