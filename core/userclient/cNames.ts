/**
 * What the names of a C, C++ or Objective-C source are given, for the call reader (cCalls.ts): in a
 * function, everything it declares, assigns, changes or passes by address, collected once per
 * function; at the file's top level, a name's declarations outside functions and what any function
 * does to it, looked up one name at a time from the name's places in the text. Only the few names a
 * call falls back to the file for are ever looked up, so a keystroke in a 5,000-line file does not
 * walk the whole tree.
 */
import type { Node } from 'web-tree-sitter';
import { factTable, ScopeNames } from './scopeNames';

export const FUNCTIONS = ['function_definition', 'method_definition'];
/** Declarations, assignments and places looked at in all, per file: a hostile file is not followed past it. */
const MAX_FACTS = 200_000;
/** Places of one name looked at for the file's level; a name written more often than this is not followed. */
const MAX_PLACES = 4096;

export interface Declared {
  readonly type: string;
  /** The array's length as written (or counted from its initializer); absent for a plain variable. */
  readonly length?: string;
  readonly pointer: boolean;
}

export interface NameFacts {
  readonly values: Node[];
  readonly declared: Declared[];
  changed: boolean;
  /** Functions its address is passed to (`getSize(&size)` may write it). */
  readonly passedTo: string[];
}

type Names = Map<string, NameFacts>;
type FactsOf = (name: string) => NameFacts;

const newFacts = (): NameFacts => ({ values: [], declared: [], changed: false, passedTo: [] });
/** What a name is when it cannot be followed: changed, so never given one value. */
const UNFOLLOWED: NameFacts = Object.freeze({ values: [], declared: [], changed: true, passedTo: [] }) as NameFacts;

/** The function (or method) around a node; for a block at the file's top level, that block. */
export function scopeOf(node: Node): Node | undefined {
  let outer: Node | undefined;
  for (let up = node.parent, guard = 0; up && guard < 400; up = up.parent, guard++) {
    if (FUNCTIONS.includes(up.type)) return up;
    if (up.type === 'compound_statement') outer = up;
  }
  return outer;
}

export class CNames {
  private readonly scopes: ScopeNames<NameFacts>;
  private readonly file = new Map<string, NameFacts | undefined>();
  private left = MAX_FACTS;

  constructor(
    private readonly root: Node,
    private readonly text: string,
  ) {
    this.scopes = new ScopeNames(root, (scope) => this.collect(scope));
  }

  /** A name's facts in `scope` (a function or a top-level block) when it has any there. */
  inScope(name: string, scope: Node): NameFacts | undefined {
    return this.scopes.of(scope).get(name);
  }

  /** A name's facts at the file's level: its declarations outside functions, and what is done to it anywhere. */
  atFile(name: string): NameFacts | undefined {
    if (this.file.has(name)) return this.file.get(name);
    let found: NameFacts | undefined;
    const facts = (): NameFacts => (found ??= newFacts());
    let places = 0;
    for (let at = this.text.indexOf(name); at >= 0; at = this.text.indexOf(name, at + name.length)) {
      if (!isWordAt(this.text, at, name.length)) continue;
      if (++places > MAX_PLACES || --this.left < 0) {
        found = UNFOLLOWED;
        break;
      }
      const node = this.root.descendantForIndex(at, at + name.length);
      if (node?.type === 'identifier' && node.startIndex === at && node.endIndex === at + name.length) factAt(node, facts, true);
    }
    this.file.set(name, found);
    return found;
  }

  /** The names looked up at the file's level so far. */
  consulted(): Set<string> {
    return new Set(this.file.keys());
  }

  /** What a scope declares and assigns. */
  private collect(scope: Node): Names {
    const { names, facts } = factTable<NameFacts>(newFacts);
    const found = scope.descendantsOfType(['declaration', 'parameter_declaration', 'method_parameter', 'assignment_expression', 'update_expression', 'pointer_expression']);
    if ((this.left -= found.length) < 0) return names;
    for (const node of found) if (node) factOf(node, facts);
    return names;
  }
}

const isIdentifierUnit = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;

function isWordAt(text: string, at: number, length: number): boolean {
  return !(at > 0 && isIdentifierUnit(text.charCodeAt(at - 1))) && !isIdentifierUnit(text.charCodeAt(at + length));
}

/** The facts one declaration, parameter, assignment, update or `&x` gives (`fileLevel`: declarations inside functions do not count). */
function factOf(node: Node, facts: FactsOf, fileLevel = false): void {
  if (node.type === 'assignment_expression') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left?.type !== 'identifier') return;
    const op = node.childForFieldName('operator')?.text ?? '=';
    if (op === '=' && right) facts(left.text).values.push(right);
    else facts(left.text).changed = true;
  } else if (node.type === 'update_expression') {
    const argument = node.childForFieldName('argument');
    if (argument?.type === 'identifier') facts(argument.text).changed = true;
  } else if (node.type === 'pointer_expression') {
    const argument = node.childForFieldName('argument');
    const call = node.parent?.type === 'argument_list' ? node.parent.parent : undefined;
    if (node.childForFieldName('operator')?.text !== '&' || argument?.type !== 'identifier') return;
    if (call?.type === 'call_expression') facts(argument.text).passedTo.push(call.firstChild?.text ?? '');
    else facts(argument.text).changed = true;
  } else if (node.type === 'method_parameter') {
    const name = node.namedChildren.filter((c) => c?.type === 'identifier').pop();
    if (name) facts(name.text).declared.push({ type: '?', pointer: true });
  } else {
    if (fileLevel && scopeOf(node)) return;
    const type = typeName(node.childForFieldName('type'));
    for (const declarator of node.childrenForFieldName('declarator')) declare(declarator, type, facts);
  }
}

