/**
 * The kext sources of a workspace taken together: which classes they declare and define, under which
 * base, and the `#define` aliases between names. The kext rules judge one file against this whole;
 * where two files disagree about a name, the rules stay silent about it.
 */
import { dirname, sep } from 'node:path';
import type { KextClassDecl, KextMetaClass, KextSourceFacts } from './kextSource';

export interface Located<T> {
  readonly path: string;
  readonly item: T;
}

export class KextWorkspace {
  private readonly metaByName = new Map<string, Located<KextMetaClass>[]>();
  private readonly aliases = new Map<string, string>();
  /** By the name an alias resolves to, so a lookup costs one map read however many classes there are. */
  private readonly metaByResolved = new Map<string, Located<KextMetaClass>[]>();
  private readonly declaredByResolved = new Map<string, Located<KextClassDecl>[]>();
  /** True when some file wraps a metaclass macro in its own macro (its classes are not all visible). */
  readonly hasWrappedMetaClasses: boolean;

  constructor(readonly files: ReadonlyMap<string, KextSourceFacts>) {
    let wrapped = false;
    for (const facts of files.values()) {
      wrapped ||= facts.wrapsMetaClassMacro;
      for (const [from, to] of facts.aliases) if (!this.aliases.has(from)) this.aliases.set(from, to);
    }
    // Aliases first: every name below is filed under what it resolves to.
    for (const [path, facts] of files) {
      for (const meta of facts.metaClasses) {
        push(this.metaByName, meta.name, { path, item: meta });
        push(this.metaByResolved, this.resolve(meta.name), { path, item: meta });
      }
      for (const cls of facts.classes) if (cls.declared !== undefined) push(this.declaredByResolved, this.resolve(cls.name), { path, item: cls });
    }
    this.hasWrappedMetaClasses = wrapped;
  }

  /** A name through its `#define` aliases (a few steps, never around a loop). */
  resolve(name: string): string {
    let current = name;
    for (let i = 0; i < 8; i++) {
      const next = this.aliases.get(current);
      if (next === undefined || next === current) break;
      current = next;
    }
    return current;
  }

  /** The metaclass definitions of a class, however its name is spelled (alias or resolved). */
  metaClassesOf(name: string): readonly Located<KextMetaClass>[] {
    return this.metaByResolved.get(this.resolve(name)) ?? [];
  }

  /** The C++ declarations of a class that carry an `OSDeclare…Structors`, however its name is spelled. */
  declarationsOf(name: string): readonly Located<KextClassDecl>[] {
    return this.declaredByResolved.get(this.resolve(name)) ?? [];
  }

  /** Every class a metaclass is defined for, by its resolved name, optionally only in some files. */
  definedClasses(among?: ReadonlySet<string>): Set<string> {
    const names = new Set<string>();
    for (const list of this.metaByName.values()) {
      for (const { path, item } of list) {
        if (among !== undefined && !among.has(path)) continue;
        names.add(this.resolve(item.name));
        names.add(item.name);
      }
    }
    return names;
  }

  /** Paths of the kext sources under a folder. */
  sourcesUnder(folder: string): string[] {
    return [...this.files.keys()].filter((path) => isUnder(path, folder));
  }

  /** All names that an alias resolves to or from `name` (for matching a plist's IOClass). */
  spellings(name: string): Set<string> {
    const target = this.resolve(name);
    const names = new Set([name, target]);
    for (const from of this.aliases.keys()) if (this.resolve(from) === target) names.add(from);
    return names;
  }
}

export function isUnder(path: string, folder: string): boolean {
  const prefix = folder.endsWith(sep) || folder.endsWith('/') ? folder : folder + sep;
  return path.startsWith(prefix) || dirname(path) === folder;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
