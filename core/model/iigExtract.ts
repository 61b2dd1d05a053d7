/** Turns a masked, parsed .iig into the model: includes, classes, methods, attributes, declarations. */
import type { Node } from 'web-tree-sitter';
import { certainSyntaxProblems, missingClassSemicolons } from './certainSyntax';
import type { AttributeNode } from './iigMask';
import type { ArrayInitializer, ClassDecl, DataMemberDecl, IigFile, MethodDecl, NamedDecl, ParameterDecl } from './model';
import { arraysDeclaredBy } from './arrayInitializers';
import type { NodeMemo } from './nodeMemo';
import type { Span } from './span';
import { STRUCTOR_MACROS } from './vocabulary';
import { declaredName, fieldDeclarations, forEachItem, functionDeclarator, isMultiLine, normalizeType, spanOf, unparsedRegions, walkTopLevel } from './syntaxTree';

/**
 * The model of a masked .iig from the roots of its syntax trees: one, or several when a large class
 * body is parsed in sections (classBodySections.ts). Such a class shows up in every section, with the
 * members of that section: they are gathered, in order, into the class as first seen.
 */
export function extractIig(roots: readonly Node[], attributes: readonly AttributeNode[], code: string, text: string, memo?: NodeMemo<MemberFacts>): IigFile {
  const classes: ClassDecl[] = [];
  const membersByClass = new Map<number, ClassMembers>();
  const declarations: NamedDecl[] = [];
  const functions: MethodDecl[] = [];
  const arrays: ArrayInitializer[] = [];
  const context: ExtractionContext = { attrs: new AttributeLookup(attributes), memo };
  const { includes, foldingSpans } = walkTopLevel(roots, (node, folds) => {
    switch (node.type) {
      case 'class_specifier':
      case 'struct_specifier': {
        const seen = membersByClass.get(node.startIndex);
        const body = node.childForFieldName('body');
        if (seen && body) {
          collectMembers(body, context, folds, seen);
          break;
        }
        const cls = classOf(node, context, folds);
        if (cls) {
          classes.push(cls.decl);
          membersByClass.set(node.startIndex, cls.members);
        } else declarations.push(...namedDecl(node, node.type === 'class_specifier' ? 'forward-class' : 'struct'));
        break;
      }
      case 'enum_specifier':
        declarations.push(...namedDecl(node, 'enum'));
        break;
      case 'type_definition':
        declarations.push(...typedefNames(node));
        break;
      default: {
        // A free function declared at the top level: `kern_return_t IOHelper(uint32_t value);`.
        const fn = node.type === 'declaration' ? methodOf(node, context.attrs) : undefined;
        if (fn) functions.push(fn);
        // A header's byte arrays (a report descriptor kept in its own header, say).
        if (node.type === 'declaration') arrays.push(...arraysDeclaredBy(node));
        // An enum inside a declaration (`enum Mode { ... } mode;`).
        for (const child of node.namedChildren) {
          if (child?.type === 'enum_specifier') declarations.push(...namedDecl(child, 'enum'));
        }
      }
    }
  });
  memo?.rotate();
  // Document order, whichever tree a span came from.
  foldingSpans.sort((a, b) => a.start - b.start || a.end - b.end);
  const structorMacros = [...code.matchAll(STRUCTOR_MACROS)].map((m) => ({ name: m[0], span: { start: m.index, end: m.index + m[0].length } }));
  const syntax = roots.some((root) => root.hasError) ? [...certainSyntaxProblems(code, text), ...missingClassSemicolons(code, text, classes.map((c) => c.span))] : [];
  return { kind: 'iig', includes, classes, declarations, functions, attributes, structorMacros, syntaxProblems: syntax, unparsed: unparsedRegions(roots), foldingSpans, arrays };
}

/** The member lists of a class being extracted (the ClassDecl holds these very arrays). */
interface ClassMembers {
  readonly methods: MethodDecl[];
  readonly dataMembers: DataMemberDecl[];
}

function namedDecl(node: Node, kind: NamedDecl['kind']): NamedDecl[] {
  const name = node.childForFieldName('name');
  return name ? [{ kind, name: name.text, nameSpan: spanOf(name), span: spanOf(node) }] : [];
}

function typedefNames(node: Node): NamedDecl[] {
  const out: NamedDecl[] = [];
  for (const declarator of node.childrenForFieldName('declarator')) {
    const name = declaredName(declarator);
    if (name) out.push({ kind: 'typedef', name: name.text, nameSpan: spanOf(name), span: spanOf(node) });
  }
  return out;
}

function classOf(node: Node, context: ExtractionContext, foldingSpans: Span[]): { decl: ClassDecl; members: ClassMembers } | undefined {
  const attrs = context.attrs;
  const body = node.childForFieldName('body');
  const name = node.childForFieldName('name');
  if (!body || !name) return undefined;
  foldingSpans.push(spanOf(body));
  let baseClass: string | undefined;
  let baseSpan: Span | undefined;
  const bases = node.namedChildren.find((c) => c?.type === 'base_class_clause');
  if (bases) {
    const base = bases.namedChildren.find((c) => c && c.type !== 'access_specifier' && c.type !== 'virtual');
    if (base) {
      baseClass = base.text;
      baseSpan = spanOf(base);
    }
  }
  const members: ClassMembers = { methods: [], dataMembers: [] };
  collectMembers(body, context, foldingSpans, members);
  const decl: ClassDecl = {
    keyword: node.type === 'class_specifier' ? 'class' : 'struct',
    name: name.text,
    nameSpan: spanOf(name),
    span: spanOf(node),
    attributes: attrs.within(node.startIndex, name.startIndex),
    baseClass,
    baseSpan,
    methods: members.methods,
    dataMembers: members.dataMembers,
  };
  return { decl, members };
}

