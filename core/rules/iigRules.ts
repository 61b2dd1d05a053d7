/** Rules over one .iig file (with the workspace index for what lives in other files). */
import { closest } from '../util/closest';
import type { IigFile } from '../model/model';
import { methodKind } from '../hierarchy/methodKind';
import { IIG_ATTRIBUTE_NAMES } from '../model/vocabulary';
import type { SdkCatalog } from '../sdk/sdkCatalog';
import type { WorkspaceIndex } from '../model/workspaceIndex';
import { finding, type Finding } from './finding';
import { RULES } from './ruleCatalog';

export function checkIig(path: string, file: IigFile, index: WorkspaceIndex, catalog: SdkCatalog): Finding[] {
  const out: Finding[] = [];
  for (const problem of file.syntaxProblems) out.push(finding(RULES.iigSyntax, path, problem.span, problem.message));

  // One guess per distinct word: a file repeating one typo thousands of times stays cheap.
  const guesses = new Map<string, string | undefined>();
  for (const attribute of file.attributes) {
    if (attribute.known || attribute.availability) continue;
    if (!guesses.has(attribute.name)) guesses.set(attribute.name, closest(attribute.name, IIG_ATTRIBUTE_NAMES));
    const guess = guesses.get(attribute.name);
    out.push(
      finding(RULES.unknownAttribute, path, attribute.nameSpan, `'${attribute.name}' is not an IIG attribute.${guess ? ` Did you mean '${guess}'?` : ''}`),
    );
  }

  for (const cls of file.classes) {
    if (cls.keyword !== 'class') continue;
    for (const member of cls.dataMembers) {
      out.push(
        finding(RULES.dataMember, path, member.nameSpan, `'${member.name}' is a data member of ${cls.name}. DriverKit classes keep their state in struct ${cls.name}_IVars, defined in the .cpp file and reached through 'ivars'.`),
      );
    }
    const implemented = new Set(index.definitionsOf(cls.name).map((d) => d.item.methodName));
    for (const method of cls.methods) {
      const typeAttribute = method.attributes.find((a) => a.name === 'TYPE');
      if (typeAttribute && method.parameters[0]?.type.replace(/\s+/g, '') !== 'OSAction*') {
        out.push(
          finding(RULES.typeWithoutAction, path, typeAttribute.span, `${method.name} is a TYPE(${typeAttribute.argument ?? ''}) callback, so its first parameter must be 'OSAction * action'.`),
        );
      }
      if (method.isPure || method.isStatic) continue;
      if (methodKind(index, catalog, cls.name, method.name) === 'localonly') continue;
      if (implemented.has(method.name)) continue;
      out.push(
        finding(RULES.methodUnimplemented, path, method.nameSpan, `${cls.name}::${method.name} is declared but no .cpp file in the workspace implements it. Add 'IMPL(${cls.name}, ${method.name})'.`),
      );
    }
  }
  return out;
}
