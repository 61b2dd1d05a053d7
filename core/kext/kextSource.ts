/**
 * What a kext's C++ says about its classes, read from the code view (comments and strings blanked, so
 * every offset is the text's): the classes it declares with `OSDeclare…Structors`, the metaclasses it
 * defines with `OSDefineMetaClassAnd…Structors`, its `#define super` lines, its out-of-line `start` and
 * `stop`, and the plain `#define A B` aliases kexts use to give classes unique names. Regular
 * expressions over one linear pass of braces: bounded and never quadratic on long inputs.
 */
import { codeView, matchingParen, skipSpaces, skipSpacesBack } from '../model/codeView';
import type { Span } from '../model/span';

export interface KextClassDecl {
  /** The class the C++ head names. */
  readonly name: string;
  readonly nameSpan: Span;
  /** Its first base class, when it has one. */
  readonly base?: string;
  readonly baseSpan?: Span;
  /** From `class` to the closing brace. */
  readonly span: Span;
  /** The name its `OSDeclare…Structors(…)` gives, when it has one. */
  readonly declared?: string;
  readonly declaredSpan?: Span;
}

export interface KextMetaClass {
  readonly name: string;
  readonly nameSpan: Span;
  readonly base: string;
  readonly baseSpan: Span;
  /** The whole macro use. */
  readonly span: Span;
}

export interface SuperDefine {
  readonly base: string;
  readonly baseSpan: Span;
  /** The part of the file it is in effect for (up to `#undef super` or the next `#define super`). */
  readonly from: number;
  readonly to: number;
}

export interface LifecycleMethod {
  readonly className: string;
  readonly method: 'start' | 'stop';
  readonly nameSpan: Span;
  /** The body between its braces. */
  readonly body: Span;
}

export interface KextSourceFacts {
  readonly classes: readonly KextClassDecl[];
  readonly metaClasses: readonly KextMetaClass[];
  readonly superDefines: readonly SuperDefine[];
  readonly lifecycle: readonly LifecycleMethod[];
  /** `#define A B` with B one identifier, by A. */
  readonly aliases: ReadonlyMap<string, string>;
  /** A macro whose body uses a metaclass macro: names it defines are then not all visible. */
  readonly wrapsMetaClassMacro: boolean;
  /** The code view the facts were read from. */
  readonly code: string;
}

/** Past this many matches of one kind a file is not a kext anyone wrote by hand: the rest are not read. */
const MAX_MATCHES = 2000;
/** A file redefines `super` a handful of times at most; past this the rest are not read. */
const MAX_SUPER_DEFINES = 64;

