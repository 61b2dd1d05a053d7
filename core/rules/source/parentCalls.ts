/**
 * How a method reaches its parent: IIG methods (RPC) with SUPERDISPATCH, LOCALONLY methods with
 * `super::`. `super::M(..., SUPERDISPATCH)` is the RPC form too and is fine.
 */
import { methodKind } from '../../hierarchy/methodKind';
import { classChain } from '../../hierarchy/classChain';
import { finding, type Finding } from '../finding';
import { type CppRule } from '../rule';
import { nearUnparsed } from './common';
import { matchingClose } from './fixHelpers';
import type { ClassLookup } from '../../model/workspaceIndex';
import type { MethodDefinition } from '../../model/model';

export const superDispatchLocalOnly: CppRule = {
  id: 'cpp.superdispatch-localonly',
  severity: 'error',
  summary: 'SUPERDISPATCH inside a LOCALONLY method, which reaches its parent with super:: instead.',
  applies: 'cpp',
  check: ({ path, file, lookup, catalog }) => {
    const out: Finding[] = [];
    for (const def of file.definitions) {
      if (methodKind(lookup, catalog, def.className, def.methodName) !== 'localonly') continue;
      for (const call of def.superDispatchCalls.filter((c) => c.name === def.methodName)) {
        out.push(finding(superDispatchLocalOnly, path, call.span, `${def.methodName} is LOCALONLY: reach the parent with super::${def.methodName}(...) instead of SUPERDISPATCH.`));
      }
    }
    return out;
  },
};

export const superOnRpc: CppRule = {
  id: 'cpp.super-on-rpc',
  severity: 'error',
  summary: 'super::Method(...) without SUPERDISPATCH for a method reached through IIG.',
  applies: 'cpp',
  check: ({ path, file, lookup, catalog }) => {
    const out: Finding[] = [];
    for (const def of file.definitions) {
      for (const call of def.superCalls) {
        if (call.dispatched || methodKind(lookup, catalog, def.className, call.name) !== 'rpc') continue;
        out.push(
          finding(superOnRpc, path, call.span, `${call.name} is reached through IIG, so super::${call.name}(...) skips the dispatch. Call ${call.name}(..., SUPERDISPATCH) instead.`),
        );
      }
    }
    return out;
  },
  fix: (request, found) => {
    const text = request.textOf(request.path);
    if (text === undefined) return undefined;
    const open = text.indexOf('(', found.span.end);
    const close = open < 0 ? -1 : matchingClose(text, open);
    if (open < 0 || close < 0 || text.slice(found.span.end, open).trim() !== '') return undefined;
    const name = text.slice(found.span.start, found.span.end).replace(/^super\s*::\s*/, '');
    const args = text.slice(open + 1, close).trim();
    return {
      title: `Call ${name}(..., SUPERDISPATCH) instead`,
      kind: 'quickfix',
      preferred: true,
      edits: [{ path: request.path, span: { start: found.span.start, end: close + 1 }, newText: `${name}(${args ? `${args}, ` : ''}SUPERDISPATCH)` }],
    };
  },
};

const LIFECYCLE = new Set(['Start', 'Stop']);

/** The body reaches the parent through a macro of the file (`STOP` for `#define STOP Stop(provider, SUPERDISPATCH);`). */
function reachesThroughMacro(def: MethodDefinition): boolean {
  return def.macroParentCalls?.some((c) => c.name === def.methodName) ?? false;
}

/**
 * Another function of the class passes `method` on with SUPERDISPATCH: a Stop that must wait for its
 * dispatch sources to be cancelled returns at once and lets a LOCALONLY member call the parent's
 * Stop later. Which path reaches that member cannot be told from the text, so nothing is said. Start
 * and Stop themselves do not count: Start unwinding a failed start with Stop(…, SUPERDISPATCH) is no
 * stand-in for the call Stop owes.
 */
function passedOnElsewhere(lookup: ClassLookup, def: MethodDefinition): boolean {
  return lookup
    .definitionsOf(def.className)
    .some(({ item }) => !LIFECYCLE.has(item.methodName) && item.superDispatchCalls.some((c) => c.name === def.methodName));
}

