/** Finds the DriverKit sources of a workspace on disk, skipping build output and tool folders. */
import { basename, relative } from 'node:path';
import { SKIPPED_FOLDERS, walkFolders } from '../util/walkFolders';
import { sourceKindOf } from './sourceDocument';


export type FileKind = 'iig' | 'cpp' | 'header' | 'plist' | 'app';

/**
 * What the workspace reads a file as: DriverKit sources, C/C++ headers (indexed when they belong to
 * DriverKit code, for classes declared without a .iig), property lists (Info.plist, *.entitlements),
 * and the C, Objective-C and Swift sources of apps (read for their calls into a dext's user client).
 */
export function fileKindOf(path: string): FileKind | undefined {
  // `._Driver.cpp`: the AppleDouble file macOS writes beside `Driver.cpp` on volumes and in archives
  // without extended attributes. It holds the file's metadata, not source, whatever its extension.
  if (basename(path).startsWith('._')) return undefined;
  const lower = path.toLowerCase();
  if (lower.endsWith('.plist') || lower.endsWith('.entitlements')) return 'plist';
  if (/\.(h|hh|hpp|hxx)$/.test(lower)) return 'header';
  if (/\.(c|m|mm|swift)$/.test(lower)) return 'app';
  return sourceKindOf(path);
}

/** A header that includes a DriverKit framework or declares a class on a DriverKit base: worth indexing. */
export function looksLikeDriverKitHeader(text: string): boolean {
  return /#\s*include\s*[<"][A-Za-z]*DriverKit\//.test(text) || /\bclass\s+\w+\s*(?:final\s*)?:\s*(?:public\s+)?(?:IOService|IOUser\w+|OSObject)\b/.test(text);
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
