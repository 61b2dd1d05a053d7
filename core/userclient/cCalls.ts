/**
 * `IOConnectCall…` calls of C, C++ and Objective-C sources, read over their syntax trees. Names are
 * followed through the function around the call, then the file's top level: `uint32_t n = 2;` behind
 * `&n` is `2`, `sizeof(req)` of `MyReq req;` is `sizeof(MyReq)`, `sizeof(in)/sizeof(in[0])` of
 * `uint64_t in[3]` is `((3)*sizeof(uint64_t))/(sizeof(uint64_t))`. A name given more than one value,
 * changed (`+=`, `++`) or declared as a pointer is not followed. A call inside a C function whose
 * parameter carries the selector (a wrapper) is also read at each call of that function in the
 * file, with the caller's values.
 */
import type { Node } from 'web-tree-sitter';
import type { AppLanguage } from '../model/appGrammars';
import { arithmetic, callNames, isOutput, MAX_CALLS, PARTS, sharedConstantName, spanOf, type AppCall, type CallPart } from './appCalls';
import { CNames, declaredName, scopeOf, type Declared, type NameFacts } from './cNames';

const MAX_SITES = 256;

/** What one read of a C-family file found, with what the next read needs to reuse it (cCallReuse.ts). */
export interface CRead {
  readonly calls: readonly AppCall[];
  /** For each call, where the `IOConnectCall…` that gave it is (a wrapper's, for a call through the wrapper). */
  readonly from: readonly number[];
  /** The file's functions whose parameter carries the selector: their callers' calls are read through them. */
  readonly forwarders: ReadonlySet<string>;
  /** The names looked up at the file's level. */
  readonly consulted: ReadonlySet<string>;
}

export function cCalls(root: Node, text: string, language: AppLanguage): AppCall[] {
  return readCalls(root, text, language).calls as AppCall[];
}

/** The calls of the file, or (with `within`) only of the calls written in that span. */
export function readCalls(root: Node, text: string, language: AppLanguage, within?: { start: number; end: number }): CRead {
  const reader = new Reader(root, text);
  const out: AppCall[] = [];
  const from: number[] = [];
  const forwarders = new Set<string>();
  // The calls of each wrapper, found once however many IOConnectCall… it makes.
  const wrapperSites = new Map<number, Node[]>();
  for (const { name, call, layout } of callNames(root, text, 'identifier', within)) {
    if (out.length >= MAX_CALLS) break;
    const args = argumentsOf(call);
    if (args.length !== layout.args) continue;
    const scope = scopeOf(call);
    const parts = {} as Record<CallPart, string | undefined>;
    for (const part of PARTS) {
      const at = layout[part];
      parts[part] = at === undefined ? '0' : isOutput(part) ? reader.pointee(args[at], scope) : reader.value(args[at], scope);
    }
    const fn = name.text;
    const params = scope?.type === 'function_definition' ? parametersOf(scope) : undefined;
    const selectorParam = params?.names.indexOf(strip(args[1]).text) ?? -1;
    if (scope && params && selectorParam >= 0) {
      forwarders.add(params.name);
      // The selector is the wrapper's parameter: each call of the wrapper is a call with the caller's values.
      let sites = wrapperSites.get(scope.id);
      if (!sites) wrapperSites.set(scope.id, (sites = callsOf(root, text, params.name, params.names.length)));
      for (const site of sites) {
        if (out.length >= MAX_CALLS) break;
        const siteArgs = argumentsOf(site);
        const caller = scopeOf(site);
        const forwarded = {} as Record<CallPart, string | undefined>;
        for (const part of PARTS) {
          const at = layout[part];
          const param = at === undefined ? -1 : params.names.indexOf(strip(args[at]).text);
          forwarded[part] = param < 0 ? parts[part] : isOutput(part) ? reader.pointee(siteArgs[param], caller) : reader.value(siteArgs[param], caller);
        }
        const selectorArg = siteArgs[selectorParam];
        const siteName = site.firstChild!;
        out.push({ function: fn, span: spanOf(siteName), callSpan: spanOf(site), via: siteName.text, async: fn.includes('Async'), selector: reader.selector(selectorArg, caller), selectorSpan: spanOf(selectorArg), parts: forwarded, language });
        from.push(name.startIndex);
      }
    }
    if (out.length >= MAX_CALLS) break;
    out.push({ function: fn, span: spanOf(name), callSpan: spanOf(call), async: fn.includes('Async'), selector: reader.selector(args[1], scope), selectorSpan: spanOf(args[1]), parts, language });
    from.push(name.startIndex);
  }
  return { calls: out, from, forwarders, consulted: reader.consulted() };
}