// A qualified base (`ns::Base`, `::Base`) is read as its last name; its qualifiers are taken at once
// (a lookahead and its back-reference), so a head that is no class body is not retried name by name.
const CLASS_HEAD = /\bclass\s+(\w+)\s*(?:final\s*)?(?::\s*(?:(?:public|protected|private|virtual)\s+)*(?:::\s*)?(?=((?:\w+\s*::\s*)*))\2(\w+)[^{;]{0,400})?\{/g;
/** From a class head's colon to its base's qualifiers: the access keywords and a leading `::`. */
const BASE_LEAD = /^:\s*(?:(?:public|protected|private|virtual)\s+)*(?:::\s*)?/;
const DECLARE = /\bOSDeclare(?:Default|Abstract|Final)Structors(?:WithInit)?\s*\(\s*(\w+)\s*\)/g;
// The base as its last name: `X::super` (the class's own `using super = …`, or what `#define super`
// makes of it) reads as `super`, the parent either way.
const DEFINE = /\bOSDefineMetaClassAnd(?:Abstract|Final)?Structors(?:WithInit\w*)?\s*\(\s*(\w+)\s*,\s*(?:::\s*)?(?:\w+\s*::\s*)*(\w+)/g;
// Over the directive view, where a directive's `#` reads `@` (see directiveView).
const DEFINE_SUPER = /^[ \t]*@[ \t]*(define|undef)[ \t]+super\b(?:[ \t]+(\w+))?/gm;
const ALIAS = /^[ \t]*@[ \t]*define[ \t]+(\w+)[ \t]+(\w+)[ \t]*$/gm;
/** A macro of the kext's own that defines metaclasses: named after them, or using them in its body (continued lines too). */
const WRAPPER = /^[ \t]*@[ \t]*define[ \t]+(?:[^\n]*\\\r?\n){0,8}[^\n]*OSDefine(?:MetaClass|DefaultStructors)/m;
/** A metaclass made another way than the one macro DEFINE reads: the lower-level macros, or a wrapper from elsewhere. */
const OTHER_DEFINITION = /\b(?:\w+OSDefine\w*|OSDefineMetaClass(?:WithInit)?|OSDefineDefaultStructors|OSDefineAbstractStructors|OSDefineFinalStructors)\s*\(/;
const LIFECYCLE = /\b(\w+)\s*::\s*(start|stop)\s*\(/g;

export function kextSourceFacts(text: string): KextSourceFacts {
  const code = codeView(text);
  const closeOf = matchBraces(code);
  const classes: KextClassDecl[] = [];
  const bodies: { open: number; close: number; index: number }[] = [];
  for (const m of limited(code, CLASS_HEAD)) {
    const open = m.index + m[0].length - 1;
    const close = closeOf.get(open);
    if (close === undefined) continue;
    const nameAt = m.index + m[0].indexOf(m[1], 5);
    const base = m[3];
    // The base stands right after the colon, the access keywords and its qualifiers.
    const colon = m[0].indexOf(':', nameAt - m.index + m[1].length);
    const lead = base ? (BASE_LEAD.exec(m[0].slice(colon))?.[0].length ?? 0) : 0;
    const baseAt = base ? m.index + colon + lead + (m[2]?.length ?? 0) : -1;
    classes.push({ name: m[1], nameSpan: span(nameAt, m[1]), base, baseSpan: base ? span(baseAt, base) : undefined, span: { start: m.index, end: close + 1 } });
    bodies.push({ open, close, index: classes.length - 1 });
  }
  for (const m of limited(code, DECLARE)) {
    // The innermost class body holding the macro is the class it declares.
    let owner: { open: number; close: number; index: number } | undefined;
    for (const body of bodies) if (body.open < m.index && m.index < body.close && (!owner || body.open > owner.open)) owner = body;
    if (!owner) continue;
    const argAt = m.index + m[0].lastIndexOf(m[1]);
    classes[owner.index] = { ...classes[owner.index], declared: m[1], declaredSpan: span(argAt, m[1]) };
  }
  const metaClasses: KextMetaClass[] = [];
  for (const m of limited(code, DEFINE)) {
    const open = code.indexOf('(', m.index);
    const nameAt = code.indexOf(m[1], open);
    const baseAt = m.index + m[0].length - m[2].length;
    const close = matchingParen(code.slice(0, Math.min(code.length, open + 4096)), open);
    metaClasses.push({ name: m[1], nameSpan: span(nameAt, m[1]), base: m[2], baseSpan: span(baseAt, m[2]), span: { start: m.index, end: close < 0 ? m.index + m[0].length : close + 1 } });
  }
  const directives = directiveView(text);
  const superDefines: SuperDefine[] = [];
  let current: { base: string; baseSpan: Span; from: number } | undefined;
  for (const m of limited(directives, DEFINE_SUPER)) {
    if (superDefines.length >= MAX_SUPER_DEFINES) break;
    if (current) superDefines.push({ ...current, to: m.index });
    current = undefined;
    if (m[1] === 'define' && m[2]) {
      const at = m.index + m[0].lastIndexOf(m[2]);
      current = { base: m[2], baseSpan: span(at, m[2]), from: m.index };
    }
  }
  if (current && superDefines.length < MAX_SUPER_DEFINES) superDefines.push({ ...current, to: code.length });
  // `class X : public super` names the class the `#define super` in effect there stands for; with none
  // in effect in this file (it comes from a header), the base is unknown rather than a class named super.
  for (let i = 0; i < classes.length; i++) {
    const cls = classes[i];
    if (cls.base !== 'super') continue;
    const define = superDefines.find((d) => d.from <= cls.span.start && cls.span.start < d.to);
    classes[i] = { ...cls, base: define?.base, baseSpan: define ? cls.baseSpan : undefined };
  }
  const aliases = new Map<string, string>();
  for (const m of limited(directives, ALIAS)) if (m[1] !== 'super' && !aliases.has(m[1])) aliases.set(m[1], m[2]);
  return { classes, metaClasses, superDefines, lifecycle: lifecycleMethods(code, closeOf), aliases, wrapsMetaClassMacro: WRAPPER.test(directives) || OTHER_DEFINITION.test(code), code };
}

/** Out-of-line `bool X::start(IOService * …) {` and `void X::stop(IOService * …) {`: the IOService methods. */
function lifecycleMethods(code: string, closeOf: ReadonlyMap<number, number>): LifecycleMethod[] {
  const found: LifecycleMethod[] = [];
  for (const m of limited(code, LIFECYCLE)) {
    const open = m.index + m[0].length - 1;
    const close = matchingParen(code.slice(0, Math.min(code.length, open + 1024)), open);
    if (close < 0 || !/^\s*IOService\s*\*/.test(code.slice(open + 1, close))) continue;
    let at = skipSpaces(code, close + 1);
    const qualifiers = /^(?:const|override|final|noexcept|APPLE_KEXT_OVERRIDE)\b\s*/.exec(code.slice(at, at + 40));
    if (qualifiers) at = skipSpaces(code, at + qualifiers[0].length);
    if (code[at] !== '{') continue; // a call, not a definition
    // A definition's return type stands before it: `bool` for start, `void` for stop.
    const before = code.slice(Math.max(0, m.index - 40), m.index);
    if (!new RegExp(`\\b${m[2] === 'start' ? 'bool' : 'void'}\\s*$`).test(before)) continue;
    const end = closeOf.get(at);
    if (end === undefined) continue;
    const nameAt = m.index + m[0].lastIndexOf(m[2]);
    found.push({ className: m[1], method: m[2] as 'start' | 'stop', nameSpan: span(nameAt, m[2]), body: { start: at + 1, end } });
  }
  return found;
}

/**
 * The code view blanks directives whole; this one keeps them and blanks only their comments: each
 * line-leading `#` becomes `@`, which the code view reads as code (a `#` inside a comment stays blanked).
 */
function directiveView(text: string): string {
  return codeView(text.replace(/^([ \t]*)#/gm, '$1@'));
}

/** Each `{` with its matching `}`, in one pass (unbalanced braces are left out). */
function matchBraces(code: string): Map<number, number> {
  const closeOf = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c === 123) open.push(i);
    else if (c === 125) {
      const from = open.pop();
      if (from !== undefined) closeOf.set(from, i);
    }
  }
  return closeOf;
}

function* limited(code: string, pattern: RegExp): Generator<RegExpExecArray> {
  const re = new RegExp(pattern.source, pattern.flags);
  let count = 0;
  for (let m = re.exec(code); m && count < MAX_MATCHES; m = re.exec(code), count++) {
    if (m[0].length === 0) re.lastIndex++;
    yield m;
  }
}

function span(start: number, word: string): Span {
  return { start, end: start + word.length };
}

/** The statement start before `at`: true when nothing but `;`, `{`, `}`, `else` or `(void)` precedes it. */
export function startsStatement(code: string, at: number): boolean {
  let i = skipSpacesBack(code, at - 1);
  if (code.slice(Math.max(0, i - 5), i + 1) === '(void)') i = skipSpacesBack(code, i - 6);
  if (i < 0) return true;
  if (code[i] === ';' || code[i] === '{' || code[i] === '}') return true;
  return /\belse$/.test(code.slice(Math.max(0, i - 4), i + 1));
}
