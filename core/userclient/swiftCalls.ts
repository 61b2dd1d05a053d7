/**
 * `IOConnectCall…` calls of Swift sources. Swift sees the C functions with their C parameters in
 * order, so the call reads like C's; what differs is how selectors and sizes are written:
 *
 * - the selector is a literal, the shared C enum's member through a bridging header (`kGetStats`,
 *   `kGetStats.rawValue`, `UInt32(kGetStats)`: left as the name, for the contract to evaluate as C
 *   apps' are) or the app's own `enum Selector: UInt32 { case getStats = 0 }` (`Selector.getStats.rawValue`,
 *   `.getStats`: its raw value is computed here);
 * - counts are literals, `UInt32(input.count)` of an array literal, or locals holding one;
 * - sizes are `MemoryLayout<T>.stride` (C's `sizeof(T)`), `MemoryLayout<T>.size` (which leaves out
 *   a C struct's tail padding: written `swiftsize(T)`, core/userclient/contract.ts computes it only
 *   where there is none), `MemoryLayout.size(ofValue: x)` of an `x = T()`.
 *
 * A type the app declares in Swift is Swift's, not the shared C struct: the contract leaves its size
 * undefined (swiftTypeNames below). A function that passes its parameter on as the selector is a
 * wrapper: its calls are read with the caller's values (swiftWrappers.ts).
 */
import type { Node } from 'web-tree-sitter';
import { arithmetic, callNames, isOutput, MAX_CALLS, PARTS, sharedConstantName, spanOf, type AppCall, type CallPart } from './appCalls';
import { casesOf, literal, membersOf, staticConstants, type NameFacts, type Names } from './swiftDeclarations';
import { factTable, ScopeNames } from './scopeNames';
import { forwardedParameter, wrapperOf, wrapperSites } from './swiftWrappers';

/** Swift's fixed-size integer and floating types, as C names them (core/userclient/structs.ts knows those). */
const SWIFT_SCALARS: Readonly<Record<string, string>> = {
  UInt8: 'uint8_t', Int8: 'int8_t', UInt16: 'uint16_t', Int16: 'int16_t', UInt32: 'uint32_t', Int32: 'int32_t',
  UInt64: 'uint64_t', Int64: 'int64_t', Int: 'int64_t', UInt: 'uint64_t', Float: 'float', Double: 'double', Bool: 'bool',
};
/** Conversions that keep an integer's value (`UInt32(x)`, `Int(x)`). */
const CONVERSIONS = /^(?:U?Int(?:8|16|32|64)?|size_t|mach_msg_type_number_t|IOByteCount|CUnsignedInt|CInt)$/;
const FUNCTIONS = ['function_declaration', 'init_declaration', 'deinit_declaration', 'lambda_literal', 'computed_property'];
const MAX_FACTS = 200_000;
/** A local of a function around the closure the call is in: never followed. */
const CAPTURED: NameFacts = { values: [], declared: true, changed: true, constant: false };

/** The service names the file matches with: `IOServiceMatching("…")`, `IOServiceNameMatching(name)` of a `let name = "…"`. */
export function swiftMatches(root: Node, text: string): string[] {
  const reader = new SwiftReader(root);
  const out = new Set<string>();
  for (const m of text.matchAll(/\bIOService(?:Name)?Matching\b/g)) {
    if (out.size >= 64) break;
    const name = root.descendantForIndex(m.index, m.index + m[0].length);
    const call = name?.parent;
    if (name?.type !== 'simple_identifier' || call?.type !== 'call_expression' || call.firstChild?.id !== name.id) continue;
    const [arg] = argumentsOf(call) ?? [];
    const found = arg && reader.string(arg, reader.scopeOf(call));
    if (found !== undefined) out.add(found);
  }
  return [...out];
}