function argumentsOf(call: Node): Node[] {
  const list = call.childForFieldName('arguments');
  return list ? list.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment') : [];
}

/** An expression without casts and enclosing parentheses. */
function strip(node: Node): Node {
  let n = node;
  for (let guard = 0; guard < 8; guard++) {
    const inner = n.type === 'cast_expression' ? n.childForFieldName('value') : n.type === 'parenthesized_expression' ? n.namedChildren.find((c) => c?.type !== 'comment') : undefined;
    if (!inner) break;
    n = inner;
  }
  return n;
}

function isNull(node: Node): boolean {
  return node.type === 'null' || (node.type === 'identifier' && /^(?:NULL|nullptr|nil)$/.test(node.text)) || (node.type === 'number_literal' && node.text === '0');
}

/** A C function's name and its parameters' names (`''` for one without a name). */
function parametersOf(definition: Node): { name: string; names: string[] } | undefined {
  let declarator = definition.childForFieldName('declarator');
  for (let guard = 0; declarator && declarator.type !== 'function_declarator' && guard < 8; guard++) declarator = declarator.childForFieldName('declarator');
  const name = declarator?.childForFieldName('declarator');
  const list = declarator?.childForFieldName('parameters');
  if (!name || name.type !== 'identifier' || !list) return undefined;
  const params = list.namedChildren.filter((p): p is Node => p?.type === 'parameter_declaration');
  if (params.length === 1 && !params[0].childForFieldName('declarator') && params[0].text.trim() === 'void') return { name: name.text, names: [] };
  return { name: name.text, names: params.map((p) => declaredName(p.childForFieldName('declarator'))?.name ?? '') };
}

/** The places a wrapper is called from in the file (calls with as many arguments as it has parameters). */
function callsOf(root: Node, text: string, name: string, arity: number): Node[] {
  const out: Node[] = [];
  for (const m of text.matchAll(new RegExp(`\\b${name}\\s*\\(`, 'g'))) {
    if (out.length >= MAX_SITES) break;
    const found = root.descendantForIndex(m.index, m.index + name.length);
    const call = found?.parent;
    if (found?.type !== 'identifier' || call?.type !== 'call_expression' || call.firstChild?.id !== found.id || call.hasError) continue;
    if (argumentsOf(call).length === arity) out.push(call);
  }
  return out;
}

class Reader {
  private readonly names: CNames;
  private wrapperNames: Set<string> | undefined;

  constructor(
    private readonly root: Node,
    text: string,
  ) {
    this.names = new CNames(root, text);
  }

  /** The file's C functions that call IOConnectCall… themselves (they pass the counts on, not write them). */
  private wrappers(): Set<string> {
    this.wrapperNames ??= new Set(
      this.root
        .descendantsOfType('function_definition')
        .slice(0, 4096)
        .flatMap((f) => (f && f.text.includes('IOConnectCall') ? [parametersOf(f)?.name ?? ''] : [])),
    );
    return this.wrapperNames;
  }

  consulted(): Set<string> {
    return this.names.consulted();
  }

  /** A name's facts in the function around the call, else at the file's top level. */
  private lookup(name: string, scope: Node | undefined): { facts: NameFacts; scope: Node | undefined } | undefined {
    const inScope = scope ? this.names.inScope(name, scope) : undefined;
    if (inScope) return { facts: inScope, scope };
    const atFile = this.names.atFile(name);
    return atFile ? { facts: atFile, scope: undefined } : undefined;
  }

  /** The one value a name is given, with the scope it was given in; undefined when it is changed otherwise. */
  private assigned(name: string, scope: Node | undefined): { value: Node; scope: Node | undefined } | undefined {
    const found = this.lookup(name, scope);
    if (!found || found.facts.changed || found.facts.values.length === 0) return undefined;
    // Passed by address to a function that may write it: only IOConnectCall… (which writes it on return) and the file's wrappers around it do not count.
    if (found.facts.passedTo.some((callee) => !/^IOConnectCall/.test(callee) && !this.wrappers().has(callee))) return undefined;
    const texts = new Set(found.facts.values.map((v) => v.text.trim()));
    return texts.size === 1 ? { value: found.facts.values[0], scope: found.scope } : undefined;
  }

