/**
 * Links every analysed file of the workspace: classes by name (from .iig files) and method
 * definitions by class (from .cpp files). Updating one file replaces only that file's entries.
 */
import type { ClassDecl, IvarsStruct, MethodDefinition, SourceFile } from './model';

export interface Located<T> {
  readonly path: string;
  readonly item: T;
}

/** Class and definition lookups, as the rules and completions use them. */
export interface ClassLookup {
  /** The workspace's declaration of a class (the nearest one when several projects declare the name). */
  classNamed(name: string): Located<ClassDecl> | undefined;
  allClasses(): Located<ClassDecl>[];
  /** The Class_IVars struct of a class, from whichever .cpp defines it. */
  ivarsOf(className: string): Located<IvarsStruct> | undefined;
  /** Definitions of the class's methods (those that belong to the declaration this lookup sees). */
  definitionsOf(className: string, methodName?: string): Located<MethodDefinition>[];
  /** True when some .cpp implements or names `className::methodName` (lexically, parsed or not). */
  isMentioned(className: string, methodName: string): boolean;
  /** Every declaration of a class name (one per project that declares it; .iig and headers alike). */
  declarationsOf(name: string): readonly Located<ClassDecl>[];
  /**
   * True when some source's `#include` names the file at `path`: its name alone (`X.h`, which
   * Xcode's header map resolves from any folder) or its name under the folders above it (`Driver/X.h`).
   */
  isIncluded(path: string): boolean;
}

/**
 * Which project a path belongs to (the Xcode project covering it, say): declarations in the same
 * project are preferred to those of another project of the workspace that uses the same class name.
 */
export type ScopeOf = (path: string) => string;

export class WorkspaceIndex implements ClassLookup {
  private readonly files = new Map<string, SourceFile>();
  private readonly classesByName = new Map<string, Located<ClassDecl>[]>();
  private readonly definitionsByClass = new Map<string, Located<MethodDefinition>[]>();
  private readonly ivarsByClass = new Map<string, Located<IvarsStruct>[]>();
  /** How many .cpp files mention each `Class::Method` (see CppFile.mentions). */
  private readonly mentionCounts = new Map<string, number>();
  /** How many files include each path, as written (normalised by includeKey). */
  private readonly includeCounts = new Map<string, number>();
  private generation = 0;
  /** Set by the workspace once it knows its projects. */
  scopeOf: ScopeOf = () => '';

  /** Bumped on every change, so views can cache what they computed from the index. */
  get version(): number {
    return this.generation;
  }

  get size(): number {
    return this.files.size;
  }

  paths(): IterableIterator<string> {
    return this.files.keys();
  }

  file(path: string): SourceFile | undefined {
    return this.files.get(path);
  }

  set(path: string, model: SourceFile): void {
    this.remove(path);
    this.files.set(path, model);
    for (const include of model.includes) count(this.includeCounts, includeKey(include.path), 1);
    if (model.kind === 'iig') {
      for (const cls of model.classes) push(this.classesByName, cls.name, { path, item: cls });
    } else {
      for (const def of model.definitions) push(this.definitionsByClass, def.className, { path, item: def });
      for (const ivars of model.ivarsStructs) push(this.ivarsByClass, ivars.className, { path, item: ivars });
      for (const mention of model.mentions) this.mentionCounts.set(mention, (this.mentionCounts.get(mention) ?? 0) + 1);
    }
    this.generation++;
  }

  remove(path: string): void {
    const old = this.files.get(path);
    if (!old) return;
    this.files.delete(path);
    for (const include of old.includes) count(this.includeCounts, includeKey(include.path), -1);
    if (old.kind === 'iig') {
      for (const cls of old.classes) pull(this.classesByName, cls.name, path);
    } else {
      for (const def of old.definitions) pull(this.definitionsByClass, def.className, path);
      for (const ivars of old.ivarsStructs) pull(this.ivarsByClass, ivars.className, path);
      for (const mention of old.mentions) {
        const left = (this.mentionCounts.get(mention) ?? 1) - 1;
        if (left > 0) this.mentionCounts.set(mention, left);
        else this.mentionCounts.delete(mention);
      }
    }
    this.generation++;
  }

  /** The workspace's declaration of a class (the first, when several files declare one name). */
  classNamed(name: string): Located<ClassDecl> | undefined {
    return nearest(this.classesByName.get(name) ?? [], '', this.scopeOf);
  }

  allClasses(): Located<ClassDecl>[] {
    return [...this.classesByName.values()].flat();
  }

  /** The Class_IVars struct of a class, from whichever .cpp defines it. */
  ivarsOf(className: string): Located<IvarsStruct> | undefined {
    return this.ivarsByClass.get(className)?.[0];
  }

  definitionsOf(className: string, methodName?: string): Located<MethodDefinition>[] {
    const all = this.definitionsByClass.get(className) ?? [];
    return methodName === undefined ? all : all.filter((d) => d.item.methodName === methodName);
  }

  /** True when some .cpp implements or names `className::methodName` (lexically, parsed or not). */
  isMentioned(className: string, methodName: string): boolean {
    return this.mentionCounts.has(`${className}::${methodName}`);
  }

