/**
 * Where copies of a dext are on disk: built ones (in the workspace's build folders, in Xcode's
 * DerivedData) and, on macOS, the installed ones macOS runs (`/Library/SystemExtensions/<UUID>/`,
 * one folder per activation). The debugger creates its target from one of them before the dext runs;
 * the crash reports are symbolicated against them. Walks are bounded in depth and in entries, so a
 * huge workspace or a symlink loop cannot stall the caller.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { dextBinaryAt, readBundleInfo, type DextBinary } from './bundle';

export interface LocatedDext extends DextBinary {
  readonly kind: 'built' | 'installed';
  /** Modification time of the executable, to prefer the newest build. */
  readonly mtimeMs: number;
}

export interface LocateOptions {
  /** Folders searched for built products (the workspace folders). */
  readonly roots: readonly string[];
  readonly platform?: NodeJS.Platform;
  /** The user's home (DerivedData lives below it); tests point it elsewhere. */
  readonly home?: string;
  /** Where macOS keeps activated extensions; tests point it elsewhere. */
  readonly systemExtensions?: string;
  readonly maxDepth?: number;
  readonly maxEntries?: number;
}

/** Folders with sources and tools only: never searched for products. */
const NEVER = new Set(['node_modules', '.git', '.svn', '.hg', '.vscode', 'Pods']);

/** Does the `.dext` folder at `path` hold the dext called `name` (bundle id, bundle name or executable)? */
function isDextNamed(path: string, name: string): boolean {
  if (basename(path) === `${name}.dext`) return true;
  const info = readBundleInfo(path);
  return info.bundleId === name || info.executable === name;
}

/** Breadth-first search for `.dext` folders named `name` under `roots`, bounded. */
async function findBundles(roots: readonly string[], name: string, maxDepth: number, maxEntries: number): Promise<string[]> {
  const found: string[] = [];
  let queue = roots.map((path) => ({ path, depth: 0 }));
  let seen = 0;
  while (queue.length > 0 && seen < maxEntries) {
    const next: { path: string; depth: number }[] = [];
    for (const { path, depth } of queue) {
      let entries: Dirent[];
      try {
        entries = await readdir(path, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        if (++seen > maxEntries) break;
        // Symbolic links are not followed: a link loop cannot trap the walk.
        if (!e.isDirectory() || NEVER.has(e.name)) continue;
        const child = join(path, e.name);
        if (e.name.endsWith('.dext')) {
          if (isDextNamed(child, name)) found.push(child);
        } else if (!e.name.endsWith('.dSYM') && depth + 1 < maxDepth) {
          next.push({ path: child, depth: depth + 1 });
        }
      }
    }
    queue = next;
  }
  return found;
}

async function located(bundle: string, kind: LocatedDext['kind']): Promise<LocatedDext | undefined> {
  const binary = dextBinaryAt(bundle);
  if (typeof binary === 'string') return undefined;
  const mtimeMs = (await stat(binary.executable).catch(() => undefined))?.mtimeMs ?? 0;
  return { ...binary, kind, mtimeMs };
}

/** Every copy of the dext called `name` found, built copies first, newest first within each kind. */
export async function locateDextCopies(name: string, options: LocateOptions): Promise<LocatedDext[]> {
  const wanted = name.trim().replace(/\.dext\/?$/, '');
  if (!wanted || wanted.includes('/') || wanted.includes('\0')) return [];
  const platform = options.platform ?? process.platform;
  const maxDepth = options.maxDepth ?? 8;
  const maxEntries = options.maxEntries ?? 50_000;
  const builtRoots = [...options.roots];
  if (platform === 'darwin') builtRoots.push(join(options.home ?? homedir(), 'Library', 'Developer', 'Xcode', 'DerivedData'));
  const built = await findBundles(builtRoots, wanted, maxDepth, maxEntries);
  // Installed copies sit at /Library/SystemExtensions/<UUID>/<name>.dext.
  const installed = platform === 'darwin' ? await findBundles([options.systemExtensions ?? '/Library/SystemExtensions'], wanted, 2, 10_000) : [];
  const all = [
    ...(await Promise.all(built.map((b) => located(b, 'built')))),
    ...(await Promise.all(installed.map((b) => located(b, 'installed')))),
  ].filter((d): d is LocatedDext => d !== undefined);
  const unique = new Map(all.map((d) => [d.executable, d]));
  return [...unique.values()].sort((a, b) => (a.kind === b.kind ? b.mtimeMs - a.mtimeMs : a.kind === 'built' ? -1 : 1));
}
