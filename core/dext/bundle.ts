/**
 * A built driver extension on disk: `<name>.dext/` with its `Info.plist` and its executable at the top
 * of the bundle (dexts use the flat bundle layout), and the `<name>.dext.dSYM` Xcode puts beside it.
 * Given a path that names either the bundle or the executable, finds the other parts. Reads small
 * files only; runs nothing.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { entry, parsePlist, type PlistNode } from '../plist/plistXml';

export interface DextBinary {
  /** The `.dext` folder, when the executable is inside one. */
  readonly bundle?: string;
  readonly executable: string;
  /** `<bundle>.dSYM` or `<executable>.dSYM` beside it, when there is one. */
  readonly dsym?: string;
  /** CFBundleIdentifier from the bundle's Info.plist (XML only), when it says. */
  readonly bundleId?: string;
}

/** Info.plists are a few KB; a bigger one is not read. */
const MAX_INFO_PLIST = 256 * 1024;

const isFile = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isFile() === true;
const isFolder = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;

/** The first `max` bytes of a regular file as text, or undefined. A FIFO or device is never opened. */
export function readSmallFile(path: string, max: number): string | undefined {
  if (!isFile(path)) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(max);
    const length = readSync(fd, buffer, 0, max, 0);
    return buffer.subarray(0, length).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export interface BundleInfo {
  readonly executable?: string;
  readonly bundleId?: string;
  /** The IOUserClass of each personality: the names the kernel's `DK:` lines give the dext's services. */
  readonly userClasses: readonly string[];
}

/** What a bundle's XML Info.plist says (a binary or unreadable one says nothing). */
export function readBundleInfo(bundle: string): BundleInfo {
  const text = readSmallFile(join(bundle, 'Info.plist'), MAX_INFO_PLIST);
  if (!text) return { userClasses: [] };
  const root = parsePlist(text).root;
  const plain = (node: PlistNode | undefined): string | undefined =>
    node?.kind === 'string' && node.value.trim() && !node.value.includes('$') ? node.value.trim() : undefined;
  const personalities = entry(root, 'IOKitPersonalities')?.value;
  const userClasses = personalities?.kind === 'dict' ? personalities.entries.map((p) => plain(entry(p.value, 'IOUserClass')?.value)).filter((c): c is string => c !== undefined) : [];
  return { executable: plain(entry(root, 'CFBundleExecutable')?.value), bundleId: plain(entry(root, 'CFBundleIdentifier')?.value), userClasses: [...new Set(userClasses)] };
}

function dsymBeside(bundleOrExecutable: string): string | undefined {
  const dsym = `${bundleOrExecutable}.dSYM`;
  return isFolder(dsym) ? dsym : undefined;
}

/**
 * The dext binary a path names: a `.dext` folder (its executable is named by CFBundleExecutable, else
 * like the bundle without `.dext`) or the executable itself. A string saying what is wrong otherwise.
 */
export function dextBinaryAt(path: string): DextBinary | string {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return `${path} does not exist`;
  if (stat.isDirectory()) {
    const info = readBundleInfo(path);
    const name = info.executable ?? basename(path).replace(/\.dext$/, '');
    const executable = join(path, basename(name));
    if (!isFile(executable)) return `the bundle ${path} has no executable ${basename(name)}`;
    return { bundle: path, executable, dsym: dsymBeside(path) ?? dsymBeside(executable), ...(info.bundleId ? { bundleId: info.bundleId } : {}) };
  }
  if (!stat.isFile()) return `${path} is neither a file nor a .dext bundle`;
  const folder = dirname(path);
  if (folder.endsWith('.dext')) {
    const info = readBundleInfo(folder);
    return { bundle: folder, executable: path, dsym: dsymBeside(folder) ?? dsymBeside(path), ...(info.bundleId ? { bundleId: info.bundleId } : {}) };
  }
  return { executable: path, dsym: dsymBeside(path) };
}
