/** ivars: allocated in init with IONewZero, released in free with IOSafeDeleteNULL, never in Stop. */
import { finding, type Finding } from '../finding';
import { type CppRule } from '../rule';
import { nearUnparsed } from './common';

/** Methods that run before the object can be called, or are the end of its life. */
const LIFECYCLE = new Set(['init', 'free', 'Start', 'Stop']);

export const ivarsNotFreed: CppRule = {
  id: 'cpp.ivars-not-freed',
  severity: 'warning',
  summary: 'ivars allocated but released nowhere (neither in free() nor anywhere else).',
  applies: 'cpp',
  check: ({ path, file, lookup }) => {
    const out: Finding[] = [];
    for (const def of file.definitions) {
      if (def.ivarsAllocations.length === 0) continue;
      // Released anywhere counts (Start's allocation paired with Stop's release does not leak);
      // whether Stop is a safe place is cpp.ivars-freed-in-stop's question.
      const methods = lookup.definitionsOf(def.className);
      if (methods.some((d) => d.item.ivarsReleases.length > 0)) continue;
      // A method the parser could not read whole may release them where we cannot see.
      if (methods.some((d) => d.path === path && nearUnparsed(file, d.item.span))) continue;
      if (!methods.some((d) => d.item.methodName === 'free') && lookup.isMentioned(def.className, 'free')) continue;
      for (const allocation of def.ivarsAllocations) {
        out.push(
          finding(ivarsNotFreed, path, allocation.span, `ivars allocated here are never released. Add 'IOSafeDeleteNULL(ivars, ${def.className}_IVars, 1);' to ${def.className}::free() before 'super::free();'.`),
        );
      }
    }
    return out;
  },
};

export const ivarsFreedInStop: CppRule = {
  id: 'cpp.ivars-freed-in-stop',
  severity: 'warning',
  summary: 'ivars released in Stop() while another method reads them without a null test; calls can still arrive after Stop, so release them in free().',
  applies: 'cpp',
  check: ({ path, file, lookup }) => {
    const out: Finding[] = [];
    for (const def of file.definitions) {
      if (def.methodName !== 'Stop' || def.ivarsReleases.length === 0) continue;
      // Only a method that dereferences them untested is certain to crash after Stop.
      const reader = lookup.definitionsOf(def.className).find((d) => !LIFECYCLE.has(d.item.methodName) && d.item.ivarsAccess === 'unchecked');
      if (!reader) continue;
      for (const release of def.ivarsReleases) {
        out.push(finding(ivarsFreedInStop, path, release.span, `ivars are released in Stop, but ${def.className}::${reader.item.methodName} reads them without testing for null, and calls can still arrive after Stop. Release them in ${def.className}::free().`));
      }
    }
    return out;
  },
};
