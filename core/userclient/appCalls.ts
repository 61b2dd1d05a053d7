/**
 * The app side of the contract: every `IOConnectCall…Method` call of a C, C++, Objective-C or
 * Objective-C++ file, read lexically over its code view (comments and strings blanked), with the
 * selector and the four sizes the dext checks written as expressions over the workspace's names:
 * a local `uint32_t outCount = 2;` behind `&outCount` becomes `2`, `sizeof(request)` of a
 * `MyRequest request;` becomes `sizeof(MyRequest)`, `sizeof(in)/sizeof(in[0])` of `uint64_t in[3]`
 * becomes `(3)*sizeof(uint64_t)/sizeof(uint64_t)`. What cannot be followed is left undefined.
 */
import type { Span } from '../model/span';
import { topLevelPieces } from './dispatch';
import { callsOf, wrapperAt } from './wrappers';

export type CallPart = 'scalarInput' | 'structureInput' | 'scalarOutput' | 'structureOutput';

export interface AppCall {
  readonly function: string;
  /** The function's name in the text. */
  readonly span: Span;
  /** The whole call, `IOConnectCall…(` to `)`. */
  readonly callSpan: Span;
  /** The wrapper this call goes through (`scalarCall(c, kGetVersion, …)`): the span is the wrapper's call. */
  readonly via?: string;
  readonly async: boolean;
  /** The selector as written (a name or a literal). */
  readonly selector: string;
  readonly selectorSpan: Span;
  /** Each part as an expression over the workspace's names; undefined when it could not be followed. */
  readonly parts: Readonly<Record<CallPart, string | undefined>>;
}

/** Argument positions: the selector, then each part's count or size (`*` when passed by pointer). */
const LAYOUTS: Readonly<Record<string, { args: number; scalarInput?: number; structureInput?: number; scalarOutput?: number; structureOutput?: number }>> = {
  IOConnectCallScalarMethod: { args: 6, scalarInput: 3, scalarOutput: 5 },
  IOConnectCallStructMethod: { args: 6, structureInput: 3, structureOutput: 5 },
  IOConnectCallMethod: { args: 10, scalarInput: 3, structureInput: 5, scalarOutput: 7, structureOutput: 9 },
  IOConnectCallAsyncScalarMethod: { args: 9, scalarInput: 6, scalarOutput: 8 },
  IOConnectCallAsyncStructMethod: { args: 9, structureInput: 6, structureOutput: 8 },
  IOConnectCallAsyncMethod: { args: 13, scalarInput: 6, structureInput: 8, scalarOutput: 10, structureOutput: 12 },
};
const PARTS: readonly CallPart[] = ['scalarInput', 'structureInput', 'scalarOutput', 'structureOutput'];
const MAX_CALLS = 2000;
/** Past this size a name is looked up only in the function around the call. */
const FILE_SCAN_LIMIT = 256 * 1024;
const SCAN_BUDGET = 64 * 1024 * 1024;

