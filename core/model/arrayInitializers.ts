/**
 * Arrays with brace-list initializers, read from the syntax tree: the declaration gives the name,
 * the element type and the span of the `{ … }`; the elements themselves are read from the text by
 * whoever needs them (core/hid), which is far cheaper than visiting thousands of literal nodes.
 */
import type { Node } from 'web-tree-sitter';
import type { ArrayInitializer } from './model';
import { spanOf } from './syntaxTree';

/** The arrays one declaration declares (`static const uint8_t a[] = {…}, b[] = {…};`). */
export function arraysDeclaredBy(node: Node, inFunction?: string): ArrayInitializer[] {
  if (node.type !== 'declaration') return [];
  const type = node.childForFieldName('type');
  const out: ArrayInitializer[] = [];
  for (const declarator of node.childrenForFieldName('declarator')) {
    if (declarator?.type !== 'init_declarator') continue;
    const value = declarator.childForFieldName('value');
    const target = declarator.childForFieldName('declarator');
    if (value?.type !== 'initializer_list' || target?.type !== 'array_declarator') continue;
    const name = arrayName(target);
    if (!name) continue;
    out.push({
      name: name.text.replace(/^.*::/, ''),
      nameSpan: spanOf(name),
      span: spanOf(node),
      elementType: type ? type.text.replace(/\s+/g, ' ') : '',
      initializer: spanOf(value),
      ...(inFunction ? { inFunction } : {}),
      ...(node.hasError ? { hasError: true as const } : {}),
    });
  }
  return out;
}

/** The identifier an array declarator names (through nested `[]`): `d` of `d[2][3]`. */
function arrayName(declarator: Node): Node | undefined {
  let node: Node | null = declarator;
  for (let guard = 0; node && guard < 16; guard++) {
    if (node.type === 'identifier' || node.type === 'qualified_identifier') return node;
    if (node.type !== 'array_declarator') return undefined;
    node = node.childForFieldName('declarator');
  }
  return undefined;
}

/** Statements that hold declarations inside a function body; expressions are not entered. */
const BLOCKS = new Set(['compound_statement', 'if_statement', 'else_clause', 'for_statement', 'while_statement', 'do_statement', 'switch_statement', 'case_statement', 'labeled_statement', 'try_statement', 'catch_clause']);

/**
 * The arrays a function body declares (`static const uint8_t d[] = {…};` in newReportDescriptor).
 * `bodyCode` is the body's code view: bodies without `] = {` are not walked at all.
 */
export function arraysInBody(body: Node, bodyCode: string, inFunction: string): ArrayInitializer[] {
  if (!/\]\s*=\s*\{/.test(bodyCode)) return [];
  const out: ArrayInitializer[] = [];
  const stack: Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'declaration') {
      out.push(...arraysDeclaredBy(node, inFunction));
      continue;
    }
    if (!BLOCKS.has(node.type)) continue;
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
  return out;
}