export function swiftCalls(root: Node, text: string): AppCall[] {
  const reader = new SwiftReader(root);
  const out: AppCall[] = [];
  // The calls of each wrapper, found once however many IOConnectCall… it makes.
  const sitesOf = new Map<number, ReturnType<typeof wrapperSites>>();
  for (const { name, call, layout } of callNames(root, text, 'simple_identifier')) {
    if (out.length >= MAX_CALLS) break;
    const args = argumentsOf(call);
    // Labelled arguments are not the C function's (a Swift function of the same name).
    if (!args || args.length !== layout.args) continue;
    const scope = reader.scopeOf(call);
    const parts = {} as Record<CallPart, string | undefined>;
    for (const part of PARTS) {
      const at = layout[part];
      parts[part] = at === undefined ? '0' : isOutput(part) ? reader.pointee(args[at], scope) : reader.value(args[at], scope);
    }
    const fn = name.text;
    const wrapper = scope ? wrapperOf(scope) : undefined;
    const selectorParam = wrapper && forwardedParameter(wrapper, args[1], strip);
    if (scope && wrapper && selectorParam && !selectorParam.count) {
      // The selector is the wrapper's parameter: each call of the wrapper is a call with the caller's values.
      let sites = sitesOf.get(scope.id);
      if (!sites) sitesOf.set(scope.id, (sites = wrapperSites(root, text, wrapper)));
      for (const site of sites) {
        if (out.length >= MAX_CALLS) break;
        const caller = reader.scopeOf(site.call);
        const forwarded = {} as Record<CallPart, string | undefined>;
        for (const part of PARTS) {
          const at = layout[part];
          const param = at === undefined ? undefined : forwardedParameter(wrapper, args[at], strip);
          const value = param && site.values[param.index];
          forwarded[part] = !param || !value ? parts[part] : param.count ? reader.countOfValue(value, caller) : isOutput(part) ? reader.pointee(value, caller) : reader.value(value, caller);
        }
        const selectorArg = site.values[selectorParam.index];
        const selector = reader.selector(selectorArg, caller);
        out.push({ function: fn, span: spanOf(site.name), callSpan: spanOf(site.call), via: wrapper.name, async: fn.includes('Async'), selector: selector.text, ...(selector.value !== undefined && { selectorValue: selector.value }), selectorSpan: spanOf(selectorArg), parts: forwarded, language: 'swift' });
      }
    }
    if (out.length >= MAX_CALLS) break;
    const selector = reader.selector(args[1], scope);
    out.push({ function: fn, span: spanOf(name), callSpan: spanOf(call), async: fn.includes('Async'), selector: selector.text, ...(selector.value !== undefined && { selectorValue: selector.value }), selectorSpan: spanOf(args[1]), parts, language: 'swift' });
  }
  return out;
}

/** The call's unlabelled argument values; undefined when one is labelled. */
function argumentsOf(call: Node): Node[] | undefined {
  const list = call.namedChildren.find((c) => c?.type === 'call_suffix')?.namedChildren.find((c) => c?.type === 'value_arguments');
  const out: Node[] = [];
  for (const arg of list?.namedChildren ?? []) {
    if (arg?.type !== 'value_argument') continue;
    const value = arg.childForFieldName('value');
    if (!value || arg.childForFieldName('name')) return undefined;
    out.push(value);
  }
  return out;
}

/** An expression without parentheses, `as` and value-keeping integer conversions. */
function strip(node: Node): Node {
  let n = node;
  for (let guard = 0; guard < 8; guard++) {
    let inner: Node | null | undefined;
    if (n.type === 'tuple_expression' && n.namedChildCount === 1) inner = n.namedChild(0);
    else if (n.type === 'as_expression') inner = n.childForFieldName('expr');
    else if (n.type === 'call_expression' && n.firstChild?.type === 'simple_identifier' && CONVERSIONS.test(n.firstChild.text)) {
      const args = argumentsOf(n);
      inner = args?.length === 1 ? args[0] : undefined;
    }
    if (!inner) break;
    n = inner;
  }
  return n;
}

/** `x.rawValue` → x; anything else as it is. */
function rawValueOf(node: Node): Node | undefined {
  return node.type === 'navigation_expression' && suffixName(node) === 'rawValue' ? node.childForFieldName('target') ?? undefined : undefined;
}

function suffixName(navigation: Node): string | undefined {
  return navigation.childForFieldName('suffix')?.childForFieldName('suffix')?.text;
}

class SwiftReader {
  private readonly names: ScopeNames<NameFacts>;
  private readonly members = new Map<number, Names>();
  private left = MAX_FACTS;
  /** Each integer-backed enum's cases and raw values, by enum name; an enum declared twice is dropped. */
  private enums: Map<string, Map<string, number> | null> | undefined;

  constructor(private readonly root: Node) {
    this.names = new ScopeNames(root, (scope, fileLevel) => this.collect(scope, fileLevel));
  }

