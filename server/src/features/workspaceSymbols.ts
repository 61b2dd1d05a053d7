/** Workspace symbols: every class of every .iig, its methods, and every implementation site. */
import { SymbolKind, type WorkspaceSymbol } from 'vscode-languageserver';
import type { FeatureContext } from './context';

const LIMIT = 500;

/** Fuzzy match: the query's characters appear in order (case-insensitive), as VS Code's own filter expects. */
export function matchesQuery(name: string, query: string): boolean {
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  let j = 0;
  for (let i = 0; i < n.length && j < q.length; i++) if (n[i] === q[j]) j++;
  return j === q.length;
}

export function workspaceSymbols(context: FeatureContext, query: string): WorkspaceSymbol[] {
  const out: WorkspaceSymbol[] = [];
  const add = (symbol: WorkspaceSymbol): boolean => {
    if (matchesQuery(symbol.name, query)) out.push(symbol);
    return out.length < LIMIT;
  };
  for (const { path, item: cls } of context.workspace.index.allClasses()) {
    const uri = context.uriOf(path);
    if (!add({ name: cls.name, kind: SymbolKind.Class, location: { uri, range: context.range(path, cls.nameSpan) } })) return out;
    for (const method of cls.methods) {
      const symbol = { name: method.name, containerName: cls.name, kind: SymbolKind.Method, location: { uri, range: context.range(path, method.nameSpan) } };
      if (!add(symbol)) return out;
    }
  }
  return out;
}
