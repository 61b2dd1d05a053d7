/**
 * A kext class is written twice: the C++ declaration (`class X : public B { OSDeclareDefaultStructors(X) … }`)
 * and the metaclass (`OSDefineMetaClassAndStructors(X, B)`). Nothing checks that the two agree: a
 * metaclass naming another base compiles, and the kernel's run-time type chain (`OSDynamicCast`,
 * matching on a class name) then disagrees with the C++ one. `#define super B` is the third copy:
 * one that names another class makes every `super::` call skip a level or land in the wrong class.
 */
import { basename, dirname, extname, join } from 'node:path';
import { matchingParen } from '../../model/codeView';
import type { SuperDefine } from '../../kext/kextSource';
import type { KextWorkspace } from '../../kext/kextWorkspace';
import { finding, type Finding } from '../finding';
import { replaceWithSuggestion, type KextSourceContext, type KextSourceRule } from './context';

export const metaClassBase: KextSourceRule = {
  id: 'kext.metaclass-base',
  fix: replaceWithSuggestion,
  severity: 'error',
  summary: 'OSDefineMetaClassAndStructors names another base class than the C++ declaration of the class.',
  applies: 'kext-source',
  check: ({ path, facts, kext }) =>
    facts.metaClasses.flatMap((meta) => {
      const bases = new Set(kext.declarationsOf(meta.name).flatMap((d) => (d.item.base ? [kext.resolve(d.item.base)] : [])));
      // One declaration, or several that agree: otherwise which one is meant is unknown.
      if (bases.size !== 1) return [];
      const declared = [...bases][0];
      // `OSDefineMetaClassAndStructors(X, super)` names the class `#define super` does.
      const written = meta.base === 'super' ? facts.superDefines.find((d) => d.from <= meta.span.start && meta.span.start < d.to)?.base : meta.base;
      if (written === undefined || declared === kext.resolve(written)) return [];
      return [
        finding(
          metaClassBase,
          path,
          meta.baseSpan,
          `${meta.name} is declared as a subclass of ${declared}, but its metaclass names ${written} as the superclass: the kernel's type checks (OSDynamicCast, matching) then follow ${written}. Write OSDefineMetaClassAndStructors(${meta.name}, ${declared}).`,
          undefined,
          { replacement: declared },
        ),
      ];
    }),
};

export const metaClassPair: KextSourceRule = {
  id: 'kext.metaclass-pair',
  fix: replaceWithSuggestion,
  severity: 'error',
  summary: 'OSDeclareDefaultStructors names another class than the one it is in, or a class declared with it has no OSDefineMetaClassAndStructors.',
  applies: 'kext-source',
  check: (context) => context.facts.classes.flatMap((cls): Finding[] => {
    const { path, kext } = context;
    if (cls.declared === undefined || cls.declaredSpan === undefined) return [];
    if (kext.resolve(cls.declared) !== kext.resolve(cls.name)) {
      if (spelledThroughUnseenMacro(kext, cls.name, cls.declared)) return [];
      return [finding(metaClassPair, path, cls.declaredSpan, `OSDeclareDefaultStructors(${cls.declared}) is inside class ${cls.name}: it declares the structors and metaclass of the class it sits in, so it must name ${cls.name}.`, undefined, { replacement: cls.name })];
    }
    if (!ownsDefinition(context, cls.name)) return [];
    return [
      finding(
        metaClassPair,
        path,
        cls.declaredSpan,
        `${cls.name} declares its structors with ${macroWord(context, cls.declaredSpan.start)} but no source of the kext defines them: add OSDefineMetaClassAndStructors(${cls.name}, ${cls.base ?? 'its base class'}) to its .cpp, or the kext fails to link (its metaclass is undefined).`,
      ),
    ];
  }),
};

/**
 * `class DriverClassName : … { OSDeclareDefaultStructors(com_vendor_Driver) }` where the `#define`
 * joining the two names sits in a header no kext source is (one shared with the app or tool): the
 * declared name has a metaclass but no class spelled so, and the class it sits in has no metaclass
 * of its own. The two are then one class written twice, not a pasted macro naming another one.
 */
function spelledThroughUnseenMacro(kext: KextWorkspace, className: string, declared: string): boolean {
  return kext.metaClassesOf(className).length === 0 && kext.metaClassesOf(declared).length > 0 && kext.declarationsOf(declared).length === 0;
}

/**
 * A declaration without any definition is reported only where the kext's own .cpp must hold it: the
 * class is declared in a .cpp, or in a header with a .cpp of the same name beside it. A header of
 * another kext's class (included to use or subclass it) is defined in that kext.
 */
function ownsDefinition({ path, kext }: KextSourceContext, name: string): boolean {
  if (kext.hasWrappedMetaClasses || kext.metaClassesOf(name).length > 0) return false;
  if (/\.(cpp|cc|cxx|c\+\+)$/i.test(path)) return true;
  const stem = join(dirname(path), basename(path, extname(path)));
  return ['.cpp', '.cc', '.cxx'].some((ext) => kext.files.has(stem + ext));
}

function macroWord({ facts }: KextSourceContext, argumentAt: number): string {
  const open = facts.code.lastIndexOf('(', argumentAt);
  const m = /(\w+)\s*$/.exec(facts.code.slice(Math.max(0, open - 60), open));
  return m ? m[1] : 'OSDeclareDefaultStructors';
}

