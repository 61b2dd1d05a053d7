/** `override` checked against the SDK: the method must exist up the chain, with the same parameters. */
import { classChain, sdkMethodsNamed } from '../../hierarchy/classChain';
import { sameParameterTypes, typeOfDeclaration } from '../../hierarchy/signatures';
import { finding, type Finding } from '../finding';
import { type IigRule } from '../rule';
import { isHeaderPath } from './common';

export const overrideUnknown: IigRule = {
  id: 'iig.override-unknown',
  severity: 'warning',
  summary: 'A method marked override that no ancestor declares (only where the whole chain is known).',
  applies: 'iig',
  check: ({ path, file, lookup, catalog }) => {
    if (isHeaderPath(path)) return [];
    const out: Finding[] = [];
    for (const cls of file.classes) {
      if (cls.keyword !== 'class' || !cls.baseClass) continue;
      const chain = classChain(lookup, catalog, cls.baseClass);
      const complete = chain.unknown === undefined && chain.sdk.length > 0 && chain.sdk.every((c) => c.complete);
      if (!complete) continue;
      for (const method of cls.methods) {
        if (!method.isOverride || chain.local.some((c) => c.methods.some((m) => m.name === method.name))) continue;
        if (sdkMethodsNamed(chain, method.name).length > 0) continue;
        out.push(finding(overrideUnknown, path, method.nameSpan, `${method.name} is marked override, but ${cls.baseClass} and its ancestors declare no such method.`));
      }
    }
    return out;
  },
};

export const overrideSignature: IigRule = {
  id: 'iig.override-signature',
  severity: 'warning',
  summary: 'An override whose parameter types differ from every SDK method of that name up the chain.',
  applies: 'iig',
  check: ({ path, file, lookup, catalog }) => {
    if (isHeaderPath(path)) return [];
    const out: Finding[] = [];
    for (const cls of file.classes) {
      if (cls.keyword !== 'class' || !cls.baseClass) continue;
      const chain = classChain(lookup, catalog, cls.baseClass);
      for (const method of cls.methods) {
        if (!method.isOverride || chain.local.some((c) => c.methods.some((m) => m.name === method.name))) continue;
        const candidates = sdkMethodsNamed(chain, method.name);
        if (candidates.length === 0) continue;
        const mine = method.parameters.map((p) => p.type);
        if (candidates.some(({ method: m }) => sameParameterTypes(mine, m.parameters.map(typeOfDeclaration)))) continue;
        const { cls: owner, method: expected } = candidates[0];
        out.push(
          finding(overrideSignature, path, method.nameSpan, `${method.name} does not match ${owner.name}::${method.name}(${expected.parameters.join(', ')}); an override must take the same parameters.`),
        );
      }
    }
    return out;
  },
};