export const missingSuperDispatch: CppRule = {
  id: 'cpp.missing-superdispatch',
  severity: 'error',
  summary: 'Start or Stop implemented without passing the call to the parent with SUPERDISPATCH.',
  applies: 'cpp',
  check: ({ path, file, lookup }) => {
    const out: Finding[] = [];
    for (const def of file.definitions) {
      if (!LIFECYCLE.has(def.methodName) || def.form === 'member') continue;
      if (def.superDispatchCalls.some((c) => c.name === def.methodName) || nearUnparsed(file, def.span)) continue;
      // `super::Start(provider)` tries to reach the parent: cpp.super-on-rpc says how to do it right.
      if (def.superCalls.some((c) => c.name === def.methodName)) continue;
      if (reachesThroughMacro(def)) continue;
      if (passedOnElsewhere(lookup, def)) continue;
      out.push(
        finding(missingSuperDispatch, path, def.methodSpan, `${def.className}::${def.methodName} never passes the call to its parent. Add '${def.methodName}(provider, SUPERDISPATCH)' (a driver that skips it is left half started or half stopped).`),
      );
    }
    return out;
  },
};

/**
 * handleStart's parent matters only where it does work: the HID base classes' own handleStart just
 * returns true (their Start does the real setting up around the call), while IOUserUSBHostHIDDevice's
 * opens the interface and its pipes. A workspace class in between that implements it counts as work.
 */
const HANDLE_START_WORKS: ReadonlySet<string> = new Set(['IOUserUSBHostHIDDevice']);
const HANDLE_START_EMPTY: ReadonlySet<string> = new Set(['IOUserHIDDevice', 'IOUserHIDEventService']);

function parentHandleStartWorks(lookup: ClassLookup, ancestors: readonly string[]): boolean {
  for (const name of ancestors) {
    if (HANDLE_START_WORKS.has(name) || lookup.definitionsOf(name, 'handleStart').length > 0) return true;
    if (HANDLE_START_EMPTY.has(name)) return false;
  }
  return false;
}

/** LOCALONLY methods whose parent must run: a class that skips it is never set up or never torn down. */
const PARENT_REQUIRED: Readonly<Record<string, string>> = {
  init: 'the parent is never initialized',
  free: "the parent's resources are never released",
  handleStart: 'the HID parent never starts, so no reports arrive',
};

export const missingSuperCall: CppRule = {
  id: 'cpp.missing-super-call',
  severity: 'error',
  summary: 'init, free or handleStart implemented without calling super:: (the parent is never set up or torn down).',
  applies: 'cpp',
  check: ({ path, file, lookup, catalog }) => {
    const out: Finding[] = [];
    for (const def of file.definitions) {
      const why = PARENT_REQUIRED[def.methodName];
      if (!why || def.form !== 'member' || !lookup.classNamed(def.className)) continue;
      if (def.superCalls.some((c) => c.name === def.methodName) || nearUnparsed(file, def.span)) continue;
      if (reachesThroughMacro(def)) continue;
      // Only where the whole chain is known to declare it LOCALONLY: then super:: is the one way up.
      const chain = classChain(lookup, catalog, def.className);
      if (chain.unknown !== undefined) continue;
      if (methodKind(lookup, catalog, def.className, def.methodName) !== 'localonly') continue;
      // `IOService::free()` spelled out reaches the parent too.
      const ancestors = [...chain.local.slice(1).map((c) => c.name), ...chain.sdk.map((c) => c.name)];
      if (ancestors.some((name) => file.mentions.includes(`${name}::${def.methodName}`))) continue;
      if (def.methodName === 'handleStart' && !parentHandleStartWorks(lookup, ancestors)) continue;
      out.push(finding(missingSuperCall, path, def.methodSpan, `${def.className}::${def.methodName} never calls super::${def.methodName}(), so ${why}.`));
    }
    return out;
  },
};
