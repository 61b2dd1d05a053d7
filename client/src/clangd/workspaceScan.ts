/**
 * What the clangd configuration needs from the workspace, in one walk of its folders (the same walk
 * and skipped folders as the language server's index): the C++ sources, the `.iig` files whose
 * generated headers must be found, and the Xcode projects — their names pick the right folders of a
 * shared DerivedData, and the dext target's settings give the deployment target and C++ dialect.
 */
import { basename, dirname, extname, join } from 'node:path';
import { sourceKindOf } from '../../../core/model/sourceDocument';
import { dextTarget, loadProject, resolveSetting, settingsFor } from '../../../core/xcode/buildSettings';
import { walkFolders } from '../../../core/util/walkFolders';

export interface DextBuildHints {
  /** DRIVERKIT_DEPLOYMENT_TARGET, when it resolves to a version number. */
  readonly deploymentTarget?: string;
  /** CLANG_CXX_LANGUAGE_STANDARD: a `-std=` value such as `gnu++20`, or `compiler-default`; other values are left out. */
  readonly cxxStandard?: string;
}

export interface WorkspaceScan {
  /** C++ sources (not Objective-C++: a dext has none, a host app's would need other flags), sorted. */
  readonly cppFiles: readonly string[];
  /** `Foo` for each `Foo.iig`, sorted, without repeats. */
  readonly iigBases: readonly string[];
  /** Names of the `.xcodeproj` and `.xcworkspace` bundles: Xcode names DerivedData folders after them. */
  readonly projectNames: readonly string[];
  /** The folders holding those bundles: a `build/` or `DerivedData/` beside them is a build location. */
  readonly projectFolders: readonly string[];
  /** From the first driver-extension target found, in its Debug configuration. */
  readonly hints: DextBuildHints;
}

const VERSION = /^\d+(\.\d+){0,2}$/;
const CXX_STANDARD = /^((c|gnu)\+\+[0-9a-z]+|compiler-default)$/;

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
    hints: await dextHints(containers.filter((c) => c.endsWith('.xcodeproj'))),
  };
}

/** Settings of the first dext target; a project that cannot be read is passed over. */
async function dextHints(projects: readonly string[]): Promise<DextBuildHints> {
  for (const project of projects) {
    const loaded = await loadProject(join(project, 'project.pbxproj')).catch(() => undefined);
    const target = loaded && dextTarget(loaded);
    const settings = target && settingsFor(target, 'Debug');
    if (!settings) continue;
    const value = (key: string): string | undefined => {
      const raw = Object.prototype.hasOwnProperty.call(settings, key) ? settings[key] : undefined;
      return raw === undefined ? undefined : resolveSetting(raw, settings);
    };
    const deploymentTarget = value('DRIVERKIT_DEPLOYMENT_TARGET');
    const cxxStandard = value('CLANG_CXX_LANGUAGE_STANDARD');
    return {
      ...(deploymentTarget && VERSION.test(deploymentTarget) ? { deploymentTarget } : {}),
      ...(cxxStandard && CXX_STANDARD.test(cxxStandard) ? { cxxStandard } : {}),
    };
  }
  return {};
}