export function appCallsOf(code: string): AppCall[] {
  if (!code.includes('IOConnectCall')) return [];
  const blocks = topLevelBlocks(code);
  // What a name is declared as or given, per block searched: many calls of one function ask the same.
  const memo = new Map<string, unknown>();
  // Characters the lookups may scan in all: a hostile file of thousands of calls is not followed past it.
  const budget = { left: SCAN_BUDGET };
  // The calls of each wrapper, found once however many IOConnectCall… it makes.
  const wrapperSites = new Map<number, ReturnType<typeof callsOf>>();
  const out: AppCall[] = [];
  for (const m of code.matchAll(/\b(IOConnectCall(?:Async)?(?:Scalar|Struct)?Method)\s*\(/g)) {
    if (out.length >= MAX_CALLS) break;
    const layout = LAYOUTS[m[1]];
    const open = m.index + m[0].length - 1;
    const close = closing(code, open);
    if (!layout || close < 0) continue;
    const pieces = topLevelPieces(code.slice(open + 1, close));
    if (pieces.length !== layout.args) continue;
    const arg = (i: number): string => code.slice(open + 1 + pieces[i].start, open + 1 + pieces[i].end).trim();
    const scope = new Scope(code, blocks, m.index, memo, budget);
    const parts = {} as Record<CallPart, string | undefined>;
    for (const part of PARTS) {
      const at = layout[part];
      const output = part === 'scalarOutput' || part === 'structureOutput';
      parts[part] = at === undefined ? '0' : output ? scope.pointee(arg(at)) : scope.value(arg(at));
    }
    const selectorPiece = pieces[1];
    const selectorText = code.slice(open + 1 + selectorPiece.start, open + 1 + selectorPiece.end);
    const lead = selectorText.length - selectorText.trimStart().length;
    const selector = scope.selector(arg(1));
    const wrapper = scope.wrapper();
    if (wrapper && wrapper.params.includes(strip(arg(1)))) {
      // The selector is the wrapper's parameter: each call of the wrapper is a call with the caller's values.
      let sites = wrapperSites.get(wrapper.nameStart);
      if (!sites) wrapperSites.set(wrapper.nameStart, (sites = callsOf(code, wrapper)));
      for (const site of sites) {
        if (out.length >= MAX_CALLS) break;
        const caller = new Scope(code, blocks, site.start, memo, budget);
        const forwarded = {} as Record<CallPart, string | undefined>;
        for (const part of PARTS) {
          const at = layout[part];
          const output = part === 'scalarOutput' || part === 'structureOutput';
          const param = at === undefined ? -1 : wrapper.params.indexOf(strip(arg(at)));
          forwarded[part] = param < 0 ? parts[part] : output ? caller.pointee(site.args[param]) : caller.value(site.args[param]);
        }
        const selectorArg = site.args[wrapper.params.indexOf(strip(arg(1)))];
        const selectorAt = code.indexOf(selectorArg, site.open);
        out.push({
          function: m[1],
          span: { start: site.start, end: site.start + wrapper.name.length },
          callSpan: { start: site.start, end: site.close + 1 },
          via: wrapper.name,
          async: m[1].includes('Async'),
          selector: caller.selector(selectorArg),
          selectorSpan: { start: selectorAt, end: selectorAt + selectorArg.length },
          parts: forwarded,
        });
      }
    }
    if (out.length >= MAX_CALLS) break;
    out.push({
      function: m[1],
      span: { start: m.index, end: m.index + m[1].length },
      callSpan: { start: m.index, end: close + 1 },
      async: m[1].includes('Async'),
      selector,
      selectorSpan: { start: open + 1 + selectorPiece.start + lead, end: open + 1 + selectorPiece.start + lead + selectorText.trim().length },
      parts,
    });
  }
  return out;
}

function closing(code: string, open: number): number {
  let depth = 0;
  // A call's arguments are short; a bracket left open is not followed to the end of a long file.
  const limit = Math.min(code.length, open + 4000);
  for (let i = open; i < limit; i++) {
    const c = code[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The `{…}` blocks at the file's top level (function and method bodies, classes, namespaces). */
function topLevelBlocks(code: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c === 123) {
      if (depth++ === 0) start = i;
    } else if (c === 125 && depth > 0 && --depth === 0) out.push({ start, end: i + 1 });
  }
  return out;
}

const NAME = '[A-Za-z_]\\w*';
const CAST = /^\(\s*(?:const\s+)?(?:u?int(?:32|64)_t|size_t|unsigned(?:\s+int)?|int|uint|IOByteCount|mach_msg_type_number_t|UInt32|UInt64|void\s*\*|const\s+void\s*\*)\s*\)\s*/;

/** Words that stand before a name without declaring it. */
const NOT_TYPES = new Set(['return', 'else', 'case', 'goto', 'sizeof', 'struct', 'union', 'enum', 'const', 'static', 'volatile', 'typedef', 'do']);

/** Names seen from one call: the function around it first, then the file. */
class Scope {
  private readonly block: string;
  private readonly blockStart: number;
  constructor(
    private readonly code: string,
    blocks: readonly { start: number; end: number }[],
    at: number,
    private readonly memo: Map<string, unknown>,
    private readonly budget: { left: number },
  ) {
    const around = blocks.find((b) => b.start <= at && at < b.end);
    this.block = around ? code.slice(around.start, around.end) : '';
    this.blockStart = around?.start ?? -1;
  }

  /** The C function around the call, when the call is in one. */
  wrapper(): ReturnType<typeof wrapperAt> {
    return this.blockStart < 0 ? undefined : wrapperAt(this.code, this.blockStart);
  }

  private remembered<T>(kind: string, name: string, compute: () => T): T {
    const key = `${kind}:${this.blockStart}:${name}`;
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = compute();
    this.memo.set(key, value);
    return value;
  }

  /** The selector: a literal, or a name (a constant, or a local holding one). */
  selector(arg: string): string {
    const text = strip(arg);
    if (/^\d+$|^0[xX][0-9A-Fa-f]+$/.test(text)) return text;
    if (new RegExp(`^${NAME}$`).test(text)) {
      const local = this.assigned(text);
      return local !== undefined && new RegExp(`^${NAME}$|^\\d+$`).test(strip(local)) ? strip(local) : text;
    }
    return text;
  }

  /** What a count or size argument is, as an expression over global names. */
  value(arg: string, depth = 0): string | undefined {
    const text = strip(arg);
    if (depth > 3 || text.length > 200) return undefined;
    if (/^(?:NULL|nullptr|nil|0)$/.test(text)) return '0';
    if (/^(?:\d+|0[xX][0-9A-Fa-f]+)[uUlL]*$/.test(text)) return text.replace(/[uUlL]+$/, '');
    const ratio = /^sizeof\s*\(?\s*([^()/]+?)\s*\)?\s*\/\s*sizeof\s*\(?\s*([^()/]+?)\s*\)?$/.exec(text);
    if (ratio) {
      const a = this.sizeOf(ratio[1]);
      const b = this.sizeOf(ratio[2]);
      return a && b ? `(${a})/(${b})` : undefined;
    }
    const size = /^sizeof\s*(?:\(\s*([^()]+?)\s*\)|\s([A-Za-z_][\w.]*))$/.exec(text);
    if (size) return this.sizeOf(size[1] ?? size[2]);
    if (new RegExp(`^${NAME}$`).test(text)) {
      const local = this.assigned(text);
      if (local !== undefined) return this.value(local, depth + 1);
      // A variable declared but never given a value here, or a parameter: not followed.
      return this.declaredType(text) === undefined && /^k[A-Z_]|^[A-Z][A-Z0-9_]+$/.test(text) ? text : undefined;
    }
    return undefined;
  }

  /** An output count or size passed by address: `&outCount` is the value outCount holds. */
  pointee(arg: string): string | undefined {
    const text = strip(arg);
    if (/^(?:NULL|nullptr|nil|0)$/.test(text)) return '0';
    const m = new RegExp(`^&\\s*(${NAME})$`).exec(text);
    if (!m) return undefined;
    const local = this.assigned(m[1]);
    return local === undefined ? undefined : this.value(local, 1);
  }

  /** `sizeof` of a type or of a variable (its declared type, times its length for an array). */
  private sizeOf(what: string): string | undefined {
    // `struct X` names a type whatever else X names.
    if (/^struct\s+[A-Za-z_]\w*$/.test(what.trim())) return `sizeof(${what.trim().slice(6).trim()})`;
    const text = what.trim();
    const element = new RegExp(`^(${NAME})\\s*\\[\\s*0\\s*\\]$|^\\*\\s*(${NAME})$`).exec(text);
    if (element) {
      const declared = this.declaredType(element[1] ?? element[2]);
      return declared?.length !== undefined ? `sizeof(${declared.type})` : undefined;
    }
    if (!new RegExp(`^${NAME}$`).test(text)) return undefined;
    const declared = this.declaredType(text);
    if (!declared) return /^[A-Z]|_t$|^(?:char|short|int|long|float|double|bool)$/.test(text) ? `sizeof(${text})` : undefined;
    return declared.length !== undefined ? `(${declared.length})*sizeof(${declared.type})` : `sizeof(${declared.type})`;
  }

  /** The one type a name is declared with (`T name;`, `T name[N]`, `T name[] = {a, b}`), pointers aside. */
  private declaredType(name: string): { type: string; length?: string } | undefined {
    return this.remembered('type', name, () => this.findDeclaredType(name));
  }

  private findDeclaredType(name: string): { type: string; length?: string } | undefined {
    const found = new Map<string, { type: string; length?: string }>();
    const pattern = new RegExp(`(?:^|[;{}(,]\\s*|\\b(?:static|const)\\s+)((?:struct\\s+)?${NAME})\\s+(\\*\\s*)?${name}\\b\\s*(\\[[^\\]]*\\])?\\s*(=\\s*\\{([^{}]*)\\})?`, 'g');
    for (const source of this.places()) {
      if ((this.budget.left -= source.length) < 0) return undefined;
      for (const m of source.matchAll(pattern)) {
        if (NOT_TYPES.has(m[1])) continue;
        if (m[2]) return undefined;
        const bracket = m[3]?.slice(1, -1).trim();
        const length = m[3] === undefined ? undefined : bracket !== '' ? bracket : m[5] !== undefined ? String(topLevelPieces(m[5]).filter((p) => m[5]!.slice(p.start, p.end).trim() !== '').length) : undefined;
        if (m[3] !== undefined && length === undefined) return undefined;
        const type = m[1].replace(/^struct\s+/, '');
        found.set(`${type}[${length ?? ''}]`, { type, ...(length !== undefined && { length }) });
      }
      if (found.size > 0) break;
    }
    return found.size === 1 ? [...found.values()][0] : undefined;
  }

  /** The one value a name is given (`= value` in its declaration or an assignment); undefined when it is changed otherwise. */
  private assigned(name: string): string | undefined {
    return this.remembered('value', name, () => this.findAssigned(name));
  }

  private findAssigned(name: string): string | undefined {
    for (const source of this.places()) {
      if ((this.budget.left -= source.length) < 0) return undefined;
      const values = new Set<string>();
      let changed = false;
      for (const m of source.matchAll(new RegExp(`(?<![\\w.>])${name}\\s*(=(?!=)|\\+=|-=|\\+\\+|--|\\[)\\s*([^;,]*)`, 'g'))) {
        if (m[1] !== '=') changed = m[1] !== '[' || changed;
        else values.add(m[2].trim());
      }
      if (changed) return undefined;
      if (values.size > 0) return values.size === 1 ? [...values][0] : undefined;
    }
    return undefined;
  }

  /** The function first, then the file — not a long file, where a scan per name would cost too much. */
  private places(): string[] {
    const file = this.code.length <= FILE_SCAN_LIMIT ? [this.code] : [];
    return this.block ? [this.block, ...file] : file;
  }
}

/** An argument without casts and enclosing parentheses. */
function strip(arg: string): string {
  let text = arg.trim();
  for (let guard = 0; guard < 4; guard++) {
    const before = text;
    text = text.replace(CAST, '').trim();
    if (text.startsWith('(') && text.endsWith(')') && closing(text, 0) === text.length - 1) text = text.slice(1, -1).trim();
    if (text === before) break;
  }
  return text;
}
