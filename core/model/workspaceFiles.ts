/** Finds the DriverKit sources of a workspace on disk, skipping build output and tool folders. */
import { relative } from 'node:path';
import { SKIPPED_FOLDERS, walkFolders } from '../util/walkFolders';
import { sourceKindOf } from './sourceDocument';


export type FileKind = 'iig' | 'cpp' | 'plist';

/** What the workspace reads a file as: DriverKit sources, and property lists (Info.plist, *.entitlements). */
export function fileKindOf(path: string): FileKind | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.plist') || lower.endsWith('.entitlements')) return 'plist';
  return sourceKindOf(path);
}

/** Every .iig, .cpp, .plist and .entitlements under `roots`, sorted. */
export async function findSourceFiles(roots: readonly string[], extraSkipped: ReadonlySet<string> = new Set()): Promise<string[]> {
  const found: string[] = [];
  await walkFolders(
    roots,
    (path, entry) => {
      if (entry.isFile() && fileKindOf(entry.name)) found.push(path);
    },
    extraSkipped,
  );
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
