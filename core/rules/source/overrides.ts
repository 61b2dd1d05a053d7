/** `override` checked against the SDK: the method must exist up the chain, with the same parameters. */
import { classChain, sdkMethodsNamed, type ClassChain } from '../../hierarchy/classChain';
import { sameParameterTypes, typeOfDeclaration } from '../../hierarchy/signatures';
import type { ClassDecl, IigFile, MethodDecl } from '../../model/model';
import { finding, type Finding } from '../finding';
import type { IigRule, SourceContext } from '../rule';
import { isHeaderPath } from './common';
import { methodNamed } from '../../model/namedMethods';

/** Each `override` method of the file's classes whose chain does not declare it among the workspace's own classes. */
function overrides({ path, file, lookup, catalog }: SourceContext<IigFile>, visit: (cls: ClassDecl, chain: ClassChain, method: MethodDecl) => void): void {
  if (isHeaderPath(path)) return;
  for (const cls of file.classes) {
    if (cls.keyword !== 'class' || !cls.baseClass) continue;
    const chain = classChain(lookup, catalog, cls.baseClass);
    for (const method of cls.methods) {
      if (method.isOverride && !chain.local.some((c) => methodNamed(c.methods, method.name) !== undefined)) visit(cls, chain, method);
    }
  }
}

export const overrideUnknown: IigRule = {
  id: 'iig.override-unknown',
  severity: 'warning',
  summary: 'A method marked override that no ancestor declares (only where the whole chain is known).',
  applies: 'iig',
  check: (context) => {
    const out: Finding[] = [];
    overrides(context, (cls, chain, method) => {
      const complete = chain.unknown === undefined && chain.sdk.length > 0 && chain.sdk.every((c) => c.complete);
      if (!complete || sdkMethodsNamed(chain, method.name).length > 0) return;
      out.push(finding(overrideUnknown, context.path, method.nameSpan, `${method.name} is marked override, but ${cls.baseClass} and its ancestors declare no such method.`));
    });
    return out;
  },
};

export const overrideSignature: IigRule = {
  id: 'iig.override-signature',
  severity: 'warning',
  summary: 'An override whose parameter types differ from every SDK method of that name up the chain.',
  applies: 'iig',
  check: (context) => {
    const out: Finding[] = [];
    overrides(context, (_cls, chain, method) => {
      const candidates = sdkMethodsNamed(chain, method.name);
      if (candidates.length === 0) return;
      const mine = method.parameters.map((p) => p.type);
      if (candidates.some(({ method: m }) => sameParameterTypes(mine, m.parameters.map(typeOfDeclaration)))) return;
      const { cls: owner, method: expected } = candidates[0];
      out.push(
        finding(overrideSignature, context.path, method.nameSpan, `${method.name} does not match ${owner.name}::${method.name}(${expected.parameters.join(', ')}); an override must take the same parameters.`),
      );
    });
    return out;
  },
};
