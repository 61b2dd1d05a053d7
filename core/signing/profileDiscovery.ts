/**
 * Where provisioning profiles are found, and reading them once: the caller names the folders (the
 * workspace, its build folders, the user's profile folders, a setting, `--profiles DIR`); nothing
 * here reads the environment. Parsed profiles are cached by path, modification time and size, so a
 * second look at 500 profiles costs 500 `open`/`fstat` calls.
 */
import type { Dirent } from 'node:fs';
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { walkFolders } from '../util/walkFolders';
import { decodeProfile, MAX_PROFILE_BYTES, profileTooLarge, type ProfileProblem, type ProfileRead, type ProvisioningProfile } from './provisioningProfile';

/** How a folder is searched. */
export type ProfileFolderKind =
  /** Walked for `*.provisionprofile` / `*.mobileprovision` (build output folders are skipped). */
  | 'workspace'
  /** Walked for built `.app` / `.dext` bundles and their `embedded.provisionprofile`. */
  | 'build'
  /** Profiles directly inside (the user's profile folders, a setting, `--profiles DIR`). */
  | 'profiles';

export interface ProfileFolder {
  readonly path: string;
  readonly kind: ProfileFolderKind;
}

/** Where Xcode keeps downloaded profiles (Xcode 16 and later, then earlier releases). */
export function userProfileFolders(home: string): ProfileFolder[] {
  return [
    { path: join(home, 'Library', 'Developer', 'Xcode', 'UserData', 'Provisioning Profiles'), kind: 'profiles' },
    { path: join(home, 'Library', 'MobileDevice', 'Provisioning Profiles'), kind: 'profiles' },
  ];
}

const PROFILE_FILE = /\.(?:provisionprofile|mobileprovision)$/i;
/** Build-folder parts that hold no finished bundles and can be huge. */
const BUILD_SKIPPED: ReadonlySet<string> = new Set(['Intermediates.noindex', 'Index.noindex', 'ModuleCache.noindex', 'SourcePackages', 'Logs', 'TextIndex']);
/** A walk stops after this many directory entries: a mis-set folder (`/`) must not take minutes. */
const MAX_ENTRIES = 200_000;

/** The profile files under `folders`, each once, in a stable order. */
export async function findProfileFiles(folders: readonly ProfileFolder[]): Promise<string[]> {
  const found = new Set<string>();
  for (const folder of folders) {
    if (folder.kind === 'profiles') await listProfiles(folder.path, found);
    else if (folder.kind === 'workspace') await walkBounded([folder.path], (path, entry) => {
      if (entry.isFile() && PROFILE_FILE.test(entry.name)) found.add(path);
    });
    else await findEmbedded(folder.path, found);
  }
  return [...found].sort();
}

async function listProfiles(folder: string, found: Set<string>): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    return; // a folder that does not exist (no Xcode here) holds no profiles
  }
  for (const entry of entries) if ((entry.isFile() || entry.isSymbolicLink()) && PROFILE_FILE.test(entry.name)) found.add(join(folder, entry.name));
}

/** Built `.app` and `.dext` bundles under a build folder (not inside one another), in a stable order. */
export async function findBuiltBundles(root: string): Promise<string[]> {
  const bundles: string[] = [];
  await walkBounded([root], (path, entry) => {
    if (!entry.isDirectory()) return;
    if (entry.name.endsWith('.app') || entry.name.endsWith('.dext')) {
      bundles.push(path);
      return false;
    }
    return !BUILD_SKIPPED.has(entry.name);
  });
  return bundles.sort();
}

/** Where a bundle keeps its profile: `X.dext/embedded.provisionprofile`, `X.app/Contents/embedded.provisionprofile`. */
export function embeddedProfilePath(bundle: string): string {
  return bundle.endsWith('.dext') ? join(bundle, 'embedded.provisionprofile') : join(bundle, 'Contents', 'embedded.provisionprofile');
}

