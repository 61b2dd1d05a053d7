/** Finds the DriverKit sources of a workspace on disk, skipping build output and tool folders. */
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { sourceKindOf } from './sourceDocument';

/** Folders that never hold the user's sources. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['build', 'DerivedData', 'node_modules', '.git', '.build', '.svn', '.hg']);

export type FileKind = 'iig' | 'cpp' | 'plist';

/** What the workspace reads a file as: DriverKit sources, and property lists (Info.plist, *.entitlements). */
export function fileKindOf(path: string): FileKind | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.plist') || lower.endsWith('.entitlements')) return 'plist';
  return sourceKindOf(path);
}

/** Every .iig, .cpp, .plist and .entitlements under `roots` (files given directly are kept as they are). Iterative, so deep trees are fine. */
export async function findSourceFiles(roots: readonly string[], extraSkipped: ReadonlySet<string> = new Set()): Promise<string[]> {
  const found: string[] = [];
  const pending = [...roots];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      continue; // vanished or unreadable: nothing to index there
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !extraSkipped.has(entry.name)) pending.push(path);
      } else if (entry.isFile() && fileKindOf(entry.name)) {
        found.push(path);
      }
    }
  }
  return found.sort();
}

/**
 * True when a path lies inside a folder the index skips, judged below the workspace root that holds
 * it (a workspace that itself lives under a folder named `build` is still indexed).
 */
export function isInSkippedFolder(path: string, roots: readonly string[], extraSkipped: ReadonlySet<string> = new Set()): boolean {
  const root = roots.find((r) => !relative(r, path).startsWith('..'));
  const inside = root === undefined ? path : relative(root, path);
  const folders = inside.split(/[\\/]/).slice(0, -1);
  return folders.some((part) => SKIPPED_FOLDERS.has(part) || extraSkipped.has(part));
}
