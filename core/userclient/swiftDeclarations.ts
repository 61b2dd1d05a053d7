/**
 * What a Swift file declares that its calls' selectors and sizes are read through: an enum's cases
 * and raw values, a type's `static let` constants and stored `let` members, and the names of the
 * types it declares (core/userclient/swiftCalls.ts reads the calls).
 */
import type { Node } from 'web-tree-sitter';

export interface NameFacts {
  readonly values: Node[];
  declared: boolean;
  changed: boolean;
  /** Declared with `let`: its value is the one it was given. */
  constant: boolean;
}

export type Names = Map<string, NameFacts>;

/** A non-negative integer literal's value. */
export function literal(node: Node): number | undefined {
  if (node.type !== 'integer_literal' && node.type !== 'hex_literal') return undefined;
  const value = Number(node.text.replace(/_/g, ''));
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** An integer-backed enum's cases: written raw values, others one more than the case before (the first 0). */
export function casesOf(decl: Node): Map<string, number> | undefined {
  const cases = new Map<string, number>();
  let next = 0;
  const body = decl.childForFieldName('body');
  for (const entry of body?.namedChildren ?? []) {
    if (entry?.type !== 'enum_entry') continue;
    let pending: string | undefined;
    const settle = (value: number): void => {
      if (pending !== undefined) cases.set(pending, value);
      next = value + 1;
      pending = undefined;
    };
    for (let i = 0; i < entry.childCount; i++) {
      const child = entry.child(i)!;
      const field = entry.fieldNameForChild(i);
      if (field === 'name') {
        if (pending !== undefined) settle(next);
        pending = child.text;
      } else if (field === 'raw_value') {
        const value = literal(child);
        if (value === undefined) return undefined;
        settle(value);
      } else if (field === 'data_contents') return undefined;
    }
    if (pending !== undefined) settle(next);
    if (cases.size > 4096) return undefined;
  }
  return cases;
}

/** A type's `static let name = <integer>` members (a `let` holds the one value it is given). */
export function staticConstants(decl: Node): Map<string, number> {
  const out = new Map<string, number>();
  for (const member of decl.childForFieldName('body')?.namedChildren ?? []) {
    if (member?.type !== 'property_declaration' || out.size >= 4096) continue;
    const modifiers = member.namedChildren.find((c) => c?.type === 'modifiers')?.text ?? '';
    const binding = member.namedChildren.find((c) => c?.type === 'value_binding_pattern')?.text ?? '';
    const names = member.childrenForFieldName('name');
    const id = names.length === 1 && names[0]?.type === 'pattern' ? names[0].childForFieldName('bound_identifier') : undefined;
    const value = member.childForFieldName('value');
    const number = value ? literal(value) : undefined;
    if (/\bstatic\b/.test(modifiers) && binding.startsWith('let') && id && number !== undefined) out.set(id.text, number);
  }
  return out;
}

/** A type's stored members: a `let` with a value holds it; any other member of a name is not followed. */
export function membersOf(type: Node): Names {
  const names: Names = new Map();
  for (const member of type.childForFieldName('body')?.namedChildren ?? []) {
    if (names.size >= 4096) break;
    if (member?.type !== 'property_declaration') continue;
    const modifiers = member.namedChildren.find((c) => c?.type === 'modifiers')?.text ?? '';
    const binding = member.namedChildren.find((c) => c?.type === 'value_binding_pattern')?.text ?? '';
    if (/\b(?:static|class)\b/.test(modifiers)) continue;
    const patterns = member.childrenForFieldName('name');
    for (const pattern of patterns) {
      const id = pattern?.type === 'pattern' ? pattern.childForFieldName('bound_identifier') : undefined;
      if (!id) continue;
      const value = patterns.length === 1 ? member.childForFieldName('value') : null;
      const fixed = binding.startsWith('let') && value !== null && !names.has(id.text) && !member.descendantsOfType('computed_property').length;
      names.set(id.text, { values: fixed && value ? [value] : [], declared: true, changed: !fixed, constant: fixed });
    }
  }
  return names;
}

/**
 * The types a Swift file declares (structs, classes, enums, type aliases), read from its text: a type
 * of the app's own shadows a C struct of the same name, whose size then says nothing of the Swift
 * call. Read lexically, not over a tree, so that Swift files without a call need no grammar; a name
 * in a comment counts too, which only makes the checks quieter.
 */
export function swiftTypeNames(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\b(?:struct|class|enum|typealias|actor)\s+([A-Za-z_]\w*)/g)) {
    if (out.size >= 4096) break;
    out.add(m[1]);
  }
  return [...out];
}
