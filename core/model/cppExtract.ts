/**
 * Turns a parsed DriverKit .cpp into the model: method definitions tied to their classes (IMPL,
 * Method_Impl, Class::method), what their bodies do (SUPERDISPATCH, super::, ivars, RegisterService)
 * and the Class_IVars structs. Bodies are read lexically over the code view (comments and strings
 * blanked), which is exact for these macro-shaped facts and far cheaper than walking every node.
 */
import type { Node } from 'web-tree-sitter';
import type { ArrayInitializer, CallSite, CppFile, DefinitionForm, Include, IvarsAccess, IvarsStruct, MethodDefinition } from './model';
import { arraysDeclaredBy, arraysInBody } from './arrayInitializers';
import { certainSyntaxProblems } from './certainSyntax';
import { codeView, matchingParen, skipSpaces } from './codeView';
import { NodeMemo, type TextChange } from './nodeMemo';
import type { Span } from './span';
import { declaredName, fieldDeclarations, functionDeclarator, spanOf, topLevelOf, unparsedRegions, type TopLevelEntry } from './syntaxTree';
import { AVAILABILITY_MACROS, DRIVERKIT_MACROS, STRUCTOR_MACROS } from './vocabulary';
import { bodyFacts, type AvailabilityGuard, type CallExpression } from './callSites';
import { mergeAvailability, readAvailability, type Availability } from './availability';
import { directiveLineStart, directiveMatches } from '../util/directives';
import { parentCallMacros, withMacroParentCalls } from './parentCallMacros';

const MACRO_WORDS = new RegExp(`\\b(?:${DRIVERKIT_MACROS.map((m) => m.name).join('|')})\\b`, 'g');

/**
 * The code view of one top-level item. An item the parser placed at top level starts in code (not
 * inside a comment or string), so its own text lexes exactly as it does within the whole file.
 */
interface CodeWindow {
  readonly code: string;
  /** The original text of the window. */
  readonly text: string;
  readonly base: number;
}


/** What one top-level item contributes to the model. */
export interface TopLevelFacts {
  readonly definition?: MethodDefinition;
  readonly ivars?: IvarsStruct;
  readonly macroUses: readonly CallSite[];
  readonly folds: readonly Span[];
  /** A function definition's body. */
  readonly body?: Span;
  readonly calls?: readonly CallExpression[];
  readonly guards?: readonly AvailabilityGuard[];
  readonly arrays?: readonly ArrayInitializer[];
  /** The item's `IMPL(Class, Method)` and `Class::Method(` mentions (see mentionsIn), when it has any. */
  readonly mentions?: Mentions;
}

interface Mentions {
  readonly impl: readonly string[];
  readonly qualified: readonly string[];
}

/** An item of a top level with its facts; its span says where it stands now. */
interface ItemOfRoot {
  readonly facts: TopLevelFacts;
  readonly span: Span;
}

/**
 * What extraction reuses between keystrokes: each item's facts (NodeMemo), and each root's items
 * whole. A large file being edited is parsed in sections (sectionedTrees.ts), one root each; a
 * keystroke re-parses one, and a root outside the change is taken back without visiting its items,
 * each of which costs calls into the parser.
 */
export class CppMemo {
  readonly items = new NodeMemo<TopLevelFacts>();
  readonly roots = new NodeMemo<readonly TopLevelEntry<ItemOfRoot>[]>();

  /** See NodeMemo.begin. */
  begin(change: TextChange | undefined): void {
    this.items.begin(change);
    this.roots.begin(change);
  }

  rotate(): void {
    this.items.rotate();
    this.roots.rotate();
  }
}

/**
 * The model of a .cpp from the roots of its syntax trees (one, or one per section: see
 * sectionedTrees.ts); `code` is the text's code view.
 */
