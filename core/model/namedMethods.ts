/**
 * A method of a class by name. Rules ask it for every definition of a .cpp on every keystroke, and a
 * class may declare thousands of methods: past a few, the names are put in a map once per list (the
 * lists are never changed after they are made; a new model makes new lists).
 */

const SCANNED = 16;
const byList = new WeakMap<readonly { readonly name: string }[], Map<string, { readonly name: string }>>();

/** The first method in `methods` named `name`. */
export function methodNamed<M extends { readonly name: string }>(methods: readonly M[], name: string): M | undefined {
  if (methods.length <= SCANNED) return methods.find((m) => m.name === name);
  let names = byList.get(methods);
  if (!names) {
    names = new Map();
    for (const method of methods) if (!names.has(method.name)) names.set(method.name, method);
    byList.set(methods, names);
  }
  return names.get(name) as M | undefined;
}

/** The same, for a list that may be missing (a class not found). */
export function methodNamedIn<M extends { readonly name: string }>(methods: readonly M[] | undefined, name: string): M | undefined {
  return methods && methodNamed(methods, name);
}
