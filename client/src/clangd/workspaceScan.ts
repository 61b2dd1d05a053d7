/**
 * What the clangd configuration needs from the workspace's folders, in one walk (the same walk and
 * skipped folders as the language server's index): the C++ sources, the `.iig` files whose
 * generated headers must be found, and the Xcode projects — their names pick the right folders of a
 * shared DerivedData. What the projects' build settings say comes from the language server
 * (clangdConfig.ts `dextHints`), which reads the projects; this only lists files.
 */
import { basename, dirname, extname } from 'node:path';
import { sourceKindOf } from '../../../core/model/sourceDocument';
import { walkFolders } from '../../../core/util/walkFolders';

export interface WorkspaceScan {
  /** C++ sources (not Objective-C++: a dext has none, a host app's would need other flags), sorted. */
  readonly cppFiles: readonly string[];
  /** `Foo` for each `Foo.iig`, sorted, without repeats. */
  readonly iigBases: readonly string[];
  /** Names of the `.xcodeproj` and `.xcworkspace` bundles: Xcode names DerivedData folders after them. */
  readonly projectNames: readonly string[];
  /** The folders holding those bundles: a `build/` or `DerivedData/` beside them is a build location. */
  readonly projectFolders: readonly string[];
  /** The `.xcodeproj` bundles found, sorted. */
  readonly xcodeProjects: readonly string[];
}

export async function scanWorkspace(root: string, extraSkipped: ReadonlySet<string> = new Set()): Promise<WorkspaceScan> {
  const cppFiles: string[] = [];
  const iigBases = new Set<string>();
  const containers: string[] = [];
  await walkFolders(
    [root],
    (path, entry) => {
      if (entry.isDirectory() && /\.(xcodeproj|xcworkspace)$/.test(entry.name)) {
        containers.push(path);
        return false; // a bundle: nothing inside is a source
      }
      if (!entry.isFile()) return;
      const kind = sourceKindOf(entry.name);
      if (kind === 'iig') iigBases.add(basename(entry.name, extname(entry.name)));
      else if (kind === 'cpp' && !entry.name.toLowerCase().endsWith('.mm')) cppFiles.push(path);
    },
    extraSkipped,
  );
  containers.sort();
  return {
    cppFiles: cppFiles.sort(),
    iigBases: [...iigBases].sort(),
    projectNames: [...new Set(containers.map((c) => basename(c, extname(c))))],
    projectFolders: [...new Set(containers.map((c) => dirname(c)))],
    xcodeProjects: containers.filter((c) => c.endsWith('.xcodeproj')),
  };
}
