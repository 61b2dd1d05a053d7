/**
 * Conditional compilation the checks can decide. A region under `#if 0`, or under `#if FLAG` where a
 * header the file includes defines `FLAG` as 0, is never compiled: it is blanked before analysis so
 * its code neither counts for nor against the user (a feature switched off in a template refers to
 * classes that do not exist). Conditions that depend on anything unknown (a `-D` flag, the SDK's own
 * macros) are treated as compiled, as before: only what can be proven false is dropped.
 */
import type { TextChange } from './nodeMemo';
import type { Span } from './span';
import { answersAsBefore, recording } from '../util/recordedLookup';
import { changedRegion } from '../util/textChange';

/** A macro's replacement text; undefined when the macro is not known to be defined. */
export type MacroLookup = (name: string) => string | undefined;

type Truth = boolean | undefined;

const DIRECTIVE = /^[ \t]*#[ \t]*(if|ifdef|ifndef|elif|elifdef|elifndef|else|endif|define|undef)\b((?:[^\n\\]|\\[^\n]|\\\n)*)$/gm;

/** Any conditional directive (`#if`, `#ifdef`, `#ifndef`, `#elif…`, `#else`, `#endif`). */
const CONDITIONAL = /^[ \t]*#[ \t]*(?:if|el|endif)/m;

/**
 * The spans of `text` that are certainly not compiled. `included` looks up macros the headers the
 * file includes define; the file's own `#define`s count from where they stand (an include guard's
 * `#define` does not close the `#ifndef` above it).
 */
export function inactiveRegions(text: string, included: MacroLookup): Span[] {
  // Only conditionals make regions: most files have none, and this runs on every keystroke.
  if (!text.includes('#') || !CONDITIONAL.test(text)) return [];
  interface Group { taken: Truth; active: Truth; from: number }
  const regions: Span[] = [];
  const stack: Group[] = [];
  const own = new Map<string, string | null>();
  let ambiguous: Set<string> | undefined;
  const macros: MacroLookup = (name) => {
    const value = own.get(name);
    return value === null ? undefined : value ?? included(name);
  };
  DIRECTIVE.lastIndex = 0;
  for (let m = DIRECTIVE.exec(text); m; m = DIRECTIVE.exec(text)) {
    const kind = m[1];
    const lineEnd = m.index + m[0].length;
    if (kind === 'define' || kind === 'undef') {
      if (stack.some((g) => g.active === false)) continue;
      const definition = /^\s+([A-Za-z_]\w*)(\()?\s*(.*)$/s.exec(m[2]);
      // Function-like macros are not evaluated; a name defined two ways (in two arms) is unknown.
      if (definition && !definition[2]) own.set(definition[1], kind === 'undef' || (ambiguous ??= namesDefinedTwice(text)).has(definition[1]) ? null : definition[3].trim());
      continue;
    }
    if (kind === 'if' || kind === 'ifdef' || kind === 'ifndef') {
      if (stack.length >= 256) return [];
      const truth = condition(kind, m[2], macros);
      stack.push({ taken: truth, active: truth, from: lineEnd });
      continue;
    }
    const group = stack[stack.length - 1];
    if (!group) return []; // an #else or #endif without #if: decide nothing
    // The arm that ends here.
    if (group.active === false && outerActiveBelow(stack)) regions.push({ start: group.from, end: m.index });
    if (kind === 'endif') {
      stack.pop();
      continue;
    }
    let truth: Truth;
    if (group.taken === true) truth = false;
    else if (kind === 'else') truth = group.taken === false ? true : undefined;
    else {
      const own = condition(kind === 'elif' ? 'if' : kind === 'elifdef' ? 'ifdef' : 'ifndef', m[2], macros);
      truth = group.taken === false ? own : own === false ? false : undefined;
    }
    group.active = truth;
    group.taken = group.taken === true || truth === true ? true : group.taken === undefined || truth === undefined ? undefined : false;
    group.from = lineEnd;
  }
  return merge(regions);
}

/** Names the text defines with two different values (in two arms of a conditional, say). */
function namesDefinedTwice(text: string): Set<string> {
  const seen = new Map<string, string>();
  const twice = new Set<string>();
  // A replacement continued over several lines (`\` at the end of each) is one line to the preprocessor.
  for (const m of text.replace(/\\\r?\n/g, ' ').matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(?!\()[ \t]*(.*)$/gm)) {
    const value = m[2].trim();
    if (seen.has(m[1]) && seen.get(m[1]) !== value) twice.add(m[1]);
    seen.set(m[1], value);
  }
  return twice;
}

/** True when every group below the innermost is compiled (an inactive outer arm already covers it). */
function outerActiveBelow(stack: readonly { active: Truth }[]): boolean {
  for (let i = 0; i < stack.length - 1; i++) if (stack[i].active === false) return false;
  return true;
}

function merge(regions: Span[]): Span[] {
  regions.sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const r of regions) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, r.end) };
    else out.push(r);
  }
  return out;
}

