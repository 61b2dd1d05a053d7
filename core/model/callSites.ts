/**
 * The calls a function body makes, and the parts of it that are guarded by a DriverKit version,
 * read lexically over the body's code view (comments, strings and directives blanked), like the
 * other body facts of cppExtract.ts. What a call resolves to is the rules' business; this records
 * how it is written: `pipe->AsyncIO(…)`, `IOBufferMemoryDescriptor::Create(…)`, `super::Stop(…)`,
 * `Start(provider, SUPERDISPATCH)`.
 *
 * A body may check the running DriverKit before it uses newer API, the way clang understands it:
 * `if (__builtin_available(driverkit 21.0, *)) { … }` guards its then-branch, `if
 * (!__builtin_available(driverkit 21.0, *)) { … return; }` guards its else-branch or, when the
 * then-branch leaves, the rest of the block. A `__builtin_available` written any other way (kept in a
 * variable, in a `||`) guards the whole body: the checks then stay silent rather than guess.
 */
import type { Span } from './span';

export interface CallExpression {
  /** The called name: `AsyncIO` in `pipe->AsyncIO(…)`. */
  readonly name: string;
  readonly span: Span;
  /** What it is called on, for `x->Name(`: `this`, `pipe`, `ivars->pipe`; `?` when it is more than a name chain. */
  readonly receiver?: string;
  /** The type a receiver that is a plain name is declared with in the same function, when it is declared once. */
  readonly receiverType?: string;
  /** The class of a qualified call (`IOBufferMemoryDescriptor::Create(`), or `super`. */
  readonly scope?: string;
  /** Arguments passed, SUPERDISPATCH not counted. */
  readonly argumentCount: number;
  /** `Start(provider, SUPERDISPATCH)`: the parent's implementation is called. */
  readonly superDispatch?: true;
}

export interface AvailabilityGuard {
  readonly span: Span;
  /** The DriverKit version the code in `span` may rely on; undefined when any version (a preprocessor test of the version). */
  readonly version?: string;
}

export interface BodyFacts {
  readonly calls: readonly CallExpression[];
  readonly guards: readonly AvailabilityGuard[];
}

const KEYWORDS = new Set([
  'if', 'while', 'for', 'switch', 'return', 'sizeof', 'alignof', 'alignas', 'decltype', 'typeof', 'catch', 'static_cast', 'dynamic_cast',
  'reinterpret_cast', 'const_cast', 'noexcept', 'defined', 'new', 'delete', 'throw', 'static_assert', 'do', 'else', 'case', 'operator',
  'template', 'typename', 'using', 'co_await', 'co_return', 'co_yield', '__builtin_available', '__attribute__', '__typeof__', 'requires',
]);
/** Words before a name that still leave it a call (`return Foo(…)`), not a declaration (`IOReturn ret(…)`). */
const EXPRESSION_WORDS = new Set(['return', 'else', 'case', 'do', 'throw', 'co_return', 'co_await', 'co_yield']);
const NAME_CHAR = /[A-Za-z0-9_]/;

/**
 * Calls and guards of the function whose code view is `code`; `bodyStart` is the offset of its
 * body's `{` within `code`, and `base` is added to every span.
 */
