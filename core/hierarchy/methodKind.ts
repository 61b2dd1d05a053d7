/**
 * Decides whether a method is reached through IIG (RPC: implemented with IMPL, parent reached with
 * SUPERDISPATCH) or is LOCALONLY (plain C++: parent reached with super::). Walks the class chain
 * through the workspace's .iig classes, then the SDK catalog. When the chain leaves what is known —
 * an unknown class, a class whose method list is incomplete, a kind the catalog only inferred — the
 * answer is "unknown" and no rule fires on it.
 */
import type { SdkCatalog } from '../sdk/sdkCatalog';
import type { ClassDecl, MethodDecl } from '../model/model';
import type { ClassLookup } from '../model/workspaceIndex';

export type MethodKind = 'rpc' | 'localonly' | 'unknown';

const RPC_ATTRIBUTES = new Set(['LOCAL', 'KERNEL', 'TYPE', 'QUEUENAME', 'REPLY', 'INVOKEREPLY', 'REMOTE']);

export function kindOfDeclared(method: MethodDecl): MethodKind | undefined {
  if (method.attributes.some((a) => a.name === 'LOCALONLY')) return 'localonly';
  if (method.attributes.some((a) => RPC_ATTRIBUTES.has(a.name))) return 'rpc';
  return undefined;
}

/** The kind of `methodName` as seen from class `className`. */
export function methodKind(index: ClassLookup, catalog: SdkCatalog, className: string, methodName: string): MethodKind {
  const seen = new Set<string>();
  let current: string | undefined = className;
  let firstDeclaration: MethodDecl | undefined;
  while (current && !seen.has(current)) {
    seen.add(current);
    const local: ClassDecl | undefined = index.classNamed(current)?.item;
    if (local) {
      const method = local.methods.find((m) => m.name === methodName);
      if (method) {
        const declared = kindOfDeclared(method);
        if (declared) return declared;
        firstDeclaration ??= method;
      }
      current = local.baseClass;
      continue;
    }
    const sdk = catalog.classNamed(current);
    if (!sdk) return 'unknown';
    const method = sdk.methods.find((m) => m.name === methodName);
    if (method) return method.inferred ? 'unknown' : method.kind;
    if (!sdk.complete) return 'unknown';
    current = sdk.superclass;
  }
  // The whole chain is known and nothing above declares it: a method new in a workspace class is
  // reached through IIG unless marked LOCALONLY.
  if (firstDeclaration && !firstDeclaration.isOverride && !firstDeclaration.isStatic) return 'rpc';
  return 'unknown';
}
