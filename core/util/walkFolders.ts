/** Walks a workspace's folders, skipping build output and tool folders. Iterative, so deep trees are fine. */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Folders that never hold the user's sources or projects. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['build', 'DerivedData', 'node_modules', '.git', '.build', '.svn', '.hg']);

/**
 * Calls `visit` for every entry under `roots`. Folders are entered unless they are skipped or
 * `visit` returns false for them; vanished or unreadable folders are passed over.
 */
export async function walkFolders(
  roots: readonly string[],
  visit: (path: string, entry: Dirent) => boolean | void | Promise<boolean | void>,
  extraSkipped: ReadonlySet<string> = new Set(),
): Promise<void> {
  const pending = [...roots];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      const enter = await visit(path, entry);
      if (entry.isDirectory() && enter !== false && !SKIPPED_FOLDERS.has(entry.name) && !extraSkipped.has(entry.name)) pending.push(path);
    }
  }
}
