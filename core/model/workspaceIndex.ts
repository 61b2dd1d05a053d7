/**
 * Links every analysed file of the workspace: classes by name (from .iig files) and method
 * definitions by class (from .cpp files). Updating one file replaces only that file's entries.
 */
import type { ClassDecl, IvarsStruct, MethodDefinition, SourceFile } from './model';

export interface Located<T> {
  readonly path: string;
  readonly item: T;
}

export class WorkspaceIndex {
  private readonly files = new Map<string, SourceFile>();
  private readonly classesByName = new Map<string, Located<ClassDecl>[]>();
  private readonly definitionsByClass = new Map<string, Located<MethodDefinition>[]>();
  private readonly ivarsByClass = new Map<string, Located<IvarsStruct>[]>();
  private generation = 0;

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
    if (model.kind === 'iig') {
      for (const cls of model.classes) push(this.classesByName, cls.name, { path, item: cls });
    } else {
      for (const def of model.definitions) push(this.definitionsByClass, def.className, { path, item: def });
      for (const ivars of model.ivarsStructs) push(this.ivarsByClass, ivars.className, { path, item: ivars });
    }
    this.generation++;
  }

  remove(path: string): void {
    const old = this.files.get(path);
    if (!old) return;
    this.files.delete(path);
    if (old.kind === 'iig') {
      for (const cls of old.classes) pull(this.classesByName, cls.name, path);
    } else {
      for (const def of old.definitions) pull(this.definitionsByClass, def.className, path);
      for (const ivars of old.ivarsStructs) pull(this.ivarsByClass, ivars.className, path);
    }
    this.generation++;
  }

  /** The workspace's declaration of a class (the first, when several files declare one name). */
  classNamed(name: string): Located<ClassDecl> | undefined {
    return this.classesByName.get(name)?.[0];
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
