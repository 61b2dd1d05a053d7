/**
 * Finds the headers iig generated from the workspace's `.iig` files during an Xcode build. Xcode
 * writes `Foo.h` for `Foo.iig` into the target's `DerivedSources` folder (by default one level down,
 * in a folder named after the product), somewhere under
 * `<DerivedData>/<Project>-<hash>/Build/Intermediates.noindex/<Project>.build/<Config>-driverkit/<Target>.build/`,
 * and the index build does the same under `Index.noindex/`. The nesting differs between Xcode
 * versions and build locations, so this searches for `DerivedSources` folders that really hold one of
 * the expected headers instead of assuming a layout.
 *
 * The search is bounded (depth, number of entries read, time, a cancel signal), skips symbolic links
 * and the big folders of a DerivedData tree that never hold generated headers. Pure Node, no `vscode`.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';

export interface SearchLimits {
  /** How many folders deep to look below each location. The deepest real layout needs 8. */
  readonly maxDepth: number;
  /** Directory entries read over the whole search. */
  readonly maxEntries: number;
  /** Milliseconds for the whole search. */
  readonly timeoutMs: number;
}

export const DEFAULT_SEARCH_LIMITS: SearchLimits = { maxDepth: 10, maxEntries: 200_000, timeoutMs: 20_000 };

export interface GeneratedHeaders {
  /** Folders to pass with `-I`, the one holding the newest header first. */
  readonly folders: readonly string[];
  /** The `.iig` base names (`Foo` for `Foo.iig`) for which no generated `Foo.h` was found. */
  readonly missing: readonly string[];
  /** The locations that exist and were searched. */
  readonly searched: readonly string[];
  /** True when a limit or the cancel signal ended the search early: the answer may be partial. */
  readonly incomplete: boolean;
}

/** Folders of a build tree that never hold iig output; skipping them keeps big trees cheap. */
const SKIPPED_NAMES: ReadonlySet<string> = new Set([
  'Logs', 'ModuleCache.noindex', 'SourcePackages', 'Products', 'DataStore', 'Objects-normal', 'PrecompiledHeaders',
  'SDKStatCaches.noindex', 'SymbolCache.noindex', 'CompilationCache.noindex', 'EagerLinkingTBDs', '.git', 'node_modules',
]);
const SKIPPED_SUFFIXES = ['.dext', '.app', '.dSYM', '.xcarchive', '.framework', '.swiftmodule', '.xcodeproj', '.xcworkspace'];

/** `<Name>-<28 lowercase letters>`: the per-project folders of a shared DerivedData folder. */
const PROJECT_FOLDER = /^(.+)-[a-z]{28}$/;

/**
 * Where Xcode may have built: the configured folder, `build/` and `DerivedData/` beside the
 * workspace and beside each `.xcodeproj`, then Xcode's shared DerivedData in the home folder.
 * Relative configured paths start at the workspace root. Duplicates are dropped, order is kept.
 */
export function derivedDataLocations(root: string, projectFolders: readonly string[], homeDir: string, configured?: string): string[] {
  const locations: string[] = [];
  if (configured) locations.push(isAbsolute(configured) ? configured : resolve(root, configured));
  for (const folder of [root, ...projectFolders]) locations.push(join(folder, 'build'), join(folder, 'DerivedData'));
  locations.push(join(homeDir, 'Library', 'Developer', 'Xcode', 'DerivedData'));
  return [...new Set(locations.map((l) => resolve(l)))];
}

/** Spends the search's limits; once one is exhausted every later read is refused. */
class Budget {
  private entries: number;
  private readonly deadline: number;
  exhausted = false;

  constructor(limits: SearchLimits, private readonly signal: AbortSignal | undefined) {
    this.entries = limits.maxEntries;
    this.deadline = Date.now() + limits.timeoutMs;
  }

  async list(folder: string): Promise<Dirent[]> {
    if (this.exhausted || this.signal?.aborted || Date.now() > this.deadline || this.entries <= 0) {
      this.exhausted = true;
      return [];
    }
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => [] as Dirent[]);
    this.entries -= entries.length;
    return entries;
  }
}

/** A real folder worth entering: no symbolic link (Dirent reports a link as a link), nothing skipped. */
function enterable(entry: Dirent): boolean {
  return entry.isDirectory() && !SKIPPED_NAMES.has(entry.name) && !SKIPPED_SUFFIXES.some((s) => entry.name.endsWith(s));
}

