/**
 * Comparing parameter lists the way the compiler would: by type, not by spelling. `(void)` is the
 * empty list (the model already reads it so), spaces and parameter names do not matter, and an array
 * bound that is not a plain number (`[kMaxTasks]`) is a constant we cannot evaluate, so it matches
 * any bound rather than making a valid override look wrong.
 */

/** Words that end a type, so never a parameter name: `unsigned int` keeps its `int`. */
const TYPE_WORDS = new Set(['int', 'char', 'short', 'long', 'bool', 'float', 'double', 'void', 'signed', 'unsigned', 'const', 'volatile']);

/** The type of a parameter written as a declaration: "IOService * provider" → "IOService *". */
export function typeOfDeclaration(parameter: string): string {
  const trimmed = parameter.replace(/=.*$/s, '').trim();
  const name = /([A-Za-z_]\w*)\s*((?:\[[^\]]*\]\s*)*)$/.exec(trimmed);
  if (!name || TYPE_WORDS.has(name[1])) return trimmed;
  const before = trimmed.slice(0, name.index).trim();
  // A lone word is a type without a name ("uint64_t"); so is a word after `::` or `struct`.
  if (before.length === 0 || before.endsWith('::') || /\b(?:struct|class|enum|union)$/.test(before)) return trimmed;
  return `${before}${name[2] ? ` ${name[2].trim()}` : ''}`;
}

/** A type without spaces, with `(void)` empty. */
function compact(type: string): string {
  return type.replace(/\s+/g, '');
}

const QUALIFIER = /^(?:const|volatile)$/;

/**
 * The type as the compiler sees it in a prototype: `T const *` is `const T *` (qualifiers of the
 * base type may stand on either side of it), and a qualifier of the parameter itself — `const int n`,
 * `T * const p` — is no part of the function's type.
 */
function canonical(type: string): string {
  const firstIndirection = type.search(/[*&]/);
  const head = firstIndirection < 0 ? type : type.slice(0, firstIndirection);
  let tail = firstIndirection < 0 ? '' : type.slice(firstIndirection);
  const words = head.trim().split(/\s+/).filter(Boolean);
  const qualifiers = words.filter((w) => QUALIFIER.test(w)).sort();
  const base = words.filter((w) => !QUALIFIER.test(w));
  tail = tail.replace(/(?:\s*\b(?:const|volatile)\b\s*)+$/, '');
  // By value, the qualifiers belong to the parameter, not to its type.
  const kept = tail === '' ? base : [...qualifiers, ...base];
  return compact(`${kept.join(' ')}${tail}`);
}

function sameType(a: string, b: string): boolean {
  const x = canonical(a);
  const y = canonical(b);
  if (x === y) return true;
  // Array bounds: equal numbers, or a bound we cannot evaluate on either side.
  const bounds = /\[([^\]]*)\]/g;
  if (x.replace(bounds, '[]') !== y.replace(bounds, '[]')) return false;
  const xb = [...x.matchAll(bounds)].map((m) => m[1]);
  const yb = [...y.matchAll(bounds)].map((m) => m[1]);
  return xb.every((bound, i) => bound === yb[i] || !/^\d+$/.test(bound) || !/^\d+$/.test(yb[i] ?? ''));
}

/** True when two lists of parameter types declare the same prototype. */
export function sameParameterTypes(a: readonly string[], b: readonly string[]): boolean {
  const list = (types: readonly string[]): readonly string[] => (types.length === 1 && compact(types[0]) === 'void' ? [] : types);
  const x = list(a);
  const y = list(b);
  return x.length === y.length && x.every((type, i) => sameType(type, y[i]));
}
