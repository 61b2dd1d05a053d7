/**
 * DriverKit SDK knowledge in one place: the bundled catalog, overlaid by the classes of an installed
 * SDK when one was indexed (the installed SDK wins where both know a class).
 */
import type { SdkAvailability, SdkClass, SdkEnum, SdkFunction, SdkMethod } from './catalogTypes';
import { methodNamed, methodNamedIn } from '../model/namedMethods';

export interface SdkMember {
  readonly cls: SdkClass;
  readonly method: SdkMethod;
}

/** Free functions and enums whose availability a header states. */
export interface SdkSymbols {
  readonly functions: readonly SdkFunction[];
  readonly enums: readonly SdkEnum[];
}

export const NO_SYMBOLS: SdkSymbols = { functions: [], enums: [] };

export class SdkCatalog {
  private readonly byName = new Map<string, SdkClass>();
  private readonly installedNames = new Set<string>();
  private readonly functions = new Map<string, SdkFunction>();
  private readonly enums = new Map<string, SdkEnum>();

  /** The installed SDK's classes and symbols win over the bundled ones of the same name. */
  constructor(bundled: readonly SdkClass[], installed: readonly SdkClass[] = [], symbols: readonly SdkSymbols[] = []) {
    for (const cls of bundled) this.byName.set(cls.name, cls);
    for (const cls of installed) {
      this.byName.set(cls.name, cls);
      this.installedNames.add(cls.name);
    }
    for (const set of symbols) {
      for (const fn of set.functions) this.functions.set(fn.name, fn);
      for (const e of set.enums) this.enums.set(e.name, e);
    }
  }

  /**
   * A catalog with an installed SDK's classes (and functions and enums) laid over this one's. The
   * SDK's headers mark few APIs with their availability, Apple's documentation many: what a header
   * leaves unsaid is taken from this catalog's record of the same class or method.
   */
  withInstalled(installed: readonly SdkClass[], symbols: SdkSymbols = NO_SYMBOLS): SdkCatalog {
    const kept = { functions: [...this.functions.values()], enums: [...this.enums.values()] };
    const documented = installed.map((cls) => withDocumentedAvailability(cls, this.byName.get(cls.name)));
    return new SdkCatalog([...this.byName.values()].filter((c) => !this.installedNames.has(c.name)), documented, [kept, symbols]);
  }

  /** A free function a header marks with DriverKit availability. */
  functionNamed(name: string): SdkFunction | undefined {
    return this.functions.get(name);
  }

  /** An enum a header marks with DriverKit availability. */
  enumNamed(name: string): SdkEnum | undefined {
    return this.enums.get(name);
  }

  get size(): number {
    return this.byName.size;
  }

  classNamed(name: string): SdkClass | undefined {
    return this.byName.get(name);
  }

  /** True when an installed SDK was indexed: then a class it lacks really does not exist. */
  get hasInstalled(): boolean {
    return this.installedNames.size > 0;
  }

  isInstalled(name: string): boolean {
    return this.installedNames.has(name);
  }

  classes(): SdkClass[] {
    return [...this.byName.values()];
  }

  /** The class and its superclasses, nearest first (stops at a cycle or an unknown name). */
  chain(name: string): SdkClass[] {
    const out: SdkClass[] = [];
    const seen = new Set<string>();
    for (let cls = this.byName.get(name); cls && !seen.has(cls.name); cls = cls.superclass ? this.byName.get(cls.superclass) : undefined) {
      seen.add(cls.name);
      out.push(cls);
    }
    return out;
  }

  isSubclassOf(name: string, ancestor: string): boolean {
    return this.chain(name).some((c) => c.name === ancestor);
  }

  /** The nearest declaration of `methodName` in the class or its superclasses. */
  findMethod(className: string, methodName: string): SdkMember | undefined {
    for (const cls of this.chain(className)) {
      const method = methodNamed(cls.methods, methodName);
      if (method) return { cls, method };
    }
    return undefined;
  }

  /** Every method of the chain, nearest declaration of each name first. */
  methodsOf(className: string): SdkMember[] {
    const seen = new Set<string>();
    const out: SdkMember[] = [];
    for (const cls of this.chain(className)) {
      for (const method of cls.methods) {
        if (seen.has(method.name)) continue;
        seen.add(method.name);
        out.push({ cls, method });
      }
    }
    return out;
  }

  /** Callback prototypes usable in TYPE(Class::Method). */
  callbacks(): SdkMember[] {
    return this.classes().flatMap((cls) => cls.methods.filter((m) => m.callback).map((method) => ({ cls, method })));
  }

  /** A callback prototype named like "IOTimerDispatchSource::TimerOccurred". */
  callback(qualified: string): SdkMember | undefined {
    const [className, methodName] = qualified.split('::').map((s) => s.trim());
    if (!className || !methodName) return undefined;
    const method = methodNamedIn(this.classNamed(className)?.methods, methodName);
    return method ? { cls: this.classNamed(className)!, method } : undefined;
  }
}

const AVAILABILITY_FIELDS = ['availability', 'deprecated', 'obsoleted', 'unavailable', 'replacement'] as const;

/** `record` with the availability fields it lacks taken from `known` (each field on its own). */
function filledFrom<T extends SdkAvailability>(record: T, known: SdkAvailability | undefined): T {
  if (!known) return record;
  const missing = AVAILABILITY_FIELDS.filter((field) => record[field] === undefined && known[field] !== undefined);
  return missing.length === 0 ? record : { ...record, ...Object.fromEntries(missing.map((field) => [field, known[field]])) };
}

/**
 * An installed class with the availability the catalog documents where its header is silent; a
 * method takes it from the catalog's record of the same method (sameMethod), when there is one.
 */
function withDocumentedAvailability(cls: SdkClass, documented: SdkClass | undefined): SdkClass {
  if (!documented) return cls;
  const methods = cls.methods.map((method) => filledFrom(method, sameMethod(method, documented.methods)));
  return { ...filledFrom(cls, documented), methods };
}

/**
 * The one method of `candidates` that is `method` as another source records it: the same name and
 * parameter count, and, among several such overloads, the same parameter text (spaces aside).
 * Undefined when none is, or several could be.
 */
export function sameMethod<T extends SdkMethod>(method: SdkMethod, candidates: readonly T[]): T | undefined {
  const same = candidates.filter((m) => m.name === method.name && m.parameters.length === method.parameters.length);
  if (same.length <= 1) return same[0];
  const text = (m: SdkMethod) => m.parameters.join(',').replace(/\s+/g, '');
  const exact = same.filter((m) => text(m) === text(method));
  return exact.length === 1 ? exact[0] : undefined;
}
