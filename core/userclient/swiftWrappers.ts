/**
 * Swift wrappers around `IOConnectCall…`: a function whose parameter carries the selector
 * (`func call(_ selector: UInt32, input: [UInt64]) -> kern_return_t { IOConnectCallScalarMethod(connection, selector, input, UInt32(input.count), nil, nil) }`).
 * Its calls in the file are read as calls of the user client with the caller's values: the selector
 * and every count or size the wrapper passes on from a parameter (`input`, `input.count`, `&n`).
 * A call whose arguments do not line up with the parameters, label by label, is not read (an
 * overload, a default argument left out).
 */
import type { Node } from 'web-tree-sitter';

const MAX_SITES = 256;

export interface SwiftWrapper {
  readonly name: string;
  /** Each parameter's name inside the function. */
  readonly names: readonly string[];
  /** Each parameter's argument label at a call (undefined: written without one, `_`). */
  readonly labels: readonly (string | undefined)[];
}

/** The function's name and parameters, when it is a plain function declaration. */
export function wrapperOf(scope: Node): SwiftWrapper | undefined {
  if (scope.type !== 'function_declaration') return undefined;
  const name = scope.childForFieldName('name');
  if (name?.type !== 'simple_identifier') return undefined;
  const names: string[] = [];
  const labels: (string | undefined)[] = [];
  for (const parameter of scope.namedChildren) {
    if (parameter?.type !== 'parameter') continue;
    const ids = parameter.namedChildren.filter((c): c is Node => c?.type === 'simple_identifier');
    const inner = parameter.childForFieldName('name') ?? ids[ids.length - 1];
    if (!inner) return undefined;
    const label = ids.length > 1 ? ids[0].text : inner.text;
    names.push(inner.text);
    labels.push(label === '_' ? undefined : label);
  }
  return { name: name.text, names, labels };
}

/** The parameter an argument of the wrapper's call passes on, and how: itself, or its `.count`. */
export function forwardedParameter(wrapper: SwiftWrapper, argument: Node, strip: (node: Node) => Node): { index: number; count: boolean } | undefined {
  let n = strip(argument);
  if (n.type === 'prefix_expression' && n.childForFieldName('operation')?.text === '&') return undefined;
  let count = false;
  if (n.type === 'navigation_expression') {
    const suffix = n.childForFieldName('suffix')?.childForFieldName('suffix')?.text;
    const target = n.childForFieldName('target');
    if ((suffix !== 'count' && suffix !== 'rawValue') || !target) return undefined;
    count = suffix === 'count';
    n = strip(target);
  }
  if (n.type !== 'simple_identifier') return undefined;
  const index = wrapper.names.indexOf(n.text);
  return index < 0 ? undefined : { index, count };
}

/** The wrapper's calls in the file (`name(…)` or `self.name(…)`), each with its argument values in parameter order. */
export function wrapperSites(root: Node, text: string, wrapper: SwiftWrapper): { call: Node; name: Node; values: Node[] }[] {
  const out: { call: Node; name: Node; values: Node[] }[] = [];
  for (const m of text.matchAll(new RegExp(`\\b${wrapper.name}\\s*\\(`, 'g'))) {
    if (out.length >= MAX_SITES) break;
    const name = root.descendantForIndex(m.index, m.index + wrapper.name.length);
    if (name?.type !== 'simple_identifier') continue;
    // `name(…)`, or `self.name(…)` (the name is then the navigation's suffix).
    const navigation = name.parent?.type === 'navigation_suffix' ? name.parent.parent : undefined;
    const callee = navigation?.type === 'navigation_expression' && navigation.childForFieldName('target')?.text === 'self' ? navigation : name;
    const call = callee.parent;
    if (call?.type !== 'call_expression' || call.firstChild?.id !== callee.id || call.hasError) continue;
    const values = lined(call, wrapper);
    if (values) out.push({ call, name, values });
  }
  return out;
}

/** The call's argument values when there is one per parameter, each with the parameter's label. */
function lined(call: Node, wrapper: SwiftWrapper): Node[] | undefined {
  const list = call.namedChildren.find((c) => c?.type === 'call_suffix')?.namedChildren.find((c) => c?.type === 'value_arguments');
  const args = (list?.namedChildren ?? []).filter((a): a is Node => a?.type === 'value_argument');
  if (args.length !== wrapper.names.length) return undefined;
  const values: Node[] = [];
  for (let i = 0; i < args.length; i++) {
    const value = args[i].childForFieldName('value');
    const label = args[i].childForFieldName('name')?.text;
    if (!value || label !== wrapper.labels[i]) return undefined;
    values.push(value);
  }
  return values;
}