export function extractCpp(roots: readonly Node[], text: string, code: string, memo?: CppMemo): CppFile {
  const definitions: MethodDefinition[] = [];
  const ivarsStructs: IvarsStruct[] = [];
  const macroUses: CallSite[] = [];
  const calls: CallExpression[] = [];
  const guards: AvailabilityGuard[] = versionConditionals(text);
  const arrays: ArrayInitializer[] = [];
  const impl: string[] = [];
  const qualified: string[] = [];
  const includes: Include[] = [];
  const foldingSpans: Span[] = [];
  const itemOf = (node: Node): ItemOfRoot => {
    const span = spanOf(node);
    // The item's own text lexed on its own (not a slice of `code`): its facts then depend on nothing
    // outside it, which is what lets the memo reuse them after an edit elsewhere.
    const compute = (): TopLevelFacts => {
      const own = text.slice(span.start, span.end);
      return factsOf(node, { code: codeView(own), text: own, base: span.start });
    };
    // A node holding a syntax error may be shaped by what follows it: never reuse one.
    return { facts: memo && !node.hasError ? memo.items.get(node.type, span, compute) : compute(), span };
  };
  for (const root of roots) {
    // A root's items depend on its text alone (a section is parsed on its own), so the same rule as
    // for items holds: outside the change, they are the same items, perhaps moved.
    const entries = memo && !root.hasError ? memo.roots.get(root.type, spanOf(root), () => topLevelOf(root, itemOf)) : topLevelOf(root, itemOf);
    for (const entry of entries) {
      if ('include' in entry) includes.push(entry.include);
      else if ('fold' in entry) foldingSpans.push(entry.fold);
      else {
        const { facts, span } = entry.item;
        if (facts.definition) definitions.push(facts.definition);
        if (facts.ivars) ivarsStructs.push(facts.ivars);
        macroUses.push(...facts.macroUses);
        foldingSpans.push(...facts.folds);
        if (facts.calls) calls.push(...facts.calls);
        if (facts.guards) guards.push(...facts.guards);
        // An annotation written before the definition (`API_AVAILABLE(driverkit(21.0)) void f() {…}`) lies
        // outside its node: read here, not in the memoised facts, so an edit to it is always seen.
        const leading = facts.body ? introducedBefore(code, text, span.start) : undefined;
        if (facts.body && leading) guards.push({ span: facts.body, version: leading });
        if (facts.arrays) arrays.push(...facts.arrays);
        if (facts.mentions) {
          impl.push(...facts.mentions.impl);
          qualified.push(...facts.mentions.qualified);
        }
      }
    }
  }
  memo?.rotate();
  return {
    kind: 'cpp',
    includes,
    definitions: withParentMacros(definitions, text, code),
    ivarsStructs,
    macroUses,
    // Gathered item by item (memoised with the rest of each item's facts), in the order one pass over
    // the whole code view would find them: every IMPL first, then every `Class::Method(`. Code outside
    // items is only namespace and linkage heads, which mention no method.
    mentions: [...new Set([...impl, ...qualified])],
    calls,
    availabilityGuards: guards,
    // Found in the whole text: the parser input has these kext macros blanked (clangExtensions.ts).
    structorMacros: [...code.matchAll(STRUCTOR_MACROS)].map((m) => ({ name: m[0], span: { start: m.index, end: m.index + m[0].length } })),
    syntaxProblems: roots.some((root) => root.hasError) ? certainSyntaxProblems(code, text) : [],
    unparsed: unparsedRegions(roots),
    foldingSpans,
    arrays,
  };
}

/** The definitions with the parent calls their bodies make through the file's macros (parentCallMacros.ts). */
function withParentMacros(definitions: MethodDefinition[], text: string, code: string): MethodDefinition[] {
  const macros = parentCallMacros(text);
  return macros.size ? definitions.map((def) => withMacroParentCalls(def, code, macros)) : definitions;
}