async function newestFirst(folders: string[]): Promise<string[]> {
  const times = await Promise.all(folders.map(async (f) => (await stat(f).catch(() => undefined))?.mtimeMs ?? 0));
  return folders.map((folder, i) => ({ folder, time: times[i] })).sort((a, b) => b.time - a.time).map((f) => f.folder);
}

/**
 * The starting folders below one location. In a shared DerivedData folder only the workspace's own
 * projects are searched when any of them is there (another project may have a class of the same name).
 */
async function startingFolders(location: string, projectNames: ReadonlySet<string>, budget: Budget): Promise<string[]> {
  const children = (await budget.list(location)).filter(enterable);
  const projects = children.filter((c) => projectNames.has(PROJECT_FOLDER.exec(c.name)?.[1] ?? ''));
  return newestFirst((projects.length > 0 ? projects : children).map((c) => join(location, c.name)));
}

/** Every `DerivedSources` folder under `start`, breadth first, at most `maxDepth` levels down. */
async function derivedSourcesUnder(start: string, depth: number, maxDepth: number, budget: Budget): Promise<string[]> {
  const found: string[] = [];
  let level = [start];
  for (let d = depth; level.length > 0 && d <= maxDepth; d++) {
    const next: string[] = [];
    for (const folder of level) {
      if (basename(folder) === 'DerivedSources') {
        found.push(folder);
        continue;
      }
      if (d === maxDepth) continue;
      for (const entry of await budget.list(folder)) if (enterable(entry)) next.push(join(folder, entry.name));
    }
    level = next;
  }
  return found;
}

interface HeaderHit {
  readonly folder: string;
  readonly derivedSources: string;
  readonly time: number;
}

/** `<Base>.h` files directly in a DerivedSources folder or one level down (`DerivedSources/<Product>/`). */
async function headersIn(derivedSources: string, bases: ReadonlySet<string>, budget: Budget, hits: Map<string, HeaderHit>): Promise<void> {
  const top = await budget.list(derivedSources);
  const folders = [derivedSources, ...top.filter((e) => e.isDirectory()).map((e) => join(derivedSources, e.name))];
  for (const folder of folders) {
    const entries = folder === derivedSources ? top : await budget.list(folder);
    for (const entry of entries) {
      const base = entry.isFile() && entry.name.endsWith('.h') ? entry.name.slice(0, -2) : undefined;
      if (base === undefined || !bases.has(base)) continue;
      const time = (await stat(join(folder, entry.name)).catch(() => undefined))?.mtimeMs ?? 0;
      const previous = hits.get(base);
      if (!previous || time > previous.time) hits.set(base, { folder, derivedSources, time });
    }
  }
}

/**
 * Searches `locations` (see `derivedDataLocations`) for the headers generated from the `.iig` files
 * named by `iigBases`. For each base the newest header wins; its folder is returned, and its
 * `DerivedSources` folder too when the header sits one level down, so both `#include "Foo.h"` and
 * `#include <Product/Foo.h>` resolve.
 */
export async function findGeneratedHeaders(
  locations: readonly string[],
  iigBases: readonly string[],
  projectNames: readonly string[],
  limits: SearchLimits = DEFAULT_SEARCH_LIMITS,
  signal?: AbortSignal,
): Promise<GeneratedHeaders> {
  const budget = new Budget(limits, signal);
  const bases = new Set(iigBases);
  const names = new Set(projectNames);
  const searched: string[] = [];
  const hits = new Map<string, HeaderHit>();
  for (const location of locations) {
    if (bases.size === 0 || !(await stat(location).catch(() => undefined))?.isDirectory()) continue;
    searched.push(location);
    const derived = basename(location) === 'DerivedSources' ? [location] : [];
    for (const start of await startingFolders(location, names, budget)) derived.push(...(await derivedSourcesUnder(start, 1, limits.maxDepth, budget)));
    for (const folder of derived) await headersIn(folder, bases, budget, hits);
  }
  const ordered = [...hits.values()].sort((a, b) => b.time - a.time);
  const folders = ordered.flatMap((hit) => (hit.folder === hit.derivedSources ? [hit.folder] : [hit.folder, hit.derivedSources]));
  return {
    folders: [...new Set(folders)],
    missing: [...bases].filter((b) => !hits.has(b)).sort(),
    searched,
    incomplete: budget.exhausted,
  };
}