  scopeOf(node: Node): Node | undefined {
    for (let up = node.parent, guard = 0; up && guard < 400; up = up.parent, guard++) if (FUNCTIONS.includes(up.type)) return up;
    return undefined;
  }

  private namesOf(scope: Node | undefined): Names {
    return this.names.of(scope);
  }

  private collect(scope: Node, fileLevel: boolean): Names {
    const { names, facts } = factTable<NameFacts>(() => ({ values: [], declared: false, changed: false, constant: false }));
    const found = scope.descendantsOfType(['property_declaration', 'parameter', 'assignment', 'prefix_expression', 'postfix_expression', 'call_expression']);
    if ((this.left -= found.length) < 0) return names;
    for (const node of found) {
      if (!node) continue;
      if (node.type === 'property_declaration') {
        // At the file's level only top-level declarations count (a type's members are reached through it).
        if (fileLevel && node.parent?.type !== 'source_file') continue;
        const let_ = node.descendantsOfType('value_binding_pattern')[0]?.text.startsWith('let') ?? false;
        for (const pattern of node.childrenForFieldName('name')) {
          const id = pattern?.type === 'pattern' ? pattern.childForFieldName('bound_identifier') : undefined;
          if (!id) continue;
          const f = facts(id.text);
          f.declared = true;
          f.constant = let_;
          // With several names (`var a = 1, b = 2`) the values are not paired with names here.
          const value = node.childrenForFieldName('name').length === 1 ? node.childForFieldName('value') : null;
          if (value) f.values.push(value);
        }
      } else if (node.type === 'parameter') {
        const id = node.childForFieldName('name');
        if (id) facts(id.text).declared = true;
      } else if (node.type === 'assignment') {
        const target = node.childForFieldName('target')?.namedChild(0);
        if (target?.type !== 'simple_identifier') continue;
        const result = node.childForFieldName('result');
        if (node.childForFieldName('operator')?.text === '=' && result) facts(target.text).values.push(result);
        else facts(target.text).changed = true;
      } else if (node.type === 'prefix_expression' || node.type === 'postfix_expression') {
        // `&x` passed to a function other than IOConnectCall… may write it; `x += 1` is an assignment above.
        const op = node.childForFieldName('operation')?.text;
        const target = node.childForFieldName('target');
        if (target?.type === 'simple_identifier' && (op === '++' || op === '--' || (op === '&' && !insideConnectCall(node)))) facts(target.text).changed = true;
      } else {
        // `x.append(…)` changes an array's count.
        const callee = node.firstChild;
        if (callee?.type === 'navigation_expression' && /^(?:append|remove\w*|insert|removeAll|popLast)$/.test(suffixName(callee) ?? '')) {
          const target = callee.childForFieldName('target');
          if (target?.type === 'simple_identifier') facts(target.text).changed = true;
        }
      }
    }
    return names;
  }

  /** A name in the function around the call, then a stored `let` of the type around it, then the file's top level. */
  private lookup(name: string, scope: Node | undefined): { facts: NameFacts; scope: Node | undefined } | undefined {
    const inScope = scope ? this.namesOf(scope).get(name) : undefined;
    if (inScope) return { facts: inScope, scope };
    // A closure's captured local: what the closure does with it, and when, is not followed.
    for (let outer = scope && this.scopeOf(scope), guard = 0; outer && guard < 16; outer = this.scopeOf(outer), guard++) {
      if (this.namesOf(outer).has(name)) return { facts: CAPTURED, scope: outer };
    }
    const member = scope ? this.memberOf(scope, name) : undefined;
    if (member) return { facts: member, scope: undefined };
    const atFile = this.namesOf(undefined).get(name);
    return atFile ? { facts: atFile, scope: undefined } : undefined;
  }

  /**
   * A stored instance `let` with a value, of the type whose method holds `scope`
   * (`private let selector = 0`): no code can give it another. Any other member of that name
   * (a `var`, a computed property, a second declaration) hides the name from the file's top level
   * too, as it does in Swift, and is not followed.
   */
  private memberOf(scope: Node, name: string): NameFacts | undefined {
    let type: Node | null = scope.parent;
    for (let guard = 0; type && type.type !== 'class_declaration' && guard < 200; guard++) type = type.parent;
    if (!type) return undefined;
    let members = this.members.get(type.id);
    if (!members) this.members.set(type.id, (members = membersOf(type)));
    return members.get(name);
  }