export function bodyFacts(code: string, bodyStart: number, base: number): BodyFacts {
  if (!code.includes('(', bodyStart)) return { calls: [], guards: [] };
  const pairs = bracketPairs(code, bodyStart);
  // The function's declarations are read only when a call on a plain name needs its type.
  let declaredCache: Map<string, string | null> | undefined;
  const declared = (): Map<string, string | null> => (declaredCache ??= declaredTypes(code));
  const calls: CallExpression[] = [];
  const guards: AvailabilityGuard[] = [];
  const callName = /\b([A-Za-z_]\w*)\s*\(/g;
  callName.lastIndex = bodyStart;
  for (let m = callName.exec(code); m; m = callName.exec(code)) {
    const name = m[1];
    const start = m.index;
    const open = m.index + m[0].length - 1;
    if (name === '__builtin_available') {
      const guard = builtinAvailableGuard(code, pairs, start, open, bodyStart);
      if (guard && guard.span.start <= guard.span.end) guards.push({ span: { start: guard.span.start + base, end: guard.span.end + base }, version: guard.version });
      continue;
    }
    if (KEYWORDS.has(name)) continue;
    const call = callAt(code, pairs, declared, detached(name), start, open);
    if (call) calls.push({ ...call, span: { start: start + base, end: start + base + name.length } });
  }
  return { calls, guards };
}

function callAt(code: string, pairs: Int32Array, declared: () => ReadonlyMap<string, string | null>, name: string, start: number, open: number): Omit<CallExpression, 'span'> | undefined {
  const close = pairs[open];
  const args = close > open ? splitArguments(code, pairs, open + 1, close) : [];
  const superDispatch = args.length > 0 && args[args.length - 1].trim() === 'SUPERDISPATCH';
  const argumentCount = superDispatch ? args.length - 1 : args.length;
  const facts = { name, argumentCount, ...(superDispatch && { superDispatch: true as const }) };
  let before = start - 1;
  while (before >= 0 && /\s/.test(code[before])) before--;
  const c = code[before];
  if (c === '>' && code[before - 1] === '-') {
    const receiver = receiverBefore(code, before - 2);
    const type = receiver && /^\w+$/.test(receiver) && receiver !== 'this' ? declared().get(receiver) : undefined;
    return { ...facts, receiver: receiver === undefined ? '?' : detached(receiver), ...(type && { receiverType: detached(type) }) };
  }
  if (c === ':' && code[before - 1] === ':') {
    let end = before - 2;
    while (end >= 0 && /\s/.test(code[end])) end--;
    let s = end;
    while (s >= 0 && NAME_CHAR.test(code[s])) s--;
    return { ...facts, scope: detached(code.slice(s + 1, end + 1)) };
  }
  // `x.Name(`, `~Name(`, `T * Name(`, `Type Name(` (a declaration) and `#define`-like forms are not SDK calls.
  if (c === '.' || c === '~' || c === '*' || c === '&' || c === '>' || c === '#') return undefined;
  if (c !== undefined && NAME_CHAR.test(c)) {
    let s = before;
    while (s >= 0 && NAME_CHAR.test(code[s])) s--;
    if (!EXPRESSION_WORDS.has(code.slice(s + 1, before + 1))) return undefined;
  }
  return facts;
}

/** `pipe`, `ivars->pipe`, `this`, `a.b`: a chain of names ending at `end`; undefined when it is anything else. */
function receiverBefore(code: string, end: number): string | undefined {
  let i = end;
  while (i >= 0 && /\s/.test(code[i])) i--;
  const stop = i;
  for (;;) {
    let s = i;
    while (s >= 0 && NAME_CHAR.test(code[s])) s--;
    if (s === i || /[0-9]/.test(code[s + 1])) return undefined;
    let j = s;
    while (j >= 0 && /\s/.test(code[j])) j--;
    if (code[j] === '>' && code[j - 1] === '-') i = j - 2;
    else if (code[j] === '.' && code[j - 1] !== '.') i = j - 1;
    else {
      // `(x)->`, `a[i]->`, `f()->`: not a plain chain.
      if (code[j] === ')' || code[j] === ']') return undefined;
      return code.slice(s + 1, stop + 1).replace(/\s+/g, '');
    }
    while (i >= 0 && /\s/.test(code[i])) i--;
  }
}

/** The arguments between `from` and `to` (exclusive), split at top-level commas. */
function splitArguments(code: string, pairs: Int32Array, from: number, to: number): string[] {
  if (code.slice(from, to).trim() === '') return [];
  const out: string[] = [];
  let start = from;
  for (let i = from; i < to; i++) {
    const c = code[i];
    if ((c === '(' || c === '[' || c === '{') && pairs[i] > i) i = pairs[i];
    else if (c === ',') {
      out.push(code.slice(start, i));
      start = i + 1;
    }
  }
  out.push(code.slice(start, to));
  return out;
}

/**
 * Names declared with one pointer type in the function (`IOUSBHostPipe * pipe`, `OSSharedPtr<X> x`,
 * `auto x = OSDynamicCast(X, …)`); a name declared with two types maps to null (unknown).
 */
function declaredTypes(code: string): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const put = (name: string, type: string): void => {
    if (KEYWORDS.has(type) || EXPRESSION_WORDS.has(type) || type === 'const') return;
    const seen = out.get(name);
    out.set(name, seen === undefined || seen === type ? type : null);
  };
  for (const m of code.matchAll(/\b([A-Za-z_]\w*)\s*\*+\s*(?:const\s+)?([A-Za-z_]\w*)\s*(?=[=;,)[])/g)) put(m[2], m[1]);
  for (const m of code.matchAll(/\bOSSharedPtr\s*<\s*([A-Za-z_]\w*)\s*>\s*([A-Za-z_]\w*)/g)) put(m[2], m[1]);
  for (const m of code.matchAll(/\bauto\s*\*?\s*([A-Za-z_]\w*)\s*=\s*(?:OSDynamicCast|OSRequiredCast)\s*\(\s*([A-Za-z_]\w*)/g)) put(m[1], m[2]);
  return out;
}

/** The region a `__builtin_available(…)` at `start` guards, and the DriverKit version it proves. */
function builtinAvailableGuard(code: string, pairs: Int32Array, start: number, open: number, bodyStart: number): AvailabilityGuard | undefined {
  const close = pairs[open];
  if (close < open) return undefined;
  const version = driverKitVersionOf(code.slice(open + 1, close));
  // `__builtin_available(macos 12, *)`: on DriverKit `*` is the deployment target itself, no guard.
  if (version === undefined) return undefined;
  const bodyEnd = pairs[bodyStart] > bodyStart ? pairs[bodyStart] : code.length;
  const whole: AvailabilityGuard = { span: { start: bodyStart, end: bodyEnd }, version };
  const condition = enclosingIfCondition(code, pairs, start, bodyStart);
  if (!condition) return whole;
  const inside = code.slice(condition.open + 1, condition.close);
  // What stands before and after the builtin in the condition, wrapping parentheses aside.
  const lead = inside.slice(0, start - condition.open - 1).replace(/[\s(]+$/, '');
  const trail = inside.slice(close - condition.open).replace(/^[\s)]+/, '');
  const then = statementAfter(code, pairs, condition.close + 1);
  // A || could take the branch without the check.
  if (!then || inside.includes('||')) return whole;
  if (!lead.endsWith('!')) {
    // Guarded only when every other term is joined with &&.
    const joined = (lead === '' || lead.endsWith('&&')) && (trail === '' || trail.startsWith('&&'));
    return joined ? { span: then, version } : whole;
  }
  // Negated: only `if (!__builtin_available(…))` alone is understood.
  if (lead.replace(/[\s(]/g, '') !== '!' || trail !== '') return whole;
  const elseBranch = /^\s*else\b/.exec(code.slice(then.end, then.end + 40));
  if (elseBranch) {
    const other = statementAfter(code, pairs, then.end + elseBranch[0].length);
    return other ? { span: other, version } : whole;
  }
  // `if (!__builtin_available(…)) { …; return …; }`: what follows the if in its block is guarded.
  if (!leaves(code.slice(then.start, then.end))) return whole;
  const block = enclosingBlock(pairs, condition.open, bodyStart);
  // Brackets that do not pair up (text being typed) leave no block after the if: guard the body.
  return block > then.end ? { span: { start: then.end, end: block }, version } : whole;
}

/** The DriverKit version of an availability spec list: `driverkit 21.0, *` → "21.0". */
function driverKitVersionOf(specs: string): string | undefined {
  const m = /(?:^|,)\s*driverkit\s+(\d+(?:[._]\d+){0,2})\s*(?=,|$)/i.exec(specs);
  if (!m) return undefined;
  const version = m[1].replace(/_/g, '.');
  return version.includes('.') ? version : `${version}.0`;
}

/** The `(…)` of the `if` whose condition holds `offset`, when there is one. */
function enclosingIfCondition(code: string, pairs: Int32Array, offset: number, bodyStart: number): { open: number; close: number } | undefined {
  for (let i = offset - 1; i > bodyStart; i--) {
    const c = code[i];
    if (c === ';' || c === '{' || c === '}') return undefined;
    if (c === ')' || c === ']') {
      // Step over a closed group: pairs[closer] is its opener.
      if (pairs[i] < bodyStart) return undefined;
      i = pairs[i];
      continue;
    }
    if (c !== '(' || pairs[i] < offset) continue;
    let w = i - 1;
    while (w > bodyStart && /\s/.test(code[w])) w--;
    if (code.slice(Math.max(bodyStart, w - 1), w + 1) === 'if' && !NAME_CHAR.test(code[w - 2] ?? '')) return { open: i, close: pairs[i] };
  }
  return undefined;
}

/** The statement that starts after `from`: a `{…}` block or a statement up to its `;`. */
function statementAfter(code: string, pairs: Int32Array, from: number): Span | undefined {
  let i = from;
  while (i < code.length && /\s/.test(code[i])) i++;
  if (code[i] === '{') return pairs[i] > i ? { start: i, end: pairs[i] + 1 } : undefined;
  for (let j = i; j < code.length; j++) {
    const c = code[j];
    if ((c === '(' || c === '[' || c === '{') && pairs[j] > j) j = pairs[j];
    else if (c === ';') return { start: i, end: j + 1 };
    else if (c === '}') return undefined;
  }
  return undefined;
}

/** True when a statement always leaves the enclosing block: its last statement returns, breaks, continues, throws or jumps. */
function leaves(statement: string): boolean {
  const inner = statement.trim().replace(/^\{|\}$/g, '').trim();
  const last = inner.split(';').map((s) => s.trim()).filter((s) => s !== '').pop() ?? '';
  return /^(?:return|break|continue|throw|goto|co_return)\b/.test(last) || /^(?:abort|panic|__builtin_trap|__builtin_unreachable)\s*\(/.test(last);
}

/** The offset of the `}` that closes the block holding `offset` (the body's own when none is nearer). */
function enclosingBlock(pairs: Int32Array, offset: number, bodyStart: number): number {
  let best = pairs[bodyStart];
  for (let i = bodyStart; i < offset; i++) {
    const close = pairs[i];
    if (close > offset && close < best) best = close;
  }
  return best;
}

/**
 * A copy of a piece of the body's text that does not keep the text alive: V8 makes a longer slice a
 * view into its parent string, and the model outlives the function's code view by far.
 */
function detached(piece: string): string {
  return piece.length < 13 ? piece : [...piece].join('');
}

/** Reused between functions (one allocation, not one per function), kept only while it is small. */
let scratch = new Int32Array(0);
const SCRATCH_KEPT = 256 * 1024;

/**
 * Partners of brackets from `from` on, in one pass: for an opener `(`, `[` or `{` the offset of its
 * closer, for a closer the offset of its opener (so `pairs[i] > i` only at openers), -1 when
 * unmatched or before `from`. The array is shared: valid until the next call.
 */
function bracketPairs(code: string, from: number): Int32Array {
  // A huge function gets an array of its own, which is not kept.
  const pairs = code.length > SCRATCH_KEPT ? new Int32Array(code.length) : scratch.length >= code.length ? scratch : (scratch = new Int32Array(Math.min(SCRATCH_KEPT, Math.max(code.length, scratch.length * 2))));
  pairs.fill(-1, 0, code.length);
  const stack: number[] = [];
  for (let i = from; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) stack.push(i);
    else if (c === 41 || c === 93 || c === 125) {
      const open = stack.pop();
      if (open !== undefined) {
        pairs[open] = i;
        pairs[i] = open;
      }
    }
  }
  return pairs;
}