/** The dexts an app bundle embeds in Contents/Library/SystemExtensions. */
export async function embeddedDextBundles(app: string): Promise<string[]> {
  const folder = join(app, 'Contents', 'Library', 'SystemExtensions');
  try {
    return (await readdir(folder)).filter((name) => name.endsWith('.dext')).sort().map((name) => join(folder, name));
  } catch {
    return [];
  }
}

/** The embedded profiles of every built bundle under `root` and of the dexts its apps embed. */
async function findEmbedded(root: string, found: Set<string>): Promise<void> {
  for (const bundle of await findBuiltBundles(root)) {
    const candidates = [embeddedProfilePath(bundle)];
    if (bundle.endsWith('.app')) {
      candidates.push(join(bundle, 'embedded.mobileprovision'));
      for (const dext of await embeddedDextBundles(bundle)) candidates.push(embeddedProfilePath(dext));
    }
    for (const candidate of candidates) if (await isFile(candidate)) found.add(candidate);
  }
}

async function walkBounded(roots: string[], visit: (path: string, entry: Dirent) => boolean | void): Promise<void> {
  let seen = 0;
  await walkFolders(roots, (path, entry) => {
    if (++seen > MAX_ENTRIES) return false;
    return visit(path, entry);
  });
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export interface LoadedProfiles {
  readonly profiles: readonly ProvisioningProfile[];
  /** Files that were found but are no readable profile, one problem each. */
  readonly problems: readonly ProfileProblem[];
}

interface CacheEntry {
  readonly mtimeMs: number;
  readonly size: number;
  readonly read: ProfileRead;
}

/** Files read between two turns of the event loop: a few milliseconds of work, then others' turn. */
const FILES_PER_TURN = 32;

/** Parsed profiles by path, valid while the file's modification time and size stay the same. */
export class ProfileCache {
  private readonly entries = new Map<string, CacheEntry>();

  /**
   * Reads (or reuses) every file; files that vanished since they were found are left out. Files are
   * read synchronously, a batch a turn: for hundreds of small files, one open/fstat/read/close
   * per file in place beats four thread-pool round trips each (measured 13 ms against 85 ms for
   * 500 profiles), and the batches keep the server answering in between.
   */
  async load(paths: readonly string[]): Promise<LoadedProfiles> {
    const profiles: ProvisioningProfile[] = [];
    const problems: ProfileProblem[] = [];
    for (let at = 0; at < paths.length; at += FILES_PER_TURN) {
      if (at > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      for (const path of paths.slice(at, at + FILES_PER_TURN)) {
        const read = this.read(path);
        if (!read) continue;
        if (read.ok) profiles.push(read.profile);
        else problems.push(read.problem);
      }
    }
    return { profiles, problems };
  }

  get size(): number {
    return this.entries.size;
  }

  private read(path: string): ProfileRead | undefined {
    let fd: number;
    try {
      // Non-blocking, so a FIFO named like a profile cannot hold the read; fstat then judges the
      // very file that was opened.
      fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch {
      this.entries.delete(path);
      return undefined;
    }
    try {
      const info = fstatSync(fd);
      if (!info.isFile()) return undefined;
      const cached = this.entries.get(path);
      if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.read;
      // The size is known before reading: a huge file is answered without loading it.
      const read = info.size > MAX_PROFILE_BYTES ? profileTooLarge(path, info.size) : readAndDecode(fd, path);
      this.entries.set(path, { mtimeMs: info.mtimeMs, size: info.size, read });
      return read;
    } catch {
      this.entries.delete(path);
      return undefined;
    } finally {
      closeSync(fd);
    }
  }
}

function readAndDecode(fd: number, path: string): ProfileRead {
  try {
    return decodeProfile(readFileSync(fd), path);
  } catch (error) {
    return { ok: false, problem: { path, reason: 'unreadable', message: `The provisioning profile cannot be read: ${(error as Error).message}` } };
  }
}
