/**
 * The bytes of an array initializer, each tied to the element it was written as. The brace list is
 * split at its top-level commas (comments, character literals and nested brackets respected); each
 * element is evaluated as an integer constant expression (constExpr.ts), a function-like macro of
 * the same file expanding to several bytes when its body is made of such expressions. One element
 * that cannot be evaluated for certain makes the whole array not decodable, with the reason.
 */
import type { Span } from '../model/span';
import { evaluate, type NameLookup } from './constExpr';

export interface ArrayBytes {
  readonly values: readonly number[];
  /** Per byte, where the element that wrote it starts and ends (file offsets): see byteSpan. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/** The span of the element that wrote byte `index`. */
export function byteSpan(bytes: ArrayBytes, index: number): Span {
  const i = Math.max(0, Math.min(index, bytes.values.length - 1));
  return { start: bytes.starts[i], end: bytes.ends[i] };
}

/** The span of `length` bytes from `index`: from the first one's element to the last one's. */
export function bytesSpan(bytes: ArrayBytes, index: number, length: number): Span {
  const first = byteSpan(bytes, index);
  const last = byteSpan(bytes, index + Math.max(length, 1) - 1);
  return { start: first.start, end: Math.max(first.end, last.end) };
}

export type ReadBytes = { readonly bytes: ArrayBytes } | { readonly unreadable: string; readonly span: Span };

/** What the file defines: object-like names (macros and constants) and function-like macros. */
export interface Definitions {
  readonly names: NameLookup;
  readonly functions: ReadonlyMap<string, { readonly params: readonly string[]; readonly body: string }>;
}

/** Elements past this many are not read: a HID report descriptor is at most 65,535 bytes long. */
const MAX_ELEMENTS = 65_535;
/** Macro expansions one array may take (each element or macro piece is one step). */
const MAX_EXPANSION_STEPS = 200_000;

export function readArrayBytes(text: string, initializer: Span, definitions: Definitions): ReadBytes {
  const elements = splitElements(text, initializer.start + 1, initializer.end - 1, MAX_ELEMENTS + 1);
  if ('unreadable' in elements) return elements;
  if (elements.spans.length > MAX_ELEMENTS) return { unreadable: `it has more than ${MAX_ELEMENTS} elements`, span: initializer };
  // Macro expansion is bounded as a whole: a macro whose body names itself many times cannot multiply without end.
  const budget = { steps: MAX_EXPANSION_STEPS };
  const values: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (const span of elements.spans) {
    const written = text.slice(span.start, span.end);
    const expanded = expand(written, definitions, 0, budget);
    if (!expanded) return { unreadable: `\`${preview(written)}\` is not a value the checker can work out for certain`, span };
    for (const value of expanded) {
      if (value < -128 || value > 255) return { unreadable: `\`${preview(written)}\` is ${value}, which is not a byte`, span };
      values.push(value & 0xff);
      starts.push(span.start);
      ends.push(span.end);
    }
  }
  return { bytes: { values, starts: Int32Array.from(starts), ends: Int32Array.from(ends) } };
}

/** The bytes one element stands for: one value, or the several a function-like macro expands to. */
/** A plain hex or decimal literal (nearly every element): read without the expression evaluator. */
const PLAIN_LITERAL = /^(?:0[xX]([0-9a-fA-F]{1,8})|([1-9][0-9]{0,8}|0))$/;

function expand(written: string, definitions: Definitions, depth: number, budget: { steps: number }): number[] | undefined {
  if (--budget.steps < 0) return undefined;
  const plain = PLAIN_LITERAL.exec(written);
  if (plain) return [plain[1] !== undefined ? parseInt(plain[1], 16) : parseInt(plain[2], 10)];
  const single = evaluate(written, definitions.names);
  if (single !== undefined) return [single];
  // An object-like macro standing for several bytes (`#define kDescriptor 0x05, 0x01, …`).
  const name = /^\s*([A-Za-z_]\w*)\s*$/.exec(written)?.[1];
  const replacement = name === undefined ? undefined : definitions.names(name);
  if (replacement !== undefined && depth <= 8) return expandList(replacement, definitions, depth, budget);
  const call = /^([A-Za-z_]\w*)\s*\(([\s\S]*)\)$/.exec(written.trim());
  const macro = call ? definitions.functions.get(call[1]) : undefined;
  if (!call || !macro || depth > 8 || /#/.test(macro.body)) return undefined;
  const args = splitTopLevel(call[2]);
  if (!args || args.length !== Math.max(macro.params.length, 1) || (macro.params.length === 0 && args[0].trim() !== '')) return undefined;
  let body = macro.body;
  macro.params.forEach((param, i) => {
    body = body.replace(new RegExp(`\\b${param}\\b`, 'g'), `(${args[i].trim()})`);
  });
  return expandList(body, definitions, depth, budget);
}

/** The bytes of a comma-separated replacement (a trailing comma allowed). */
function expandList(list: string, definitions: Definitions, depth: number, budget: { steps: number }): number[] | undefined {
  const pieces = splitTopLevel(list);
  if (!pieces) return undefined;
  const trimmed = pieces.map((p) => p.trim());
  if (trimmed.length > 1 && trimmed[trimmed.length - 1] === '') trimmed.pop();
  const out: number[] = [];
  for (const piece of trimmed) {
    const values = piece === '' ? undefined : expand(piece, definitions, depth + 1, budget);
    if (!values) return undefined;
    out.push(...values);
  }
  return out;
}

/** Splits plain code at its top-level commas; undefined when brackets do not balance. */
function splitTopLevel(code: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (--depth < 0) return undefined;
    } else if (c === ',' && depth === 0) {
      parts.push(code.slice(from, i));
      from = i + 1;
    }
  }
  if (depth !== 0) return undefined;
  parts.push(code.slice(from));
  return parts;
}

