/**
 * A method the .iig declares (not LOCALONLY, not pure, not implemented by the kernel) that no .cpp
 * implements. Only said of a class whose implementation the workspace holds (some other method of it
 * is implemented), so a folder of headers alone, or a .cpp outside the workspace, raises nothing.
 */
import { methodKind } from '../../hierarchy/methodKind';
import { appendToFile, implementationFileOf } from '../../fixes/implementationFile';
import { finding, type Finding } from '../finding';
import { type IigRule } from '../rule';
import { isHeaderPath } from './common';
import { implStub, methodAt } from './fixHelpers';

export const methodUnimplemented: IigRule = {
  id: 'iig.method-unimplemented',
  severity: 'warning',
  summary: 'A method declared in a .iig (not LOCALONLY, not pure) that no .cpp of the project implements, in a class the project implements.',
  applies: 'iig',
  check: ({ path, file, lookup, catalog }) => {
    if (isHeaderPath(path)) return [];
    const out: Finding[] = [];
    // A broken file may repeat a class many times: its implemented names are gathered once.
    const implementedBy = new Map<string, Set<string>>();
    for (const cls of file.classes) {
      if (cls.keyword !== 'class' || cls.attributes.some((a) => a.name === 'KERNEL' || a.name === 'EXTENDS')) continue;
      let implemented = implementedBy.get(cls.name);
      if (!implemented) implementedBy.set(cls.name, (implemented = new Set(lookup.definitionsOf(cls.name).map((d) => d.item.methodName))));
      if (implemented.size === 0) continue;
      for (const method of cls.methods) {
        if (method.isPure || method.isStatic || implemented.has(method.name)) continue;
        if (method.attributes.some((a) => a.name === 'KERNEL' || a.name === 'LOCALONLY')) continue;
        // Whatever its kind, a declared method nobody defines fails to link (iig's dispatch or the
        // vtable refers to it); only a LOCALONLY one may be a plain declaration nobody calls.
        if (methodKind(lookup, catalog, cls.name, method.name) === 'localonly') continue;
        if (lookup.isMentioned(cls.name, method.name)) continue;
        out.push(
          finding(methodUnimplemented, path, method.nameSpan, `${cls.name}::${method.name} is declared but no .cpp file of the project implements it. Add 'IMPL(${cls.name}, ${method.name})'.`),
        );
      }
    }
    return out;
  },
  fix: (request, found) => {
    const at = methodAt(request, found.span);
    if (!at) return undefined;
    const target = implementationFileOf(request.index, at.cls.name, request.path, request.textOf);
    const stub = implStub(request, at.cls, at.method);
    return { title: `Create IMPL(${at.cls.name}, ${at.method.name}) in ${target.path.split('/').pop()}`, kind: 'quickfix', preferred: true, ...appendToFile(target, at.cls.name, stub) };
  },
};