function declare(declarator: Node | null, type: string | undefined, facts: FactsOf, only?: string): void {
  const d = declaredName(declarator);
  if (!d || (only !== undefined && d.name !== only)) return;
  const f = facts(d.name);
  f.declared.push({ type: type ?? '?', pointer: d.pointer, ...(d.length !== undefined && { length: d.length ?? '?' }) });
  if (d.value) f.values.push(d.value);
}

const DECLARATOR_WRAPPERS = new Set(['init_declarator', 'array_declarator', 'pointer_declarator', 'reference_declarator', 'block_pointer_declarator', 'parenthesized_declarator']);

/**
 * The fact the identifier `node` stands for, if any: the same as `factOf` gives for the declaration,
 * parameter, assignment, update or `&x` it is the name of. Every such node names its identifier at
 * exactly one place, so looking at each place of a name finds each of its facts once.
 */
function factAt(node: Node, facts: FactsOf, fileLevel: boolean): void {
  const parent = node.parent;
  if (!parent) return;
  const is = (field: string): boolean => parent.childForFieldName(field)?.id === node.id;
  if (parent.type === 'assignment_expression' || parent.type === 'pointer_expression' || parent.type === 'update_expression') {
    if (is(parent.type === 'assignment_expression' ? 'left' : 'argument')) factOf(parent, facts, fileLevel);
    return;
  }
  if (parent.type === 'method_parameter') {
    if (parent.namedChildren.filter((c) => c?.type === 'identifier').pop()?.id === node.id) factOf(parent, facts, fileLevel);
    return;
  }
  // Up the declarator to the declaration or parameter whose declarator it is.
  let d: Node = node;
  for (let up = d.parent, guard = 0; up && guard < 8; up = up.parent, guard++) {
    if (DECLARATOR_WRAPPERS.has(up.type)) {
      if (!isDeclaratorOf(up, d)) return;
      d = up;
      continue;
    }
    if (up.type !== 'declaration' && up.type !== 'parameter_declaration') return;
    if (!up.childrenForFieldName('declarator').some((c) => c?.id === d.id)) return;
    if (fileLevel && scopeOf(up)) return;
    declare(d, typeName(up.childForFieldName('type')), facts, node.text);
    return;
  }
}

/** Whether `child` is the part of the declarator `wrapper` that declaredName follows (not an array size or an initial value). */
function isDeclaratorOf(wrapper: Node, child: Node): boolean {
  if (wrapper.type === 'parenthesized_declarator') return wrapper.namedChild(0)?.id === child.id;
  if (wrapper.childForFieldName('declarator')?.id === child.id) return true;
  return (wrapper.type === 'pointer_declarator' || wrapper.type === 'reference_declarator' || wrapper.type === 'block_pointer_declarator') && !wrapper.childForFieldName('declarator') && wrapper.namedChildren.find((c) => c?.type !== 'type_qualifier')?.id === child.id;
}

/** The name a declarator declares, whether through a pointer, and its array length (`null`: an array of unwritten length). */
export function declaredName(declarator: Node | null): { name: string; pointer: boolean; length?: string | null; value?: Node } | undefined {
  let d = declarator;
  let pointer = false;
  let length: string | null | undefined;
  let value: Node | undefined;
  for (let guard = 0; d && guard < 8; guard++) {
    if (d.type === 'identifier') return { name: d.text, pointer, ...(length !== undefined && { length }), ...(value && { value }) };
    if (d.type === 'init_declarator') {
      value = d.childForFieldName('value') ?? undefined;
      d = d.childForFieldName('declarator');
    } else if (d.type === 'array_declarator') {
      if (length !== undefined) return undefined; // a two-dimensional array: not followed
      const size = d.childForFieldName('size');
      length = size ? size.text.trim() : value?.type === 'initializer_list' ? String(value.namedChildren.filter((c) => c?.type !== 'comment').length) : null;
      d = d.childForFieldName('declarator');
    } else if (d.type === 'pointer_declarator' || d.type === 'reference_declarator' || d.type === 'block_pointer_declarator') {
      pointer = true;
      d = d.childForFieldName('declarator') ?? d.namedChildren.find((c) => c?.type !== 'type_qualifier') ?? null;
    } else if (d.type === 'parenthesized_declarator') d = d.namedChild(0);
    else return undefined;
  }
  return undefined;
}

/** A declaration's type as the contract names it (`struct Foo` is `Foo`). */
function typeName(type: Node | null): string | undefined {
  if (!type) return undefined;
  if (type.type === 'struct_specifier' || type.type === 'union_specifier') return type.childForFieldName('name')?.text;
  if (!/^(?:primitive_type|type_identifier|sized_type_specifier|qualified_identifier)$/.test(type.type)) return undefined;
  return type.text.replace(/\s+/g, ' ').trim();
}