  /** A string a name or literal holds (`"MyDriver"`, or a `let` given one); undefined for anything else. */
  string(node: Node, scope: Node | undefined, depth = 0): string | undefined {
    const n = strip(node);
    const parts = n.type === 'line_string_literal' ? n.namedChildren : [];
    // A plain string: one piece of text, no interpolation.
    if (parts.length === 1 && parts[0]?.type === 'line_str_text') return parts[0].text;
    if (n.type !== 'simple_identifier' || depth > 2) return undefined;
    const held = this.assigned(n.text, scope);
    return held ? this.string(held.value, held.scope, depth + 1) : undefined;
  }

  /**
   * The one value a name is given; undefined when it is changed otherwise. Outside the function (a
   * member, a global) only a `let` is followed: a `var` there may be set from anywhere in the module.
   */
  private assigned(name: string, scope: Node | undefined): { value: Node; scope: Node | undefined } | undefined {
    const found = this.lookup(name, scope);
    if (!found || found.facts.changed || found.facts.values.length === 0) return undefined;
    if (found.scope === undefined && !found.facts.constant) return undefined;
    const texts = new Set(found.facts.values.map((v) => v.text.trim()));
    return texts.size === 1 ? { value: found.facts.values[0], scope: found.scope } : undefined;
  }

  /**
   * Each type's integer members by name: an integer-backed enum's cases, and `static let name = 3`
   * constants (a caseless `enum Selector { static let getStats: UInt32 = 0 }`). A type declared
   * twice, or an enum whose cases cannot be counted, is dropped.
   */
  private enumCases(): Map<string, Map<string, number> | null> {
    if (this.enums) return this.enums;
    this.enums = new Map();
    for (const decl of this.root.descendantsOfType('class_declaration').slice(0, 4096)) {
      const name = decl?.childForFieldName('name')?.text;
      if (!decl || !name) continue;
      const raw = decl.namedChildren.find((c) => c?.type === 'inheritance_specifier')?.text.trim();
      const integerEnum = decl.childForFieldName('declaration_kind')?.text === 'enum' && raw !== undefined && /^U?Int(?:8|16|32|64)?$/.test(raw);
      const members = integerEnum ? casesOf(decl) : new Map<string, number>();
      if (members) for (const [member, value] of staticConstants(decl)) members.set(member, value);
      this.enums.set(name, this.enums.has(name) || !members || members.size === 0 ? null : members);
    }
    return this.enums;
  }

  /** The value of `Enum.member` or `.member` (when one enum of the file has that case). */
  private caseValue(node: Node): number | undefined {
    const enums = this.enumCases();
    if (node.type === 'navigation_expression') {
      const target = node.childForFieldName('target');
      const member = suffixName(node);
      return target?.type === 'simple_identifier' && member ? enums.get(target.text)?.get(member) : undefined;
    }
    if (node.type === 'prefix_expression' && node.childForFieldName('operation')?.text === '.') {
      const member = node.childForFieldName('target')?.text ?? '';
      const values = [...enums.values()].filter((cases) => cases?.has(member)).map((cases) => cases!.get(member));
      return values.length === 1 ? values[0] : undefined;
    }
    return undefined;
  }

  /** The selector as written (a name the contract evaluates), and its value when this file gives it. */
  selector(arg: Node, scope: Node | undefined, depth = 0): { text: string; value?: number } {
    let n = strip(arg);
    n = rawValueOf(n) ?? n;
    n = strip(n);
    const value = literal(n) ?? this.caseValue(n);
    if (value !== undefined) return { text: n.text, value };
    if (n.type === 'simple_identifier' && depth < 3) {
      const local = this.assigned(n.text, scope);
      if (local) {
        const held = this.selector(local.value, local.scope, depth + 1);
        // A name holding a number is shown by its name; one holding a case or a C name, by that.
        return held.value !== undefined && /^[0-9]/.test(held.text) ? { text: n.text, value: held.value } : held;
      }
      // Not the file's own: a constant from the bridging header.
      if (!this.lookup(n.text, scope)) return { text: n.text };
    }
    return { text: n.text };
  }