/**
 * The spans of the elements of a brace list's inside [from, to): trimmed of blanks and comments. A
 * preprocessor line, a string literal or a nested brace list makes the list unreadable.
 */
export function splitElements(text: string, from: number, to: number, limit = Number.MAX_SAFE_INTEGER): { spans: Span[] } | { unreadable: string; span: Span } {
  const spans: Span[] = [];
  let start = -1;
  let end = -1;
  let depth = 0;
  let lineStart = true;
  const close = (): void => {
    if (start >= 0) spans.push({ start, end });
    start = -1;
  };
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) continue;
    if (c === 35 /* # */ && lineStart) return { unreadable: 'a preprocessor line stands inside it', span: { start: i, end: lineEnd(text, i) } };
    lineStart = false;
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      i = lineEnd(text, i) - 1;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const endComment = text.indexOf('*/', i + 2);
      i = endComment < 0 || endComment >= to ? to : endComment + 1;
      continue;
    }
    if (c === 34 /* " */) return { unreadable: 'a string literal stands inside it', span: { start: i, end: i + 1 } };
    if (c === 123 /* { */ && depth === 0) return { unreadable: 'its elements are brace lists, not bytes', span: { start: i, end: i + 1 } };
    if (c === 44 /* , */ && depth === 0) {
      if (start < 0) return { unreadable: 'it has an empty element', span: { start: i, end: i + 1 } };
      close();
      if (spans.length >= limit) return { spans };
      continue;
    }
    if (c === 39 /* ' */) {
      const literal = /^'(?:\\.[0-7xX0-9a-fA-F]*|[^'\\\n])*'/.exec(text.slice(i, Math.min(to, i + 12)));
      if (!literal) return { unreadable: 'a character literal is not closed', span: { start: i, end: i + 1 } };
      if (start < 0) start = i;
      i += literal[0].length - 1;
      end = i + 1;
      continue;
    }
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
    if (start < 0) start = i;
    end = i + 1;
  }
  close();
  return { spans };
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

function preview(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 40 ? `${one.slice(0, 37)}...` : one;
}

/**
 * The macros and integer constants a text defines for itself: `#define NAME value`,
 * `#define NAME(a, b) body`, `static const uint8_t NAME = value;`, `constexpr int NAME = value;`.
 * A name defined twice (in two arms of an #if, say) is left unknown.
 */
export function definitionsIn(text: string, included: NameLookup = () => undefined): Definitions {
  const values = new Map<string, string>();
  const functions = new Map<string, { params: string[]; body: string }>();
  const twice = new Set<string>();
  const note = (name: string): boolean => {
    if (values.has(name) || functions.has(name)) {
      twice.add(name);
      return false;
    }
    return true;
  };
  const joined = text.replace(/\\\r?\n/g, ' ');
  for (const m of joined.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(\(([^)]*)\))?[ \t]*(.*)$/gm)) {
    const body = m[4].replace(/\/\/.*$|\/\*.*?\*\//g, '').trim();
    if (!note(m[1])) continue;
    if (m[2] !== undefined) {
      const params = m[3].split(',').map((p) => p.trim()).filter(Boolean);
      if (params.every((p) => /^[A-Za-z_]\w*$/.test(p))) functions.set(m[1], { params, body });
    } else values.set(m[1], body);
  }
  for (const m of text.matchAll(/\b(?:static\s+)?(?:constexpr|const)\s+(?:static\s+)?(?:unsigned\s+|signed\s+)?[A-Za-z_]\w*\s+(?:const\s+)?([A-Za-z_]\w*)\s*=\s*([^;,{}\n]{1,200});/g)) {
    if (note(m[1])) values.set(m[1], m[2].trim());
  }
  for (const name of twice) {
    values.delete(name);
    functions.delete(name);
  }
  // The file's own definitions first, then those of the headers it includes.
  return { names: (name) => (twice.has(name) ? undefined : values.get(name) ?? included(name)), functions };
}