  /** The one type a name is declared with; undefined for a pointer or when declarations differ. */
  private declaredType(name: string, scope: Node | undefined): Declared | undefined {
    const declared = this.lookup(name, scope)?.facts.declared ?? [];
    if (declared.length === 0 || declared.some((d) => d.pointer || d.type === '?' || d.length === '?')) return undefined;
    const kinds = new Set(declared.map((d) => `${d.type}[${d.length ?? ''}]`));
    return kinds.size === 1 ? declared[0] : undefined;
  }

  private isDeclared(name: string, scope: Node | undefined): boolean {
    return (this.lookup(name, scope)?.facts.declared.length ?? 0) > 0;
  }

  /** The selector: a literal, or a name (a constant, or a local holding one). */
  selector(arg: Node, scope: Node | undefined): string {
    const n = strip(arg);
    if (n.type === 'identifier') {
      const local = this.assigned(n.text, scope);
      const held = local && strip(local.value);
      return held && (held.type === 'identifier' || held.type === 'number_literal') ? held.text : n.text;
    }
    return n.text;
  }

  /** What a count or size argument is, as an expression over global names. */
  value(arg: Node, scope: Node | undefined, depth = 0): string | undefined {
    const n = strip(arg);
    if (depth > 3 || n.text.length > 200) return undefined;
    if (isNull(n)) return '0';
    if (n.type === 'number_literal') return /^(?:\d+|0[xX][0-9A-Fa-f]+)[uUlL]*$/.test(n.text) ? n.text.replace(/[uUlL]+$/, '') : undefined;
    if (n.type === 'sizeof_expression') return this.sizeOf(n, scope);
    if (n.type === 'binary_expression') {
      return arithmetic(n.childForFieldName('operator')?.text ?? '', /^[-+*/]$/, n.childForFieldName('left'), n.childForFieldName('right'), (operand) => this.value(operand, scope, depth + 1));
    }
    if (n.type === 'identifier') {
      const local = this.assigned(n.text, scope);
      if (local) return this.value(local.value, local.scope, depth + 1);
      // A variable declared but never given a value here, or a parameter: not followed.
      return !this.isDeclared(n.text, scope) && sharedConstantName(n.text) ? n.text : undefined;
    }
    return undefined;
  }

  /** An output count or size passed by address: `&outCount` is the value outCount holds. */
  pointee(arg: Node, scope: Node | undefined): string | undefined {
    const n = strip(arg);
    if (isNull(n)) return '0';
    const target = n.type === 'pointer_expression' && n.childForFieldName('operator')?.text === '&' ? n.childForFieldName('argument') : undefined;
    if (target?.type !== 'identifier') return undefined;
    const local = this.assigned(target.text, scope);
    return local ? this.value(local.value, local.scope, 1) : undefined;
  }

  /** `sizeof` of a type or of a variable (its declared type, times its length for an array). */
  private sizeOf(node: Node, scope: Node | undefined): string | undefined {
    const type = node.childForFieldName('type');
    if (type) {
      const written = type.text.replace(/\s+/g, ' ').trim().replace(/^struct /, '');
      return /^[A-Za-z_]\w*(?: [A-Za-z_]\w*)*$/.test(written) ? `sizeof(${written})` : undefined;
    }
    const value = node.childForFieldName('value');
    const what = value && strip(value);
    if (!what) return undefined;
    const element = what.type === 'subscript_expression' && what.childForFieldName('index')?.text === '0' ? what.childForFieldName('argument') : what.type === 'pointer_expression' && what.childForFieldName('operator')?.text === '*' ? what.childForFieldName('argument') : undefined;
    if (element) {
      const declared = element.type === 'identifier' ? this.declaredType(element.text, scope) : undefined;
      return declared?.length !== undefined ? `sizeof(${declared.type})` : undefined;
    }
    if (what.type !== 'identifier') return undefined;
    const declared = this.declaredType(what.text, scope);
    if (!declared) return !this.isDeclared(what.text, scope) && /^[A-Z]|_t$|^(?:char|short|int|long|float|double|bool)$/.test(what.text) ? `sizeof(${what.text})` : undefined;
    return declared.length !== undefined ? `(${declared.length})*sizeof(${declared.type})` : `sizeof(${declared.type})`;
  }
}
