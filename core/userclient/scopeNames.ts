/**
 * What each scope of an app's syntax tree declares and assigns, collected once per scope and asked
 * many times (every call in a function looks up the same few names). The C-family and Swift readers
 * share it; they differ only in what they collect.
 */
import type { Node } from 'web-tree-sitter';

export class ScopeNames<F> {
  private readonly scopes = new Map<number, Map<string, F>>();
  private file: Map<string, F> | undefined;

  constructor(
    private readonly root: Node,
    private readonly collect: (scope: Node, fileLevel: boolean) => Map<string, F>,
  ) {}

  /** A scope's names; with no scope, the file's top level. */
  of(scope: Node | undefined): Map<string, F> {
    if (!scope) return (this.file ??= this.collect(this.root, true));
    let names = this.scopes.get(scope.id);
    if (!names) this.scopes.set(scope.id, (names = this.collect(scope, false)));
    return names;
  }
}

/** An empty table of facts by name, and the accessor that makes a name's facts on first mention. */
export function factTable<F>(make: () => F): { names: Map<string, F>; facts: (name: string) => F } {
  const names = new Map<string, F>();
  return {
    names,
    facts: (name) => {
      let f = names.get(name);
      if (!f) names.set(name, (f = make()));
      return f;
    },
  };
}
