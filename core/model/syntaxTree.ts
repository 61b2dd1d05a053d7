/** Small helpers over tree-sitter nodes shared by the .iig and .cpp extractors. */
import type { Node } from 'web-tree-sitter';
import type { DataMemberDecl, Include, SyntaxProblem } from './model';
import type { Span } from './span';

export function spanOf(node: Node): Span {
  return { start: node.startIndex, end: node.endIndex };
}

/** Nodes that only group top-level items; their children are walked as if they stood at top level. */
const CONTAINERS = new Set([
  'translation_unit', 'preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef',
  'namespace_definition', 'declaration_list', 'linkage_specification',
]);

/**
 * Visits, in document order, the items of a scope (a translation unit or a class body), looking
 * through #if blocks, namespaces and extern "C" without entering function bodies. Iterative, so
 * deep nesting in hostile input cannot overflow the stack.
 */
export function forEachItem(scope: Node, visit: (node: Node) => void): void {
  const stack: Node[] = [];
  const pushChildren = (node: Node): void => {
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  };
  pushChildren(scope);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (CONTAINERS.has(node.type)) pushChildren(node);
    else visit(node);
  }
}

/** One entry of a root's top level: an include, a multi-line comment (a folding span), or any other item as a visitor made it. */
export type TopLevelEntry<T> = { readonly include: Include } | { readonly fold: Span } | { readonly item: T };

/**
 * One root's top level in document order: includes and multi-line comments (for folding) are read
 * here, every other item is handed to `visit`.
 */
export function topLevelOf<T>(root: Node, visit: (node: Node) => T): TopLevelEntry<T>[] {
  const entries: TopLevelEntry<T>[] = [];
  forEachItem(root, (node) => {
    if (node.type === 'preproc_include') {
      const include = includeOf(node);
      if (include) entries.push({ include });
    } else if (node.type === 'comment') {
      if (isMultiLine(node)) entries.push({ fold: spanOf(node) });
    } else {
      entries.push({ item: visit(node) });
    }
  });
  return entries;
}

/**
 * Walks a file's top level once (the roots of its trees in order): collects includes and multi-line comments (for folding) itself and
 * hands every other item to `visit`, which may add folding spans of its own.
 */
export function walkTopLevel(roots: readonly Node[], visit: (node: Node, foldingSpans: Span[]) => void): { includes: Include[]; foldingSpans: Span[] } {
  const includes: Include[] = [];
  const foldingSpans: Span[] = [];
  for (const root of roots) {
    for (const entry of topLevelOf(root, (node) => node)) {
      if ('include' in entry) includes.push(entry.include);
      else if ('fold' in entry) foldingSpans.push(entry.fold);
      else visit(entry.item, foldingSpans);
    }
  }
  return { includes, foldingSpans };
}

export function isMultiLine(node: Node): boolean {
  return node.startPosition.row !== node.endPosition.row;
}

function includeOf(node: Node): Include | undefined {
  const path = node.childForFieldName('path');
  if (!path) return undefined;
  const raw = path.text;
  return { path: raw.slice(1, -1), system: raw.startsWith('<'), span: spanOf(path) };
}

/** The regions of ERROR and MISSING nodes (see syntaxProblems), for "the checks skip lines N–M". */
export function unparsedRegions(roots: readonly Node[], limit = 20): Span[] {
  return roots.flatMap((root) => syntaxProblems(root, limit)).slice(0, limit).map((p) => p.span);
}

/** ERROR and MISSING nodes, descending only into subtrees that contain one. */
export function syntaxProblems(root: Node, limit = 20): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  if (!root.hasError) return problems;
  const stack: Node[] = [root];
  while (stack.length > 0 && problems.length < limit) {
    const node = stack.pop()!;
    if (node.isMissing) {
      problems.push({ span: { start: node.startIndex, end: node.startIndex }, message: `Syntax error: expected '${node.type}' here.` });
      continue;
    }
    if (node.isError) {
      problems.push({ span: spanOf(node), message: `Syntax error: the C++ parser cannot read '${preview(node.text)}'.` });
      continue;
    }
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child && (child.hasError || child.isMissing)) stack.push(child);
    }
  }
  return problems;
}

/**
 * How badly a tree failed, to compare two parses of one text: the characters inside ERROR nodes plus
 * eight for each error (so one large unread region weighs more than a few small ones).
 */
export function errorWeight(root: Node, limit = 200): number {
  if (!root.hasError) return 0;
  let weight = 0;
  let count = 0;
  const stack: Node[] = [root];
  while (stack.length > 0 && count < limit) {
    const node = stack.pop()!;
    if (node.isMissing || node.isError) {
      count++;
      weight += 8 + (node.isError ? node.endIndex - node.startIndex : 0);
      continue;
    }
    for (const child of node.children) if (child && (child.hasError || child.isMissing)) stack.push(child);
  }
  return weight;
}

function preview(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 40 ? `${oneLine.slice(0, 37)}...` : oneLine;
}

/** The identifier a declarator finally names, looking through pointers, references and arrays. */
export function declaredName(declarator: Node | null): Node | undefined {
  let node = declarator;
  for (let guard = 0; node && guard < 64; guard++) {
    switch (node.type) {
      case 'identifier':
      case 'field_identifier':
      case 'type_identifier':
      case 'destructor_name':
      case 'operator_name':
      case 'qualified_identifier':
        return node;
      default:
        node = node.childForFieldName('declarator');
    }
  }
  return undefined;
}

/** Looks through pointer/reference wrappers for a function declarator; counts the pointer levels. */
export function functionDeclarator(declarator: Node | null): { node: Node; pointers: string } | undefined {
  let node = declarator;
  let pointers = '';
  for (let guard = 0; node && guard < 64; guard++) {
    if (node.type === 'function_declarator') return { node, pointers };
    if (node.type === 'pointer_declarator') pointers += '*';
    else if (node.type === 'reference_declarator') pointers += '&';
    else if (node.type !== 'parenthesized_declarator') return undefined;
    node = node.childForFieldName('declarator') ?? node.namedChild(0);
  }
  return undefined;
}

export function normalizeType(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\s*([*&]+)\s*/g, ' $1').trim();
}

/** The pointer, reference and array parts a declarator adds to its base type: "*", "**", "&", "[]". */
function declaratorSuffix(declarator: Node | null): string {
  let suffix = '';
  let node = declarator;
  for (let guard = 0; node && guard < 64; guard++) {
    if (node.type === 'pointer_declarator') suffix += '*';
    else if (node.type === 'reference_declarator') suffix += '&';
    else if (node.type === 'array_declarator') suffix += '[]';
    else if (node.type !== 'parenthesized_declarator' && node.type !== 'init_declarator') break;
    node = node.childForFieldName('declarator') ?? node.namedChild(0);
  }
  return suffix;
}

/** The data members one field declaration declares (`IOService * a, * b;` declares two). */
export function fieldDeclarations(node: Node): DataMemberDecl[] {
  const base = node.childForFieldName('type')?.text ?? '';
  const out: DataMemberDecl[] = [];
  for (const declarator of node.childrenForFieldName('declarator')) {
    const name = declaredName(declarator);
    if (name) {
      out.push({ name: name.text, nameSpan: spanOf(name), span: spanOf(node), type: normalizeType(`${base} ${declaratorSuffix(declarator)}`) });
    }
  }
  return out;
}