  /** Every declaration of a class name (one per project that declares it). */
  declarationsOf(name: string): readonly Located<ClassDecl>[] {
    return this.classesByName.get(name) ?? [];
  }

  isIncluded(path: string): boolean {
    const parts = includeKey(path).split('/');
    // An include names at most a few folders above the file; looking further only costs time.
    for (let n = 1; n <= Math.min(parts.length, MAX_INCLUDE_DEPTH); n++) {
      if (this.includeCounts.has(parts.slice(-n).join('/'))) return true;
    }
    return false;
  }

  /** Lookups as seen from one file: a name declared in several projects resolves to the nearest. */
  from(path: string): ClassLookup {
    return new ScopedLookup(this, path);
  }
}

interface Remembered<T> {
  readonly version: number;
  readonly value: T;
}

/** The lookups of a workspace index as seen from one file. */
class ScopedLookup implements ClassLookup {
  private readonly classesSeen = new Map<string, Remembered<Located<ClassDecl> | undefined>>();
  private readonly definitionsSeen = new Map<string, Remembered<Located<MethodDefinition>[]>>();

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly path: string,
  ) {}

  classNamed(name: string): Located<ClassDecl> | undefined {
    const declarations = this.index.declarationsOf(name);
    if (declarations.length <= 1) return declarations[0];
    return this.remembered(this.classesSeen, name, () => nearest(declarations, this.path, this.index.scopeOf));
  }

  allClasses(): Located<ClassDecl>[] {
    return this.index.allClasses();
  }

  ivarsOf(className: string): Located<IvarsStruct> | undefined {
    return this.index.ivarsOf(className);
  }

  isMentioned(className: string, methodName: string): boolean {
    return this.index.isMentioned(className, methodName);
  }

  declarationsOf(name: string): readonly Located<ClassDecl>[] {
    return this.index.declarationsOf(name);
  }

  isIncluded(path: string): boolean {
    return this.index.isIncluded(path);
  }

  definitionsOf(className: string, methodName?: string): Located<MethodDefinition>[] {
    const declarations = this.index.declarationsOf(className);
    if (declarations.length <= 1) return this.index.definitionsOf(className, methodName);
    const definitions = this.remembered(this.definitionsSeen, className, () => this.seenDefinitions(className, declarations));
    return methodName === undefined ? definitions : definitions.filter((d) => d.item.methodName === methodName);
  }

  /** `compute()` for `name`, once per index version: rules ask per declaration, and a file may repeat one class many times. */
  private remembered<T>(memo: Map<string, Remembered<T>>, name: string, compute: () => T): T {
    let known = memo.get(name);
    if (known?.version !== this.index.version) {
      known = { version: this.index.version, value: compute() };
      memo.set(name, known);
    }
    return known.value;
  }

  /** Each definition belongs to the declaration nearest to it; those of the one seen from here. */
  private seenDefinitions(className: string, declarations: readonly Located<ClassDecl>[]): Located<MethodDefinition>[] {
    const seen = nearest(declarations, this.path, this.index.scopeOf);
    // Nearness depends on the path alone: one comparison per file, not per definition.
    const nearestFrom = new Map<string, Located<ClassDecl> | undefined>();
    return this.index.definitionsOf(className).filter((d) => {
      if (!nearestFrom.has(d.path)) nearestFrom.set(d.path, nearest(declarations, d.path, this.index.scopeOf));
      return nearestFrom.get(d.path) === seen;
    });
  }
}

/**
 * The candidate declared in a .iig first (a class in a plain header is what iig never sees), then
 * the one in the same scope as `from`, then the one sharing the longest folder prefix.
 */
function nearest<T>(candidates: readonly Located<T>[], from: string, scopeOf: ScopeOf): Located<T> | undefined {
  if (candidates.length <= 1) return candidates[0];
  const scope = scopeOf(from);
  let best: Located<T> | undefined;
  let bestScore = -1;
  for (const candidate of candidates) {
    const iig = /\.iig$/i.test(candidate.path) ? 2_000_000 : 0;
    const score = iig + (scopeOf(candidate.path) === scope ? 1_000_000 : 0) + sharedFolderLength(candidate.path, from);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

function sharedFolderLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let lastSeparator = 0;
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) break;
    if (a[i] === '/' || a[i] === '\\') lastSeparator = i;
  }
  return lastSeparator;
}

const MAX_INCLUDE_DEPTH = 8;

/**
 * An include path as a lookup key: forward slashes, lower case (macOS volumes ignore case), without
 * leading `./` and `../` (`../Driver/X.h` still names a `Driver/X.h`).
 */
function includeKey(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(?:\.\.?\/)+/, '').toLowerCase();
}

function count(map: Map<string, number>, key: string, by: number): void {
  const next = (map.get(key) ?? 0) + by;
  if (next > 0) map.set(key, next);
  else map.delete(key);
}

function push<T>(map: Map<string, Located<T>[]>, key: string, value: Located<T>): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function pull<T>(map: Map<string, Located<T>[]>, key: string, path: string): void {
  const list = map.get(key);
  if (!list) return;
  const kept = list.filter((entry) => entry.path !== path);
  if (kept.length > 0) map.set(key, kept);
  else map.delete(key);
}
