/**
 * `uint32_t fCount;` in a DriverKit class: its state belongs in `Class_IVars`, which iig sets up and
 * the object reaches through `ivars`. Applies to .iig classes, and to classes a DriverKit header
 * declares below a DriverKit class (a plain C++ helper class, even a reference-counted one deriving
 * from OSObject, may of course hold data).
 */
import { classChain, chainIncludes } from '../../hierarchy/classChain';
import { contains } from '../../model/span';
import { addIvarsMember, implementationFileOf } from '../../fixes/implementationFile';
import { finding, type Finding } from '../finding';
import { type IigRule } from '../rule';
import type { DataMemberDecl } from '../../model/model';
import { classAt, declarationOf } from './fixHelpers';
import { isHeaderPath } from './common';
import type { ClassLookup } from '../../model/workspaceIndex';
import type { SdkCatalog } from '../../sdk/sdkCatalog';

/**
 * `Foo_IVars * ivars;` spelled out in the class: the pointer iig would declare anyway, written by
 * hand (a real, hardware-tested SCSI controller dext does so and builds). It is where the state is
 * reached, not state kept beside it.
 */
function isOwnIvarsPointer(className: string, member: DataMemberDecl): boolean {
  const expected: Readonly<Record<string, string>> = { ivars: `${className}_IVars`, lvars: `${className}_LocalIVars` };
  const struct = expected[member.name];
  return struct !== undefined && new RegExp(`^(?:struct\\s+)?${struct}\\s*\\*$`).test(member.type.trim());
}

/**
 * A class a header derives from OSObject itself (directly or through other header classes): a
 * reference-counted C++ helper the dext allocates with `new` and hands around in OSSharedPtr. iig never
 * sees it, so it has no `_IVars` and no `ivars`; its members are where its state has to be. A header
 * class below an SDK class other than OSObject (an IOService, an OSAction) or below a .iig class is
 * still judged: that one was meant to be a DriverKit class.
 */
function plainObjectHelper(lookup: ClassLookup, catalog: SdkCatalog, base: string): boolean {
  const chain = classChain(lookup, catalog, base);
  // A project's host-test stubs may declare an OSObject of their own: the chain then ends there.
  const stub = chain.local.findIndex((c) => c.name === 'OSObject');
  const between = stub >= 0 ? chain.local.slice(0, stub) : chain.local;
  if (stub < 0 && chain.sdk[0]?.name !== 'OSObject') return false;
  return between.every((c) => lookup.declarationsOf(c.name).every((d) => isHeaderPath(d.path)));
}

export const dataMember: IigRule = {
  id: 'iig.data-member',
  severity: 'warning',
  summary: 'A data member in a DriverKit class; its state belongs in the Class_IVars struct.',
  applies: 'iig',
  check: ({ path, file, lookup, catalog }) => {
    const out: Finding[] = [];
    const header = isHeaderPath(path);
    for (const cls of file.classes) {
      if (cls.keyword !== 'class') continue;
      if (header && !(cls.baseClass && chainIncludes(classChain(lookup, catalog, cls.baseClass), 'OSObject'))) continue;
      if (header && cls.baseClass && plainObjectHelper(lookup, catalog, cls.baseClass)) continue;
      // A checked-in copy of iig's generated header declares `ivars` itself: the .iig is the class.
      if (header && lookup.declarationsOf(cls.name).some((d) => /\.iig$/i.test(d.path))) continue;
      for (const member of cls.dataMembers) {
        if (isOwnIvarsPointer(cls.name, member)) continue;
        out.push(
          finding(dataMember, path, member.nameSpan, `'${member.name}' is a data member of ${cls.name}. DriverKit classes keep their state in struct ${cls.name}_IVars, defined in the .cpp file and reached through 'ivars'.`),
        );
      }
    }
    return out;
  },
  fix: (request, found) => {
    const cls = classAt(request.file, found.span.start);
    const member = cls?.dataMembers.find((m) => contains(m.nameSpan, found.span.start));
    const text = request.textOf(request.path);
    if (!cls || !member || text === undefined) return undefined;
    const target = implementationFileOf(request.index, cls.name, request.path, request.textOf);
    const added = addIvarsMember(target, cls.name, `${declarationOf(member.type, member.name)};`);
    // Remove the whole line when the declaration stands alone on it.
    const lineStart = text.lastIndexOf('\n', member.span.start - 1) + 1;
    const lineEnd = text.indexOf('\n', member.span.end);
    const alone = text.slice(lineStart, member.span.start).trim() === '' && text.slice(member.span.end, lineEnd < 0 ? text.length : lineEnd).trim() === '';
    const removal = alone ? { start: lineStart, end: lineEnd < 0 ? text.length : lineEnd + 1 } : member.span;
    return {
      title: `Move '${member.name}' into ${cls.name}_IVars`,
      kind: 'quickfix',
      preferred: true,
      createFiles: added.createFiles,
      edits: [...added.edits, { path: request.path, span: removal, newText: '' }],
    };
  },
};