/** `Class::Method` for every IMPL(Class, Method), and for every Class::Method_Impl and Class::Method(, of a code view; undefined for none. */
function mentionsIn(code: string): Mentions | undefined {
  if (!code.includes('IMPL') && !code.includes('::')) return undefined;
  const impl = [...code.matchAll(/\bIMPL\s*\(\s*([A-Za-z_]\w*)\s*,\s*([A-Za-z_]\w*)\s*\)/g)].map((m) => `${m[1]}::${m[2]}`);
  const qualified = [...code.matchAll(/\b([A-Za-z_]\w*)\s*::\s*([A-Za-z_]\w*?)(?:_Impl)?\s*\(/g)].map((m) => `${m[1]}::${m[2]}`);
  return impl.length || qualified.length ? { impl, qualified } : undefined;
}

function factsOf(node: Node, window: CodeWindow): TopLevelFacts {
  const mentions = mentionsIn(window.code);
  return mentions ? { ...itemFactsOf(node, window), mentions } : itemFactsOf(node, window);
}

function itemFactsOf(node: Node, window: CodeWindow): TopLevelFacts {
  const end = window.base + window.code.length;
  const macroUses = matches(window, MACRO_WORDS, window.base, end, (m) => m[0]);
  if (node.type === 'function_definition') {
    const body = node.childForFieldName('body');
    const definition = definitionOf(node, window);
    const facts = body ? bodyFacts(window.code, body.startIndex - window.base, window.base) : { calls: [], guards: [] };
    // `void f() API_AVAILABLE(driverkit(21.0)) { … }`, `__attribute__((availability(…))) void f()`: its body may use that version.
    const introduced = body ? annotationsIn(window.code, window.text, 0, body.startIndex - window.base)?.introduced : undefined;
    const guards = introduced && body ? [...facts.guards, { span: spanOf(body), version: introduced }] : facts.guards;
    const name = definition?.methodName ?? declaredName(functionDeclarator(node.childForFieldName('declarator'))?.node.childForFieldName('declarator') ?? null)?.text ?? '';
    const arrays = body ? arraysInBody(body, window.code.slice(body.startIndex - window.base, body.endIndex - window.base), name) : [];
    return { definition, macroUses, folds: body ? [spanOf(body)] : [], ...(body ? { body: spanOf(body) } : {}), calls: facts.calls, guards, ...(arrays.length ? { arrays } : {}) };
  }
  if (node.type === 'struct_specifier' || node.type === 'declaration') {
    const struct = node.type === 'struct_specifier' ? node : node.childForFieldName('type');
    const ivars = struct?.type === 'struct_specifier' ? ivarsStructOf(struct) : undefined;
    if (ivars) return { ivars, macroUses, folds: [ivars.span] };
  }
  const arrays = arraysDeclaredBy(node);
  return { macroUses, folds: [], ...(arrays.length ? { arrays } : {}) };
}

function definitionOf(node: Node, code: CodeWindow): MethodDefinition | undefined {
  const fn = functionDeclarator(node.childForFieldName('declarator'));
  const body = node.childForFieldName('body');
  if (!fn || !body) return undefined;
  const target = fn.node.childForFieldName('declarator');
  if (!target) return undefined;
  let className: string;
  let classSpan: Span;
  let methodName: string;
  let methodSpan: Span;
  let form: DefinitionForm;
  // Names are read from the user's text: the parser's input may have rewritten a macro nearby.
  const own = (n: Node): string => code.text.slice(n.startIndex - code.base, n.endIndex - code.base);
  if (target.type === 'identifier' && own(target) === 'IMPL') {
    const args = fn.node.childForFieldName('parameters')?.namedChildren.filter((c): c is Node => !!c) ?? [];
    if (args.length !== 2) return undefined;
    className = own(args[0]).trim();
    classSpan = spanOf(args[0]);
    methodName = own(args[1]).trim();
    methodSpan = spanOf(args[1]);
    form = 'IMPL';
  } else if (target.type === 'qualified_identifier') {
    const scope = lastScope(target);
    const name = declaredName(innermostName(target));
    if (!scope || !name) return undefined;
    className = own(scope);
    classSpan = spanOf(scope);
    methodName = own(name);
    methodSpan = spanOf(name);
    form = 'member';
    if (methodName.endsWith('_Impl') && methodName.length > 5) {
      methodName = methodName.slice(0, -5);
      methodSpan = { start: methodSpan.start, end: methodSpan.end - 5 };
      form = 'Impl-suffix';
    }
  } else {
    return undefined;
  }
  const from = body.startIndex;
  const to = body.endIndex;
  return {
    className,
    classSpan,
    methodName,
    methodSpan,
    form,
    span: spanOf(node),
    bodySpan: spanOf(body),
    superDispatchCalls: matches(code, /\bSUPERDISPATCH\b/g, from, to, (_m, offset) => enclosingCallName(code.code, offset - code.base)),
    superCalls: superCalls(code, from, to),
    ivarsAllocations: matches(code, /\bivars\s*=\s*(IONewZero|IONew)\b/g, from, to, (m) => m[1]),
    // The ivars themselves, not something they hold (`IOSafeDeleteNULL(ivars->buffer, ...)`).
    ivarsReleases: matches(code, /\b(IOSafeDeleteNULL|IODelete|IOFree|delete)\s*(?:\(\s*)?ivars\b(?!\s*(?:->|\.|\[))/g, from, to, (m) => m[1]),
    ivarsAccess: ivarsAccess(code.code.slice(from - code.base, to - code.base)),
    registerServiceCalls: matches(code, /\bRegisterService\s*\(/g, from, to, () => 'RegisterService'),
    dispatchQueueNames: queueNames(code, from, to),
    boolReturns: returnsIOReturn(node, own) ? boolReturns(body, own) : [],
  };
}

/** `kern_return_t X::M(…) { … }` or `IOReturn IMPL(X, M) { … }`: the function itself returns the code (no pointer to one). */
function returnsIOReturn(node: Node, own: (n: Node) => string): boolean {
  const type = node.childForFieldName('type');
  return node.childForFieldName('declarator')?.type === 'function_declarator' && !!type && /^(?:kern_return_t|IOReturn)$/.test(own(type).trim());
}

/** The `true`/`false` literals a body returns, passing over lambdas (they return their own type; blocks are blanked before parsing). */
function boolReturns(body: Node, own: (n: Node) => string): CallSite[] {
  const found: CallSite[] = [];
  // A stack, not recursion: a hostile file may nest deeper than the call stack allows.
  const pending: Node[] = [body];
  for (let node = pending.pop(); node; node = pending.pop()) {
    for (const child of node.namedChildren) {
      if (!child || child.type === 'lambda_expression') continue;
      if (child.type !== 'return_statement') {
        pending.push(child);
        continue;
      }
      const value = child.namedChildren.find((c): c is Node => !!c && c.type !== 'comment');
      const text = value ? own(value) : '';
      if (value && (value.type === 'true' || value.type === 'false') && (text === 'true' || text === 'false')) found.push({ name: text, span: spanOf(value) });
      const tested = value ? successTest(value, own) : undefined;
      if (value && tested) found.push({ name: '==', span: spanOf(value), operand: tested });
    }
  }
  return found.sort((a, b) => a.span.start - b.span.start);
}

const SUCCESS = /^(?:kIOReturnSuccess|KERN_SUCCESS)$/;

/**
 * For `ret == kIOReturnSuccess` (in parentheses or not, either way round), the other operand's text.
 * Only `==` against the success code: that bool is 1 on success and 0 (kIOReturnSuccess) on failure,
 * inverted whatever the caller does; `ret != kIOReturnSuccess` happens to keep 0 for success.
 */
function successTest(value: Node, own: (n: Node) => string): string | undefined {
  let node: Node | null = value;
  for (let guard = 0; node?.type === 'parenthesized_expression' && guard < 16; guard++) node = node.namedChildren.find((c): c is Node => !!c && c.type !== 'comment') ?? null;
  if (node?.type !== 'binary_expression' || node.childForFieldName('operator')?.type !== '==') return undefined;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return undefined;
  const [l, r] = [own(left).trim(), own(right).trim()];
  if (SUCCESS.test(r) && !SUCCESS.test(l)) return l;
  if (SUCCESS.test(l) && !SUCCESS.test(r)) return r;
  return undefined;
}

/** How a body reads the ivars: not at all, only after testing them for null, or without a test. */
function ivarsAccess(body: string): IvarsAccess {
  if (!/\bivars\s*->/.test(body)) return 'none';
  const tested = /!\s*ivars\b|\bivars\s*(?:==|!=)\s*(?:nullptr|NULL|0)\b|\b(?:nullptr|NULL)\s*(?:==|!=)\s*ivars\b|\bif\s*\(\s*ivars\s*\)|\bivars\s*(?:\?|&&)/;
  return tested.test(body) ? 'checked' : 'unchecked';
}

/** `super::M(...)` calls, each marked when SUPERDISPATCH is among its arguments. */
function superCalls(window: CodeWindow, from: number, to: number): CallSite[] {
  return matches(window, /\bsuper\s*::\s*([A-Za-z_]\w*)/g, from, to, (m) => m[1]).map((call) => {
    const code = window.code;
    const local = call.span.end - window.base;
    let open = local;
    while (open < code.length && /\s/.test(code[open])) open++;
    if (code[open] !== '(') return call;
    const close = matchingParen(code, open);
    const args = close < 0 ? '' : code.slice(open, close);
    return { ...call, dispatched: /\bSUPERDISPATCH\b/.test(args) };
  });
}

/** For `A::B::method`, the `B` scope node. */
function lastScope(node: Node): Node | undefined {
  let current: Node | null = node;
  let scope: Node | undefined;
  for (let guard = 0; current?.type === 'qualified_identifier' && guard < 64; guard++) {
    scope = current.childForFieldName('scope') ?? scope;
    current = current.childForFieldName('name');
  }
  return scope;
}

function innermostName(node: Node): Node | null {
  let current: Node | null = node;
  for (let guard = 0; current?.type === 'qualified_identifier' && guard < 64; guard++) current = current.childForFieldName('name');
  return current;
}

function ivarsStructOf(node: Node): IvarsStruct | undefined {
  const name = node.childForFieldName('name');
  const body = node.childForFieldName('body');
  if (!name || !body || !name.text.endsWith('_IVars')) return undefined;
  const members = body.namedChildren.flatMap((field) => (field?.type === 'field_declaration' ? fieldDeclarations(field) : []));
  return { className: name.text.slice(0, -'_IVars'.length), nameSpan: spanOf(name), span: spanOf(node), members };
}

/**
 * The queue names of IOService's two-argument SetDispatchQueue("name", queue) calls (a project may
 * have a one-argument method of that name of its own). The code view blanks string literals, so the
 * call is found there and the name read from the text the window was made of.
 */
function queueNames(window: CodeWindow, from: number, to: number): CallSite[] {
  return matches(window, /\bSetDispatchQueue\s*\(/g, from, to, () => '').flatMap((site) => {
    const rest = window.text.slice(site.span.end - window.base);
    const literal = /^\s*"([^"\\\n]*)"\s*,/.exec(rest);
    if (!literal) return [];
    const start = site.span.end + literal[0].indexOf('"');
    return [{ name: literal[1], span: { start, end: start + literal[1].length + 2 } }];
  });
}

/** Matches of `pattern` inside [from, to) (offsets into the file), searched in the window's code view. */
function matches(window: CodeWindow, pattern: RegExp, from: number, to: number, nameOf: (m: RegExpExecArray, offset: number) => string): CallSite[] {
  const out: CallSite[] = [];
  const text = window.code.slice(from - window.base, to - window.base);
  const re = new RegExp(pattern.source, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ name: nameOf(m, from + m.index), span: { start: from + m.index, end: from + m.index + m[0].length } });
  }
  return out;
}

/** The name of the call whose argument list holds `offset`: `Start` for `Start(provider, SUPERDISPATCH)`. */
function enclosingCallName(code: string, offset: number): string {
  let depth = 0;
  for (let i = offset - 1; i >= 0; i--) {
    const c = code[i];
    if (c === ')') depth++;
    else if (c === '(') {
      if (depth === 0) {
        let end = i;
        while (end > 0 && /\s/.test(code[end - 1])) end--;
        let start = end;
        while (start > 0 && /[A-Za-z0-9_]/.test(code[start - 1])) start--;
        return code.slice(start, end);
      }
      depth--;
    } else if (c === ';' || c === '{' || c === '}') {
      return '';
    }
  }
  return '';
}

/** What the availability annotations in `code[from, to)` say (read from `text`, which keeps their strings). */
function annotationsIn(code: string, text: string, from: number, to: number): Availability | undefined {
  if (!/__attribute|API_|__DRIVERKIT_|__OS_AVAILABILITY/.test(code.slice(from, to))) return undefined;
  const found: (Availability | undefined)[] = [];
  const word = /\b[A-Za-z_]\w*/g;
  word.lastIndex = from;
  for (let m = word.exec(code); m && m.index < to; m = word.exec(code)) {
    if (!AVAILABILITY_MACROS.has(m[0])) continue;
    const open = skipSpaces(code, m.index + m[0].length);
    const close = code[open] === '(' ? matchingParen(code, open) : -1;
    found.push(readAvailability(m[0], close > open ? text.slice(open + 1, close) : undefined));
    if (close > open) word.lastIndex = close + 1;
  }
  return mergeAvailability(...found);
}

/** The introduced version of an annotation macro call standing right before `offset` (`API_AVAILABLE(driverkit(21.0))`). */
function introducedBefore(code: string, text: string, offset: number): string | undefined {
  // Char codes: this runs for every function of the file on every keystroke.
  let i = offset - 1;
  while (i >= 0 && isSpace(code.charCodeAt(i))) i--;
  if (code.charCodeAt(i) !== 41) return undefined; // `)`
  // Back to the `(` of the call, within a short distance (annotations are short).
  let depth = 0;
  let open = -1;
  for (let j = i; j >= Math.max(0, i - 2000); j--) {
    if (code[j] === ')') depth++;
    else if (code[j] === '(' && --depth === 0) {
      open = j;
      break;
    }
  }
  if (open < 0) return undefined;
  const name = /([A-Za-z_]\w*)\s*$/.exec(code.slice(Math.max(0, open - 64), open))?.[1];
  return name && AVAILABILITY_MACROS.has(name) ? readAvailability(name, text.slice(open + 1, i))?.introduced : undefined;
}

const CONDITIONAL_DIRECTIVE = /#[ \t]*(if|ifdef|ifndef|elif|else|endif)\b(.*)$/my;

/** What `\s` matches in a code view, which holds no other white space (the blanked parts are spaces). */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029 || (c >= 0x2000 && c <= 0x200a) || c === 0x1680 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** DriverKit version macros a preprocessor condition may test. */
const VERSION_MACRO = /\b(?:__DRIVERKIT_VERSION_MIN_REQUIRED|__ENVIRONMENT_DRIVERKIT_VERSION_MIN_REQUIRED__|__DRIVERKIT_\d+_\d+(?:_\d+)?)\b/;

/**
 * Every `#if`…`#endif` whose condition (of any of its arms) tests the DriverKit version: the
 * preprocessor picks what is compiled for each deployment target, so none of it is judged.
 */
function versionConditionals(text: string): AvailabilityGuard[] {
  const out: AvailabilityGuard[] = [];
  const stack: { start: number; tests: boolean }[] = [];
  for (const m of directiveMatches(text, CONDITIONAL_DIRECTIVE)) {
    const kind = m[1];
    if (kind === 'if' || kind === 'ifdef' || kind === 'ifndef') stack.push({ start: directiveLineStart(text, m.index), tests: VERSION_MACRO.test(m[2]) });
    else if (kind === 'elif') {
      const top = stack[stack.length - 1];
      if (top && VERSION_MACRO.test(m[2])) top.tests = true;
    } else if (kind === 'endif') {
      const top = stack.pop();
      if (top?.tests) out.push({ span: { start: top.start, end: m.index + m[0].length } });
    }
  }
  return out;
}
