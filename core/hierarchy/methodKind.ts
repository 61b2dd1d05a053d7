/**
 * Decides whether a method is reached through IIG (RPC: implemented with IMPL, parent reached with
 * SUPERDISPATCH) or is LOCALONLY (plain C++: parent reached with super::). Walks the class chain
 * through the workspace's .iig classes, then the SDK catalog. When the chain leaves what is known —
 * an unknown class, a class whose method list is incomplete, a kind the catalog only inferred — the
 * answer is "unknown" and no rule fires on it. An override does not make a method of its own: the
 * declaration it overrides decides, and where the override states another kind than that one (a
 * LOCALONLY SDK method marked LOCAL in a subclass) nobody can tell what iig makes of it: "unknown".
 */
import type { SdkCatalog } from '../sdk/sdkCatalog';
import type { ClassDecl, MethodDecl } from '../model/model';
import type { ClassLookup } from '../model/workspaceIndex';
import { methodNamed } from '../model/namedMethods';

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
  // The kind an override states for itself, kept until the declaration it overrides is found.
  let stated: MethodKind | undefined;
  const settle = (kind: MethodKind): MethodKind => (kind === 'unknown' ? stated ?? 'unknown' : stated === undefined || stated === kind ? kind : 'unknown');
  while (current && !seen.has(current)) {
    seen.add(current);
    const local: ClassDecl | undefined = index.classNamed(current)?.item;
    if (local) {
      const method = methodNamed(local.methods, methodName);
      if (method) {
        const declared = kindOfDeclared(method);
        if (declared && !method.isOverride) return settle(declared);
        if (declared) {
          if (stated !== undefined && stated !== declared) return 'unknown';
          stated = declared;
        }
        firstDeclaration ??= method;
      }
      current = local.baseClass;
      continue;
    }
    const sdk = catalog.classNamed(current);
    if (!sdk) return stated ?? 'unknown';
    const method = methodNamed(sdk.methods, methodName);
    if (method) return settle(method.inferred ? 'unknown' : method.kind);
    if (!sdk.complete) return stated ?? 'unknown';
    current = sdk.superclass;
  }
  if (stated !== undefined) return stated;
  // The whole chain is known and nothing above declares it: a method new in a workspace class is
  // reached through IIG unless marked LOCALONLY.
  if (firstDeclaration && !firstDeclaration.isOverride && !firstDeclaration.isStatic) return 'rpc';
  return 'unknown';
}
