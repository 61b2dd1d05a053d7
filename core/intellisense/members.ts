/** The methods a value of a given type offers: its workspace class and the SDK chain above it. */
import type { SdkCatalog } from '../sdk/sdkCatalog';
import type { ClassDecl } from '../model/model';
import type { WorkspaceIndex } from '../model/workspaceIndex';
import { methodDocumentation } from './format';
import { availabilityNote } from '../sdk/availabilityText';

export interface MemberInfo {
  readonly name: string;
  readonly detail: string;
  readonly documentation?: string;
  readonly parameters: readonly string[];
}

export function methodsOfType(index: WorkspaceIndex, catalog: SdkCatalog, type: string): MemberInfo[] {
  const out: MemberInfo[] = [];
  const seen = new Set<string>();
  let current: string | undefined = type;
  const visited = new Set<string>();
  while (current && !visited.has(current)) {
    visited.add(current);
    const local: ClassDecl | undefined = index.classNamed(current)?.item;
    if (!local) break;
    for (const m of local.methods) {
      if (seen.has(m.name)) continue;
      seen.add(m.name);
      const parameters = m.parameters.map((p) => `${p.type} ${p.name ?? ''}`.trim());
      out.push({ name: m.name, detail: `${m.returnType} ${local.name}::${m.name}(${parameters.join(', ')})`, parameters });
    }
    current = local.baseClass;
  }
  if (current) {
    for (const { cls, method } of catalog.methodsOf(current)) {
      if (seen.has(method.name) || method.isStatic) continue;
      seen.add(method.name);
      out.push({
        name: method.name,
        detail: `${method.returnType} ${cls.name}::${method.name}(${method.parameters.join(', ')})${availabilityNote(method)}`,
        documentation: methodDocumentation(cls, method),
        parameters: method.parameters,
      });
    }
  }
  return out;
}