  value(arg: Node, scope: Node | undefined, depth = 0): string | undefined {
    const n = strip(arg);
    if (depth > 3 || n.text.length > 200) return undefined;
    if (n.type === 'nil') return '0';
    const number = literal(n);
    if (number !== undefined) return String(number);
    const layout = this.memoryLayout(n, scope);
    if (layout !== 'none') return layout;
    if (n.type === 'multiplicative_expression' || n.type === 'additive_expression') {
      return arithmetic(n.childForFieldName('op')?.text ?? '', /^[-+*]$/, n.childForFieldName('lhs'), n.childForFieldName('rhs'), (operand) => this.value(operand, scope, depth + 1));
    }
    if (n.type === 'navigation_expression' && suffixName(n) === 'count') {
      const target = n.childForFieldName('target');
      return target?.type === 'simple_identifier' ? this.countOf(target.text, scope) : undefined;
    }
    if (n.type === 'simple_identifier') {
      const local = this.assigned(n.text, scope);
      if (local) return this.value(local.value, local.scope, depth + 1);
      return !this.lookup(n.text, scope) && sharedConstantName(n.text) ? n.text : undefined;
    }
    return undefined;
  }

  /** `&outCount`: the value outCount holds. */
  pointee(arg: Node, scope: Node | undefined): string | undefined {
    const n = strip(arg);
    if (n.type === 'nil') return '0';
    const target = n.type === 'prefix_expression' && n.childForFieldName('operation')?.text === '&' ? n.childForFieldName('target') : undefined;
    if (target?.type !== 'simple_identifier') return undefined;
    const local = this.assigned(target.text, scope);
    return local ? this.value(local.value, local.scope, 1) : undefined;
  }

  /** The length of an array written here (`[1, 2]`) or held by a name. */
  countOfValue(node: Node, scope: Node | undefined): string | undefined {
    const n = strip(node);
    if (n.type === 'array_literal') return String(n.namedChildren.filter((c) => c?.type !== 'comment').length);
    return n.type === 'simple_identifier' ? this.countOf(n.text, scope) : undefined;
  }

  /** The length of an array a name holds, when it is given once from a literal and never changed. */
  private countOf(name: string, scope: Node | undefined): string | undefined {
    const local = this.assigned(name, scope);
    if (!local) return undefined;
    const v = local.value;
    if (v.type === 'array_literal') return String(v.namedChildren.filter((c) => c?.type !== 'comment').length);
    // `[UInt64](repeating: 0, count: 3)`
    if (v.type === 'call_expression' && v.firstChild?.type === 'array_literal') {
      const count = v.descendantsOfType('value_argument').find((a) => a?.childForFieldName('name')?.text === 'count')?.childForFieldName('value');
      const n = count ? literal(count) : undefined;
      return n === undefined ? undefined : String(n);
    }
    return undefined;
  }

  /** `MemoryLayout<T>.size`/`.stride` and `MemoryLayout.size(ofValue: x)`; 'none' when the node is neither. */
  private memoryLayout(node: Node, scope: Node | undefined): string | undefined | 'none' {
    const text = node.text.replace(/\s+/g, '');
    const typed = /^MemoryLayout<([A-Za-z_]\w*)>\.(size|stride)$/.exec(text);
    if (typed) return this.sizeOfType(typed[1], typed[2]);
    const ofValue = /^MemoryLayout\.(size|stride)\(ofValue:([A-Za-z_]\w*)\)$/.exec(text);
    if (!ofValue) return 'none';
    const held = this.assigned(ofValue[2], scope);
    // `var x = T()`: an instance of T made with no arguments.
    const made = held?.value.type === 'call_expression' && held.value.firstChild?.type === 'simple_identifier' && argumentsOf(held.value)?.length === 0 ? held.value.firstChild.text : undefined;
    return made ? this.sizeOfType(made, ofValue[1]) : undefined;
  }

  private sizeOfType(type: string, kind: string): string | undefined {
    const scalar = SWIFT_SCALARS[type];
    if (scalar) return `sizeof(${scalar})`;
    // A type the app declares in Swift has no C size: core/userclient/contract.ts knows Swift's type names (swiftTypeNames).
    if (!/^[A-Z]/.test(type)) return undefined;
    return kind === 'stride' ? `sizeof(${type})` : `swiftsize(${type})`;
  }
}

/** Whether a node is an argument of an IOConnectCall… (which writes its output counts on return). */
function insideConnectCall(node: Node): boolean {
  const call = node.parent?.parent?.parent?.parent;
  return call?.type === 'call_expression' && /^IOConnectCall/.test(call.firstChild?.text ?? '');
}