function collectMembers(body: Node, context: ExtractionContext, foldingSpans: Span[], into: ClassMembers): void {
  forEachItem(body, (member) => {
    const compute = (): MemberFacts => memberFacts(member, context.attrs);
    const facts = context.memo && !member.hasError
      ? context.memo.get(member.type, { start: member.startIndex, end: member.endIndex }, compute)
      : compute();
    if (facts.method) into.methods.push(facts.method);
    into.dataMembers.push(...facts.dataMembers);
    if (facts.fold) foldingSpans.push(facts.fold);
  });
}

/** What one member of a class body contributes; memoised while the member's text is unchanged. */
export interface MemberFacts {
  readonly method?: MethodDecl;
  readonly dataMembers: readonly DataMemberDecl[];
  readonly fold?: Span;
}

interface ExtractionContext {
  readonly attrs: AttributeLookup;
  readonly memo?: NodeMemo<MemberFacts>;
}

function memberFacts(member: Node, attrs: AttributeLookup): MemberFacts {
  if (member.type === 'comment') return { dataMembers: [], fold: isMultiLine(member) ? spanOf(member) : undefined };
  if (member.type !== 'field_declaration' && member.type !== 'function_definition' && member.type !== 'declaration') return { dataMembers: [] };
  const method = methodOf(member, attrs);
  const fnBody = member.type === 'function_definition' ? member.childForFieldName('body') : null;
  return {
    method,
    dataMembers: !method && member.type === 'field_declaration' ? dataMembersOf(member) : [],
    fold: fnBody ? spanOf(fnBody) : undefined,
  };
}

function methodOf(node: Node, attrs: AttributeLookup): MethodDecl | undefined {
  const fn = functionDeclarator(node.childForFieldName('declarator'));
  if (!fn) return undefined;
  const nameNode = fn.node.childForFieldName('declarator');
  const parameterList = fn.node.childForFieldName('parameters');
  if (!nameNode || !parameterList) return undefined;
  const typeNode = node.childForFieldName('type');
  let isVirtual = false;
  let isStatic = false;
  let isConst = false;
  for (const child of node.children) {
    if (!child || child === typeNode) continue;
    if (child.type === 'virtual' || (child.type === 'virtual_function_specifier' && child.text === 'virtual')) isVirtual = true;
    else if (child.type === 'storage_class_specifier' && child.text === 'static') isStatic = true;
    else if (child.type === 'type_qualifier' && child.text === 'const' && typeNode && child.startIndex < typeNode.startIndex) isConst = true;
  }
  const isOverride = fn.node.namedChildren.some((c) => c?.type === 'virtual_specifier' && c.text === 'override');
  const defaultValue = node.childForFieldName('default_value');
  const isPure = defaultValue?.text === '0';
  const returnType = normalizeType(`${isConst ? 'const ' : ''}${typeNode?.text ?? ''} ${fn.pointers}`);
  const attributes = attrs.within(parameterList.endIndex, node.endIndex);
  return {
    name: nameNode.text,
    nameSpan: spanOf(nameNode),
    span: spanOf(node),
    returnType,
    parameters: parametersOf(parameterList, attrs),
    isVirtual,
    isOverride,
    isStatic,
    isPure,
    attributes,
    typeTarget: attributes.find((a) => a.name === 'TYPE')?.argument,
    queueName: attributes.find((a) => a.name === 'QUEUENAME')?.argument?.replace(/^"|"$/g, ''),
  };
}

function parametersOf(list: Node, attrs: AttributeLookup): ParameterDecl[] {
  const params = list.namedChildren.filter((c): c is Node => !!c && c.type.endsWith('parameter_declaration'));
  // `(void)` is C's spelling of an empty list: `init(void)` overrides `init()`.
  if (params.length === 1 && !params[0].childForFieldName('declarator') && params[0].text.replace(/\s+/g, '') === 'void') return [];
  return params.map((param, i) => {
    const nameNode = declaredName(param.childForFieldName('declarator'));
    const text = param.text;
    let type = text;
    if (nameNode) {
      const from = nameNode.startIndex - param.startIndex;
      type = text.slice(0, from) + text.slice(from + nameNode.text.length);
    }
    const next = i + 1 < params.length ? params[i + 1].startIndex : list.endIndex;
    return {
      type: normalizeType(type),
      name: nameNode?.text,
      span: spanOf(param),
      attributes: attrs.within(param.startIndex, next),
    };
  });
}

function dataMembersOf(node: Node): DataMemberDecl[] {
  const isStatic = node.children.some((c) => c?.type === 'storage_class_specifier' && c.text === 'static');
  return isStatic ? [] : fieldDeclarations(node);
}

/** Attributes sorted by offset, sliced by range with a binary search. */
class AttributeLookup {
  constructor(private readonly sorted: readonly AttributeNode[]) {}

  within(start: number, end: number): AttributeNode[] {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid].span.start < start) lo = mid + 1;
      else hi = mid;
    }
    const out: AttributeNode[] = [];
    for (let i = lo; i < this.sorted.length && this.sorted[i].span.start < end; i++) out.push(this.sorted[i]);
    return out;
  }
}
