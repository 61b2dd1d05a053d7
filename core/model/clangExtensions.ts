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
import { skipSpaces, skipSpacesBack } from './codeView';
import type { Span } from './span';

/** A same-length replacement of input[start, end). */
interface Rewrite {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const IDENTIFIER_CHAR = /[A-Za-z0-9_]/;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;

/** Object-like macros of Apple's SDK headers and compilers that expand to attributes or to nothing. */
const ATTRIBUTE_WORDS = new Set([
  '__unused', '__used', '__dead2', '__pure2', '__packed', '__deprecated', '__unavailable', '__abortlike',
  '__kpi_deprecated', '__header_always_inline', '__header_inline', '__private_extern__', '__exported',
  '__nonnull', '__nullable', '__null_unspecified', '__kindof', '__cold', '__returns_nonnull',
  '__BEGIN_DECLS', '__END_DECLS', '__IOKIT_BEGIN_DECLS', '__IOKIT_END_DECLS', '__kpi_unavailable',
  '__kpi_deprecated_arm64_macos_unavailable', '__exported_push', '__exported_pop',
  'OS_ALWAYS_INLINE', 'OS_NOINLINE', 'OS_WARN_RESULT', 'OS_EXPORT', 'OS_NOESCAPE', 'OS_NOTHROW', 'OS_COLD',
  'OS_UNUSED', 'OS_USED', 'OS_NORETURN', 'OS_MALLOC', 'OS_CONST', 'OS_PURE', 'OS_WARN_RESULT_NEEDS_RELEASE',
  'OS_OBJECT_RETURNS_RETAINED', 'OS_RETURNS_RETAINED', 'OS_RETURNS_NOT_RETAINED', 'OS_CONSUMED',
  'LIBKERN_RETURNS_RETAINED', 'LIBKERN_RETURNS_NOT_RETAINED', 'LIBKERN_CONSUMED', 'LIBKERN_CONSUMES_THIS',
  'LIBKERN_RETURNS_RETAINED_ON_ZERO', 'LIBKERN_RETURNS_RETAINED_ON_NONZERO',
  'NS_RETURNS_RETAINED', 'NS_RETURNS_NOT_RETAINED', 'CF_RETURNS_RETAINED', 'CF_RETURNS_NOT_RETAINED',
  'API_UNAVAILABLE_BEGIN', 'API_UNAVAILABLE_END', 'NS_ASSUME_NONNULL_BEGIN', 'NS_ASSUME_NONNULL_END',
  'CF_ASSUME_NONNULL_BEGIN', 'CF_ASSUME_NONNULL_END', 'CF_EXTERN_C_BEGIN', 'CF_EXTERN_C_END',
]);

/** Function-like macros that expand to attributes: the word and its argument list are blanked. */
const ATTRIBUTE_CALLS = new Set([
  'API_AVAILABLE', 'API_DEPRECATED', 'API_DEPRECATED_WITH_REPLACEMENT', 'API_UNAVAILABLE',
  '__API_AVAILABLE', '__API_DEPRECATED', '__API_UNAVAILABLE', '__OSX_AVAILABLE', '__OSX_AVAILABLE_STARTING',
  '__OSX_AVAILABLE_BUT_DEPRECATED', '__IOS_AVAILABLE', '__TVOS_AVAILABLE', '__WATCHOS_AVAILABLE',
  '__DRIVERKIT_AVAILABLE', 'AVAILABLE_MAC_OS_X_VERSION_10_0_AND_LATER', '__printflike', '__scanflike',
  '__aligned', '__deprecated_msg', '__section', '__alloc_size', '__IOUSBHOST_DEPRECATED', 'OS_FORMAT_PRINTF',
  'OS_NONNULL', 'OS_NONNULL1', 'OS_NONNULL2', 'OS_NONNULL3', 'OS_NONNULL_ALL', 'OS_ENUM_AVAILABILITY',
  '__swift_unavailable', 'NS_SWIFT_NAME', 'CF_SWIFT_NAME', 'OS_SWIFT_UNAVAILABLE',
]);

/** Macros whose arguments include a type (`IONew(OSObject *, 4)`), which C++ cannot parse as an expression. */
const TYPE_ARGUMENT_CALLS = new Set([
  'IONew', 'IONewZero', 'IODelete', 'IOSafeDeleteNULL', 'OSDynamicCast', 'OSRequiredCast', 'OSTypeAlloc',
  'OSTypeID', 'IONewData', '__builtin_bit_cast', '__builtin_types_compatible_p', '__builtin_convertvector', '__builtin_va_arg', 'IONewZeroData', 'IOSafeDeleteNULLData',
  'OSDefineMetaClassAndStructors', 'OSDefineMetaClassAndAbstractStructors', 'OSDeclareDefaultStructors',
  'OSDeclareAbstractStructors', 'OSDefineMetaClassAndFinalStructors', 'OSDeclareFinalStructors',
  'OSMetaClassDeclareReservedUnused', 'OSMetaClassDefineReservedUnused', 'OSMetaClassDeclareReservedUsed',
  'OSMetaClassDefineReservedUsed', 'OSMetaClassDeclareReservedUsedX86', 'OSMetaClassDefineReservedUsedX86',
]);

/** Declaration macros written without a `;` (the kext metaclass macros): blanked whole. */
const DECLARATION_MACROS = new Set([
  'OSDefineMetaClassAndStructors', 'OSDefineMetaClassAndAbstractStructors', 'OSDefineMetaClassAndFinalStructors',
  'OSDeclareDefaultStructors', 'OSDeclareAbstractStructors', 'OSDeclareFinalStructors',
  'OSMetaClassDeclareReservedUnused', 'OSMetaClassDefineReservedUnused', 'OSMetaClassDeclareReservedUsed',
  'OSMetaClassDefineReservedUsed', 'OSMetaClassDeclareReservedUsedX86', 'OSMetaClassDefineReservedUsedX86',
]);

/** Words after which an expression starts, so a `^` there begins a block literal. */
const EXPRESSION_KEYWORDS = new Set(['return', 'case', 'co_return', 'throw', 'else', 'do']);

const KEYWORDS = new Set([
  'alignas', 'alignof', 'asm', 'auto', 'bool', 'break', 'case', 'catch', 'char', 'class', 'const', 'constexpr',
  'const_cast', 'continue', 'decltype', 'default', 'delete', 'do', 'double', 'dynamic_cast', 'else', 'enum',
  'explicit', 'export', 'extern', 'false', 'float', 'for', 'friend', 'goto', 'if', 'inline', 'int', 'long',
  'mutable', 'namespace', 'new', 'noexcept', 'nullptr', 'operator', 'private', 'protected', 'public',
  'register', 'reinterpret_cast', 'return', 'short', 'signed', 'sizeof', 'static', 'static_assert',
  'static_cast', 'struct', 'switch', 'template', 'this', 'throw', 'true', 'try', 'typedef', 'typeid',
  'typename', 'union', 'unsigned', 'using', 'virtual', 'void', 'volatile', 'while', 'override', 'final',
  'co_return', 'co_await', 'co_yield', 'NULL',
]);

/**
 * The parser input with the constructs clang certainly accepts and tree-sitter does not rewritten.
 * `input` is what would be parsed (a .iig already has its IIG attributes masked), `code` the text's
 * code view (comments, strings and directives blanked), `text` the user's text (for directives) and
 * `strings` the spans of its string literals (from the code view).
 */
export function safeRewrites(input: string, code: string, text: string, strings: readonly Span[]): string {
  const rewrites: Rewrite[] = [];
  const pairs = new Pairs(code);
  const attributeMacros = attributeMacrosDefinedIn(text);
  WORD.lastIndex = 0;
  for (let m = WORD.exec(code); m; m = WORD.exec(code)) {
    const word = m[0];
    const start = m.index;
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
  commentsInDefines(input, text, rewrites);
  return apply(input, rewrites);
}

/** A block comment inside a multi-line `#define` (before its backslash) confuses the grammar; it says nothing. */
function commentsInDefines(input: string, text: string, rewrites: Rewrite[]): void {
  if (!text.includes('/*')) return;
  for (const define of text.matchAll(/^[ \t]*#[ \t]*define\b(?:[^\n\\]|\\[^\n]|\\\n)*/gm)) {
    for (const comment of define[0].matchAll(/\/\*[\s\S]*?\*\//g)) {
      const start = define.index + comment.index;
      rewrites.push(blank(input, start, start + comment[0].length));
    }
  }
}

/**
 * A run of dozens of one operator character (`*******…`) is no C++ anyone writes, and tree-sitter's
 * error recovery is quadratic on it (the stack splits at every star): it is blanked.
 */
function operatorRuns(input: string, code: string, rewrites: Rewrite[]): void {
  for (const m of code.matchAll(/([*&!~+\-<>|^%])\1{63,}/g)) rewrites.push(blank(input, m.index, m.index + m[0].length));
}

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
      // `} PACKED HEADER;`: an attribute macro after a struct body.
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

// ---------------------------------------------------------------------------------------------
// Blocks

/**
 * Apple's blocks: `^` where an expression starts begins a block literal (`^{ … }`,
 * `^(int a) { … }`, `^bool(void) { … }`), which becomes `0` followed by blanks; `(^name)` in a
 * declarator is a block pointer, which becomes `(*name)`.
 */
function blocks(input: string, code: string, pairs: Pairs, rewrites: Rewrite[]): void {
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

// ---------------------------------------------------------------------------------------------
// Macro calls

/**
 * Argument lists only a macro takes: an empty argument (`FailIf(error, , Failure, "…")`) or
 * statements (`__Require_Action(ok, Exit, result = false; stop())`). Their contents go. One pass
 * with a stack of open brackets, so a file of many statements stays linear.
 */
function macroOnlyArguments(input: string, code: string, rewrites: Rewrite[]): void {
  interface Frame { readonly open: number; readonly paren: boolean; readonly isFor: boolean; macroOnly: boolean; last: string }
  const stack: Frame[] = [];
  let word = '';
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') continue;
    const top = stack[stack.length - 1];
    if (c === '(' || c === '{' || c === '[') {
      if (top) top.last = c;
      // `word` is the token right before (spaces are skipped, anything else clears it).
      stack.push({ open: i, paren: c === '(', isFor: c === '(' && word === 'for', macroOnly: false, last: c });
      word = '';
      continue;
    }
    if (c === ')' || c === '}' || c === ']') {
      if (top && c === ')' && top.paren) {
        if (top.last === ',') top.macroOnly = true;
        if (top.macroOnly) rewrites.push(blank(input, top.open + 1, i));
      }
      if (top && (c === ')') === top.paren) stack.pop();
      const outer = stack[stack.length - 1];
      if (outer) outer.last = c;
      word = '';
      continue;
    }
    if (top?.paren) {
      if (c === ',' && (top.last === ',' || top.last === '(')) top.macroOnly = true;
      else if (c === ';' && !top.isFor) top.macroOnly = true;
    }
    if (top) top.last = c;
    if (IDENTIFIER_CHAR.test(c)) {
      let e = i;
      while (e + 1 < code.length && IDENTIFIER_CHAR.test(code[e + 1])) e++;
      word = code.slice(i, e + 1);
      if (top) top.last = 'a';
      i = e;
    } else word = '';
  }
}

/** After a macro's name: the end of its argument list, or undefined when no `(` follows. */
function callEnd(code: string, pairs: Pairs, afterName: number): number | undefined {
  const open = skipSpaces(code, afterName);
  if (code[open] !== '(') return undefined;
  const close = pairs.close(open);
  return close < 0 ? undefined : close + 1;
}

interface DefinedMacros {
  readonly objectLike: ReadonlySet<string>;
  readonly functionLike: ReadonlySet<string>;
}

const DEFINE = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(\([^)\n]*\))?[ \t]*(.*)$/gm;

/**
 * Macros the file defines as nothing or as attributes only (`#define PACKED __attribute__((packed))`,
 * `#define EXPORT`): their uses are blanked like the SDK's attribute macros.
 */
function attributeMacrosDefinedIn(text: string): DefinedMacros {
  const objectLike = new Set<string>();
  const functionLike = new Set<string>();
  if (!text.includes('define')) return { objectLike, functionLike };
  const definedOtherwise = new Set<string>();
  DEFINE.lastIndex = 0;
  for (let m = DEFINE.exec(text); m; m = DEFINE.exec(text)) {
    const body = m[3].replace(/\/\/.*$|\/\*.*?\*\//g, '').trim();
    // A name defined as something else too (in another #if arm) is not an attribute everywhere.
    if (body.endsWith('\\') || !attributeOnly(body)) {
      definedOtherwise.add(m[1]);
      continue;
    }
    (m[2] ? functionLike : objectLike).add(m[1]);
  }
  for (const name of definedOtherwise) {
    objectLike.delete(name);
    functionLike.delete(name);
  }
  return { objectLike, functionLike };
}

/** True for an empty macro body or one made only of attributes. */
function attributeOnly(body: string): boolean {
  let rest = body;
  for (let guard = 0; guard < 8 && rest.length > 0; guard++) {
    const attribute = /^(?:__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)|__declspec\s*\([^()]*\)|\[\[[^\]]*\]\])\s*/.exec(rest);
    const word = /^([A-Za-z_]\w*)\s*/.exec(rest);
    if (attribute) rest = rest.slice(attribute[0].length);
    else if (word && ATTRIBUTE_WORDS.has(word[1])) rest = rest.slice(word[0].length);
    else return false;
  }
  return rest.length === 0;
}

/** `#define Log(fmt, args...)`: GNU's named variadic parameter becomes a plain `...`. */
function variadicMacroParameters(text: string, rewrites: Rewrite[]): void {
  if (!text.includes('...')) return;
  DEFINE.lastIndex = 0;
  for (let m = DEFINE.exec(text); m; m = DEFINE.exec(text)) {
    const parameters = m[2];
    if (!parameters) continue;
    const named = /([A-Za-z_]\w*)\s*\.\.\./.exec(parameters);
    if (!named) continue;
    const start = m.index + m[0].indexOf(parameters) + named.index;
    const length = named[0].length;
    rewrites.push({ start, end: start + length, text: '...'.padEnd(length, ' ') });
  }
}

// ---------------------------------------------------------------------------------------------
// Smaller forms

/** `enum : uint8_t {` (an unnamed enum with a base type): the base goes. */
function enumBase(input: string, code: string, afterEnum: number, rewrites: Rewrite[]): void {
  let i = skipSpaces(code, afterEnum);
  if (code[i] !== ':') return;
  const colon = i;
  i = skipSpaces(code, i + 1);
  const type = /^(?:[A-Za-z_]\w*|::|\s)+/.exec(code.slice(i, i + 128));
  if (!type) return;
  const brace = skipSpaces(code, i + type[0].length);
  if (code[brace] === '{') rewrites.push(blank(input, colon, brace));
}

/** `case 1 ... 3:`: GNU's case range becomes `1 +   3`. */
function caseRange(code: string, afterCase: number, rewrites: Rewrite[]): void {
  const label = code.slice(afterCase, afterCase + 200);
  const colon = label.indexOf(':');
  const dots = label.indexOf('...');
  if (colon < 0 || dots < 0 || dots > colon) return;
  rewrites.push({ start: afterCase + dots, end: afterCase + dots + 3, text: '+  ' });
}

/**
 * Pointers to members: `(object->*method)()` becomes `(object, *method)()` and `.*` becomes `,*`
 * (a call through a pointer, as the grammar reads it); `(Class::*name)` in a declarator loses its
 * `Class::`, which leaves a plain pointer declarator.
 */
function memberPointers(input: string, code: string, rewrites: Rewrite[]): void {
  for (let i = code.indexOf('->*'); i >= 0; i = code.indexOf('->*', i + 3)) rewrites.push({ start: i, end: i + 3, text: ', *' });
  for (let i = code.indexOf('.*'); i >= 0; i = code.indexOf('.*', i + 2)) {
    const prev = code[i - 1] ?? '';
    if (prev === ')' || (/[A-Za-z_]/.test(prev) && !/\d/.test(wordBefore(code, i)))) rewrites.push({ start: i, end: i + 2, text: ',*' });
  }
  for (const m of code.matchAll(/\(\s*((?:[A-Za-z_]\w*\s*::\s*)+)\*/g)) {
    const start = m.index + m[0].indexOf(m[1]);
    rewrites.push(blank(input, start, start + m[1].length));
  }
}

function wordBefore(code: string, end: number): string {
  let s = end;
  while (s > 0 && IDENTIFIER_CHAR.test(code[s - 1])) s--;
  return code.slice(s, s + 1);
}

// ---------------------------------------------------------------------------------------------
// Guesses

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

// ---------------------------------------------------------------------------------------------
// Strings

/** True when a string literal stands right before or right after the word (spaces between; the text, not the code view, which blanks strings). */
function nextToString(strings: readonly Span[], text: string, start: number, end: number): boolean {
  if (strings.length === 0) return false;
  const before = skipSpacesBack(text, start - 1);
  const after = skipSpaces(text, end);
  return stringEndingAt(strings, before + 1) || stringStartingAt(strings, after);
}

function stringEndingAt(strings: readonly Span[], end: number): boolean {
  const i = search(strings, (s) => s.end >= end);
  return i < strings.length && strings[i].end === end;
}

function stringStartingAt(strings: readonly Span[], start: number): boolean {
  const i = search(strings, (s) => s.start >= start);
  return i < strings.length && strings[i].start === start;
}

/** The first index where `atOrAfter` holds, in a list ordered by it. */
function search<T>(list: readonly T[], atOrAfter: (item: T) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (atOrAfter(list[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// Applying

function blank(input: string, start: number, end: number): Rewrite {
  return { start, end, text: input.slice(start, end).replace(/[^\r\n]/g, ' ') };
}

/**
 * The closing bracket of every `(`, `{` and `[` of a code view, found in one pass (each kind counted
 * on its own, like matchingParen), so looking many of them up stays linear in the text.
 */
class Pairs {
  private readonly closing = new Map<number, number>();

  constructor(code: string) {
    const stacks: Record<string, number[]> = { '(': [], '{': [], '[': [] };
    const opener: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
    for (let i = 0; i < code.length; i++) {
      const c = code[i];
      if (c === '(' || c === '{' || c === '[') stacks[c].push(i);
      else if (c === ')' || c === '}' || c === ']') {
        const open = stacks[opener[c]].pop();
        if (open !== undefined) this.closing.set(open, i);
      }
    }
  }

  /** The offset of the bracket closing the one at `open`, or -1. */
  close(open: number): number {
    return this.closing.get(open) ?? -1;
  }
}

/** Applies non-overlapping rewrites (a later one inside an earlier is dropped). */
function apply(input: string, rewrites: Rewrite[]): string {
  if (rewrites.length === 0) return input;
  rewrites.sort((a, b) => a.start - b.start || b.end - a.end);
  const pieces: string[] = [];
  let copied = 0;
  for (const r of rewrites) {
    if (r.start < copied) continue;
    pieces.push(input.slice(copied, r.start), r.text);
    copied = r.end;
  }
  pieces.push(input.slice(copied));
  return pieces.join('');
}
