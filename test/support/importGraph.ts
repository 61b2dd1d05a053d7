/**
 * The product's imports, read with the TypeScript compiler's own pre-processor (`ts.preProcessFile`:
 * imports and re-exports, type-only ones included, `require(...)` and `import(...)` calls), for the
 * architecture test: which area of the repository each file belongs to, what it may import, and
 * which folders import each other in a circle.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

export const ROOT = resolve(__dirname, '..', '..');

/** The four programs, and the two shared areas every program may use. */
export const PROGRAMS = { client: 'client/src/', server: 'server/src/', adapter: 'adapter/', cli: 'cli/' } as const;
export const SHARED = { core: 'core/', protocol: 'protocol/' } as const;
export type Area = keyof typeof PROGRAMS | keyof typeof SHARED;

const AREAS = Object.entries({ ...PROGRAMS, ...SHARED }) as Array<[Area, string]>;

/** Packages that are an editor, a protocol or a debugger API: core knows DriverKit, not editors. */
const EDITOR_PACKAGES = /^(vscode|vscode-languageserver.*|vscode-languageclient|vscode-jsonrpc|@vscode\/.*)$/;

export interface SourceFile {
  /** Repository-relative, with `/`. */
  readonly path: string;
  readonly text: string;
}

export interface Import {
  readonly from: string;
  /** As written. */
  readonly specifier: string;
  /** The repository-relative path it names (without extension), for a relative import. */
  readonly target?: string;
}

export function areaOf(path: string): Area | undefined {
  return AREAS.find(([, prefix]) => path.startsWith(prefix))?.[0];
}

/** `core/sdk/…` → `sdk`; undefined outside core. */
export function coreFolderOf(path: string): string | undefined {
  return path.startsWith(SHARED.core) ? path.slice(SHARED.core.length).split('/')[0] : undefined;
}

export function readProduct(): SourceFile[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return walk(path);
      return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
    });
  return AREAS.flatMap(([, prefix]) => walk(join(ROOT, prefix)))
    .map((path) => ({ path: relative(ROOT, path).split('\\').join('/'), text: readFileSync(path, 'utf8') }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

export function importsOf(file: SourceFile): Import[] {
  return ts.preProcessFile(file.text, true, true).importedFiles.map(({ fileName: specifier }) =>
    specifier.startsWith('.') ? { from: file.path, specifier, target: join(dirname(file.path), specifier).split('\\').join('/') } : { from: file.path, specifier },
  );
}

const packageName = (specifier: string): string => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);
const isBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || builtinModules.includes(packageName(specifier));

/** Why an import breaks the layout, or undefined when it may stay. */
export function offence(file: SourceFile, imported: Import, npmPackages: ReadonlySet<string>): string | undefined {
  const from = areaOf(file.path);
  const { specifier, target } = imported;
  if (target === undefined) {
    if (from === 'core' && EDITOR_PACKAGES.test(packageName(specifier))) return `${file.path} imports ${specifier}: core knows DriverKit, not editors or protocols`;
    if (from === 'core' && !isBuiltin(specifier) && !npmPackages.has(packageName(specifier))) return `${file.path} imports ${specifier}, which is neither node's nor a declared npm package`;
    if (from === 'protocol' && specifier === 'vscode') return `${file.path} imports vscode: the protocol is shared with the server`;
    return undefined;
  }
  const to = areaOf(target);
  if (to === undefined) return `${file.path} imports ${target}, which is outside the product's areas`;
  if (from === 'core' && to !== 'core') return `${file.path} imports ${target}: core imports nothing outside core`;
  if (from === 'protocol' && to !== 'core' && to !== 'protocol') return `${file.path} imports ${target}: the protocol is shared, it imports no program`;
  if (from !== undefined && from in PROGRAMS && to in PROGRAMS && to !== from) return `${file.path} imports ${target}: ${from} may use core and protocol, not ${to}'s internals`;
  return undefined;
}

/** The circles of a directed graph (strongly connected parts with more than one node), each sorted, in sorted order. */
export function cycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const nodes = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((s) => [...s])])].sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  // Tarjan's algorithm, iteratively: a frame is a node and the neighbours it has yet to visit.
  for (const start of nodes) {
    if (index.has(start)) continue;
    const frames: Array<{ node: string; next: string[] }> = [];
    const open = (node: string): void => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      frames.push({ node, next: [...(edges.get(node) ?? [])].sort() });
    };
    open(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const neighbour = frame.next.shift();
      if (neighbour !== undefined) {
        if (!index.has(neighbour)) open(neighbour);
        else if (onStack.has(neighbour)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(neighbour)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const part: string[] = [];
      for (let member = stack.pop(); member !== undefined; member = member === frame.node ? undefined : stack.pop()) {
        onStack.delete(member);
        part.push(member);
      }
      if (part.length > 1) found.push(part.sort());
    }
  }
  return found.sort((a, b) => a.join().localeCompare(b.join()));
}

/** area → areas it imports, and core folder → core folders it imports (each without itself). */
export function folderGraphs(files: readonly SourceFile[]): { areas: Map<string, Set<string>>; coreFolders: Map<string, Set<string>> } {
  const areas = new Map<string, Set<string>>();
  const coreFolders = new Map<string, Set<string>>();
  const add = (graph: Map<string, Set<string>>, a: string | undefined, b: string | undefined): void => {
    if (a === undefined || b === undefined || a === b) return;
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)!.add(b);
  };
  for (const file of files) {
    for (const { target } of importsOf(file)) {
      if (target === undefined) continue;
      add(areas, areaOf(file.path), areaOf(target));
      add(coreFolders, coreFolderOf(file.path), coreFolderOf(target));
    }
  }
  return { areas, coreFolders };
}
