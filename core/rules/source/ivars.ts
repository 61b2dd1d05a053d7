/** ivars: allocated in init with IONewZero, released in free with IOSafeDeleteNULL, never in Stop. */
import { finding, type Finding } from '../finding';
import { type CppRule } from '../rule';
import { nearUnparsed } from './common';

export const ivarsNotFreed: CppRule = {
  id: 'cpp.ivars-not-freed',
  severity: 'warning',
  summary: 'ivars allocated but never released in free().',
  applies: 'cpp',
  check: ({ path, file, lookup }) => {
    const out: Finding[] = [];
    for (const def of file.definitions) {
      if (def.ivarsAllocations.length === 0) continue;
      const frees = lookup.definitionsOf(def.className, 'free');
      if (frees.some((d) => d.item.ivarsReleases.length > 0)) continue;
      // A free() the parser could not read whole may release them where we cannot see.
      if (frees.some((d) => d.path === path && nearUnparsed(file, d.item.span))) continue;
      if (frees.length === 0 && lookup.isMentioned(def.className, 'free')) continue;
      for (const allocation of def.ivarsAllocations) {
        out.push(
          finding(ivarsNotFreed, path, allocation.span, `ivars allocated here are never released in ${def.className}::free(). Add 'IOSafeDeleteNULL(ivars, ${def.className}_IVars, 1);' before 'super::free();'.`),
        );
      }
    }
    return out;
  },
};

export const ivarsFreedInStop: CppRule = {
  id: 'cpp.ivars-freed-in-stop',
  severity: 'warning',
  summary: 'ivars released in Stop(); the object can still be called after Stop, so release them in free().',
  applies: 'cpp',
  check: ({ path, file }) => {
    const out: Finding[] = [];
    for (const def of file.definitions) {
      if (def.methodName !== 'Stop') continue;
      for (const release of def.ivarsReleases) {
        out.push(finding(ivarsFreedInStop, path, release.span, `ivars are released in Stop, but the object lives on after Stop and may still use them. Release them in ${def.className}::free().`));
      }
    }
    return out;
  },
};