export const superDefine: KextSourceRule = {
  id: 'kext.super-define',
  fix: replaceWithSuggestion,
  severity: 'error',
  summary: '`#define super X` where the classes whose methods it serves derive from another class.',
  applies: 'kext-source',
  check: ({ path, facts, kext }) =>
    facts.superDefines.flatMap((define) => {
      // The classes it serves: those whose metaclass or member definitions stand where it is in effect.
      const served = new Set(facts.metaClasses.filter((m) => m.base !== 'super' && m.span.start >= define.from && m.span.start < define.to).map((m) => m.name));
      for (const name of definedMembers(facts.code, define.from, define.to)) served.add(name);
      const bases = new Set<string>();
      for (const name of served) {
        const base = baseOf(kext, name);
        if (base !== undefined) bases.add(base);
      }
      if (bases.size !== 1) return [];
      const base = [...bases][0];
      if (kext.resolve(define.base) === base) return [];
      if (skipsNothingCalled(kext, facts.code, define, base)) return [];
      const names = [...served].filter((n) => baseOf(kext, n) !== undefined).join(', ');
      return [
        finding(
          superDefine,
          path,
          define.baseSpan,
          `super is defined as ${define.base}, but ${names} derives from ${base}: every super:: call here goes to ${define.base} instead of the parent class. Write #define super ${base}.`,
          undefined,
          { replacement: base },
        ),
      ];
    }),
};

const SUPER_CALL = /\bsuper\s*::\s*(\w+)\s*\(/g;
/** Past this many classes up a chain, the walk gives up (and the finding stands). */
const MAX_CHAIN = 16;
/**
 * Kernel classes of the SDK whose own methods are known from xnu's headers: a `super` that skips one
 * of them loses nothing but these. Any other SDK class may override what it skips, so it keeps the finding.
 */
const KNOWN_KERNEL_CLASSES: ReadonlyMap<string, { readonly base: string; readonly methods: readonly string[] }> = new Map([
  // It only routes externalMethod to a 2022 dispatch table (IOUserClient.h).
  ['IOUserClient2022', { base: 'IOUserClient', methods: ['externalMethod', 'dispatchExternalMethod'] }],
  // An abstract class of the serial methods only, all pure virtual (IOSerialDriverSync.h).
  ['IOSerialDriverSync', { base: 'IOService', methods: ['acquirePort', 'releasePort', 'setState', 'getState', 'watchState', 'nextEvent', 'executeEvent', 'requestEvent', 'enqueueEvent', 'dequeueEvent', 'enqueueData', 'dequeueData'] }],
]);

/**
 * True when `#define super` changes nothing the code does: no `super::` call follows it, or it names an
 * ancestor further up than the parent and every class it skips declares none of the methods called
 * through `super::` (each call then reaches the same implementation). A skipped class whose methods are
 * unknown (an SDK family class), or a `super` that is no ancestor at all, keeps the finding.
 */
function skipsNothingCalled(kext: KextWorkspace, code: string, define: SuperDefine, parent: string): boolean {
  const called = new Set<string>();
  const re = new RegExp(SUPER_CALL.source, 'g');
  re.lastIndex = define.from;
  let count = 0;
  for (let m = re.exec(code); m && m.index < define.to && count < 2000; m = re.exec(code), count++) called.add(m[1]);
  if (called.size === 0) return true;
  const target = kext.resolve(define.base);
  const bodies: string[] = [];
  let current: string | undefined = parent;
  for (let i = 0; current !== undefined && current !== target; i++) {
    if (i >= MAX_CHAIN) return false;
    const declarations = kext.declarationsOf(current);
    if (declarations.length === 0) {
      const known = KNOWN_KERNEL_CLASSES.get(current);
      if (known === undefined || known.methods.some((name) => called.has(name))) return false;
      current = known.base;
      continue;
    }
    for (const { path, item } of declarations) {
      const text = kext.files.get(path)?.code;
      if (text === undefined) return false;
      bodies.push(text.slice(item.span.start, item.span.end));
    }
    current = baseOf(kext, current);
  }
  if (current !== target) return false;
  const declares = new RegExp(`(?:^|[^\\w~])(?:${[...called].join('|')})\\s*\\(`);
  return !bodies.some((body) => declares.test(body));
}

const MEMBER_DEFINITION = /\b(\w+)\s*::\s*~?\w+\s*\(/g;

/** Classes with a member function defined (`X::m(…) {`) between two offsets. */
function definedMembers(code: string, from: number, to: number): Set<string> {
  const names = new Set<string>();
  const re = new RegExp(MEMBER_DEFINITION.source, 'g');
  re.lastIndex = from;
  let count = 0;
  for (let m = re.exec(code); m && m.index < to && count < 2000; m = re.exec(code), count++) {
    const close = matchingParen(code.slice(0, Math.min(code.length, m.index + m[0].length + 1024)), m.index + m[0].length - 1);
    if (close < 0) continue;
    const after = /^\s*(?:const\s*)?\{/.exec(code.slice(close + 1, close + 40));
    if (after && m[1] !== 'super') names.add(m[1]);
  }
  return names;
}

/** A kext class's base: its C++ declaration's (what `super::` must name), else its metaclass's, when every copy agrees. */
function baseOf(kext: KextWorkspace, name: string): string | undefined {
  const declared = new Set(kext.declarationsOf(name).flatMap((d) => (d.item.base ? [kext.resolve(d.item.base)] : [])));
  if (declared.size > 0) return declared.size === 1 ? [...declared][0] : undefined;
  const fromMeta = new Set(kext.metaClassesOf(name).filter((m) => m.item.base !== 'super').map((m) => kext.resolve(m.item.base)));
  return fromMeta.size === 1 ? [...fromMeta][0] : undefined;
}
