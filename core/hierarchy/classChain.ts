/** A class's ancestry across the workspace's .iig classes and the SDK catalog. */
import type { SdkClass, SdkMethod } from '../sdk/catalogTypes';
import type { SdkCatalog } from '../sdk/sdkCatalog';
import type { ClassDecl } from '../model/model';
import type { ClassLookup } from '../model/workspaceIndex';

export interface ClassChain {
  /** Workspace classes, nearest first (the class itself included when it is one). */
  readonly local: readonly ClassDecl[];
  /** SDK classes above them, nearest first. */
  readonly sdk: readonly SdkClass[];
  /** The first ancestor name known to neither, when the chain breaks off. */
  readonly unknown?: string;
}

export function classChain(index: ClassLookup, catalog: SdkCatalog, name: string): ClassChain {
  const local: ClassDecl[] = [];
  const seen = new Set<string>();
  let current: string | undefined = name;
  for (;;) {
    if (!current || seen.has(current)) return { local, sdk: [] };
    const cls: ClassDecl | undefined = index.classNamed(current)?.item;
    if (!cls) break;
    seen.add(current);
    local.push(cls);
    current = cls.baseClass;
  }
  const sdk = catalog.chain(current);
  const last = sdk[sdk.length - 1];
  const unknown = sdk.length === 0 ? current : last.superclass && !catalog.classNamed(last.superclass) ? last.superclass : undefined;
  return { local, sdk, unknown };
}

export function chainIncludes(chain: ClassChain, name: string): boolean {
  return chain.local.some((c) => c.name === name) || chain.sdk.some((c) => c.name === name);
}

/** Every SDK method of the chain with this name (overloads included). */
export function sdkMethodsNamed(chain: ClassChain, name: string): { cls: SdkClass; method: SdkMethod }[] {
  return chain.sdk.flatMap((cls) => cls.methods.filter((m) => m.name === name).map((method) => ({ cls, method })));
}