function condition(kind: 'if' | 'ifdef' | 'ifndef', rest: string, macros: MacroLookup): Truth {
  const expression = rest.replace(/\\\r?\n/g, ' ').replace(/\/\/.*$/, '').replace(/\/\*.*?\*\//g, ' ').trim();
  if (kind !== 'if') {
    const name = /^[A-Za-z_]\w*/.exec(expression)?.[0];
    if (!name) return undefined;
    // Known defined: decided. Not known: it may come from the command line.
    const defined = macros(name) !== undefined ? true : undefined;
    return kind === 'ifdef' ? defined : defined === undefined ? undefined : !defined;
  }
  const value = new ConditionParser(expression, macros).parse();
  return value === undefined ? undefined : value !== 0;
}

/**
 * A small evaluator of `#if` expressions over integers, in three values: a number, or undefined
 * when something unknown takes part (an undefined macro may be a -D flag, a function-like macro …).
 */
class ConditionParser {
  private i = 0;
  private readonly tokens: string[];
  private depth = 0;

  constructor(
    expression: string,
    private readonly macros: MacroLookup,
  ) {
    this.tokens = expression.match(/\d+[uUlL]*|0[xX][0-9a-fA-F]+[uUlL]*|[A-Za-z_]\w*|&&|\|\||==|!=|<=|>=|[()!<>+\-*]/g) ?? [];
  }

  parse(): number | undefined {
    const value = this.or();
    return this.i === this.tokens.length ? value : undefined;
  }

  private or(): number | undefined {
    let left = this.and();
    while (this.tokens[this.i] === '||') {
      this.i++;
      const right = this.and();
      left = left !== undefined && left !== 0 ? 1 : right !== undefined && right !== 0 ? 1 : left === 0 && right === 0 ? 0 : undefined;
    }
    return left;
  }

  private and(): number | undefined {
    let left = this.comparison();
    while (this.tokens[this.i] === '&&') {
      this.i++;
      const right = this.comparison();
      left = left === 0 || right === 0 ? 0 : left !== undefined && right !== undefined ? 1 : undefined;
    }
    return left;
  }

  private comparison(): number | undefined {
    let left = this.unary();
    for (;;) {
      const op = this.tokens[this.i];
      if (!['==', '!=', '<', '>', '<=', '>=', '+', '-', '*'].includes(op)) return left;
      this.i++;
      const right = this.unary();
      if (left === undefined || right === undefined) left = undefined;
      else if (op === '+') left = left + right;
      else if (op === '-') left = left - right;
      else if (op === '*') left = left * right;
      else left = { '==': left === right, '!=': left !== right, '<': left < right, '>': left > right, '<=': left <= right, '>=': left >= right }[op] ? 1 : 0;
    }
  }

  private unary(): number | undefined {
    const token = this.tokens[this.i++];
    if (token === undefined) return undefined;
    if (token === '!') {
      const value = this.unary();
      return value === undefined ? undefined : value === 0 ? 1 : 0;
    }
    if (token === '(') {
      const value = this.or();
      if (this.tokens[this.i] !== ')') return undefined;
      this.i++;
      return value;
    }
    if (/^\d|^0[xX]/.test(token)) return Number.parseInt(token.replace(/[uUlL]+$/, ''), token.startsWith('0x') || token.startsWith('0X') ? 16 : 10);
    if (token === 'defined') {
      const parenthesised = this.tokens[this.i] === '(';
      if (parenthesised) this.i++;
      const name = this.tokens[this.i++];
      if (parenthesised && this.tokens[this.i++] !== ')') return undefined;
      return name !== undefined && this.macros(name) !== undefined ? 1 : undefined;
    }
    if (/^[A-Za-z_]/.test(token)) {
      if (this.tokens[this.i] === '(') return undefined; // a function-like macro or the like
      const replacement = this.macros(token);
      if (replacement === undefined || this.depth > 8) return undefined;
      this.depth++;
      const value = new ConditionParser(replacement, this.macros).parseNested(this.depth);
      this.depth--;
      return value;
    }
    return undefined;
  }

  private parseNested(depth: number): number | undefined {
    this.depth = depth;
    return this.parse();
  }
}

/**
 * A text's never-compiled regions, and the macros of included headers they were decided with: what
 * an editor keeps from one keystroke to the next (conditionalsAfter).
 */
export interface Conditionals {
  readonly text: string;
  readonly regions: readonly Span[];
  /** Each name looked up in the included headers, with what it was then. */
  readonly asked: ReadonlyMap<string, string | undefined>;
}

export function conditionalsOf(text: string, included: MacroLookup): Conditionals {
  const asked = new Map<string, string | undefined>();
  return { text, regions: inactiveRegions(text, recording(included, asked)), asked };
}

/**
 * The regions of `text`, from the last ones when the change between them touches no directive and
 * the headers still define each macro asked about as they did: the regions only move. A keystroke in
 * a 20,000-line file then skips a scan of the whole file for directives.
 */
export function conditionalsAfter(last: Conditionals, text: string, change: TextChange, included: MacroLookup): Conditionals {
  if (!touchesNoDirective(last.text, text, change) || !answersAsBefore(last.asked, included)) return conditionalsOf(text, included);
  const delta = change.newEnd - change.oldEnd;
  // No region starts or ends inside the change (its bounds are at directive lines), so each moves whole or grows.
  const moved = (at: number): number => (at >= change.oldEnd ? at + delta : at);
  return { text, regions: last.regions.map((r) => ({ start: moved(r.start), end: moved(r.end) })), asked: last.asked };
}

/**
 * Whether an edit leaves every directive as it was: the lines it touches hold no `#` and no
 * backslash, before and after, and the line above them does not continue into them.
 */
export function touchesNoDirective(before: string, after: string, change: TextChange): boolean {
  const touched = (text: string, end: number): string | undefined => {
    const start = text.lastIndexOf('\n', change.start - 1) + 1;
    const lineEnd = text.indexOf('\n', end);
    // The line above ends in a backslash: it continues into the touched lines.
    const above = start >= 2 && text.charCodeAt(start - 2) === 13 ? start - 3 : start - 2;
    if (above >= 0 && text.charCodeAt(above) === 92) return undefined;
    return text.slice(start, lineEnd < 0 ? text.length : lineEnd);
  };
  for (const lines of [touched(before, change.oldEnd), touched(after, change.newEnd)]) {
    if (lines === undefined || lines.includes('#') || lines.includes('\\')) return false;
  }
  return true;
}

/** The text with its never-compiled regions blanked (line breaks kept, so every offset stays true). */
export function blankedRegions(text: string, regions: readonly Span[]): string {
  if (regions.length === 0) return text;
  const pieces: string[] = [];
  let copied = 0;
  for (const r of regions) {
    pieces.push(text.slice(copied, r.start), text.slice(r.start, r.end).replace(/[^\r\n]/g, ' '));
    copied = r.end;
  }
  pieces.push(text.slice(copied));
  return pieces.join('');
}

/** Object-like macros a header defines (name → replacement), and the headers it includes. */
export interface HeaderFacts {
  readonly defines: ReadonlyMap<string, string>;
  readonly includes: readonly string[];
}

export function headerFacts(text: string): HeaderFacts {
  const defines = new Map<string, string>();
  const twice = namesDefinedTwice(text);
  // A replacement continued over several lines (`\` at the end of each) is one line to the preprocessor.
  for (const m of text.replace(/\\\r?\n/g, ' ').matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(?!\()[ \t]*(.*)$/gm)) {
    if (!twice.has(m[1])) defines.set(m[1], m[2].replace(/\/\/.*$|\/\*.*?\*\//g, '').trim());
  }
  return { defines, includes: includedNames(text) };
}

/**
 * The last text asked about and its names: after a keystroke the analysis and the HID checks ask for
 * the same text (one string), each a scan of the whole file otherwise.
 */
let lastIncluded: { readonly text: string; readonly names: readonly string[] } | undefined;

/** The file names a text includes (`"Config.h"`, `<Framework/Header.h>` → `Header.h`). */
export function includedNames(text: string): readonly string[] {
  if (lastIncluded?.text === text) return lastIncluded.names;
  // A keystroke away from every directive: the same includes, without a scan of the whole file.
  const last = lastIncluded;
  const names = last && touchesNoDirective(last.text, text, changedRegion(last.text, text)) ? last.names : [...text.matchAll(/^[ \t]*#[ \t]*(?:include|import)[ \t]*[<"]([^>"\n]+)[>"]/gm)].map((m) => m[1].split('/').pop()!);
  lastIncluded = { text, names };
  return names;
}
