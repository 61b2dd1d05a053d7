/**
 * The driver-extension targets of the workspace's Xcode projects: which project and target build a
 * dext's Info.plist, and what a clangd configuration takes from the target's Debug settings (the
 * DriverKit version and the C++ dialect). Read with the one Xcode project model (core/xcode).
 */
import { dirname, resolve } from 'node:path';
import { DRIVER_EXTENSION_PRODUCT_TYPE, findProjects, loadProject, resolveSetting, settingsFor, targetFilePaths, type XcodeTarget } from '../xcode/buildSettings';

export interface DextTargetSummary {
  readonly name: string;
  /** The Info.plist its settings name (INFOPLIST_FILE), absolute. */
  readonly infoPlist?: string;
  /** DRIVERKIT_DEPLOYMENT_TARGET of the Debug configuration, when it is a version number. */
  readonly deploymentTarget?: string;
  /** CLANG_CXX_LANGUAGE_STANDARD of the Debug configuration: a `-std=` value or `compiler-default`. */
  readonly cxxStandard?: string;
}

export interface XcodeProjectSummary {
  /** The `.xcodeproj` folder. */
  readonly path: string;
  /** Its driver-extension targets, in the project's order. */
  readonly dextTargets: readonly DextTargetSummary[];
}

const VERSION = /^\d+(\.\d+){0,2}$/;
const CXX_STANDARD = /^((c|gnu)\+\+[0-9a-z]+|compiler-default)$/;

/** Every project under the roots (sorted), each with its dext targets; a project that cannot be read is passed over. */
export async function readXcodeProjects(roots: readonly string[]): Promise<XcodeProjectSummary[]> {
  const out: XcodeProjectSummary[] = [];
  for (const root of roots) {
    for (const pbxproj of await findProjects(root)) {
      const project = await loadProject(pbxproj).catch(() => undefined);
      if (!project) continue;
      const dextTargets = project.targets.filter((t) => t.productType === DRIVER_EXTENSION_PRODUCT_TYPE).map((t) => summarise(t, project.sourceRoot));
      out.push({ path: dirname(pbxproj), dextTargets });
    }
  }
  return out;
}

function summarise(target: XcodeTarget, sourceRoot: string | undefined): DextTargetSummary {
  // The Info.plist as the default configuration names it (as linkProjects reads it); the clangd
  // settings from Debug, the configuration an editor's build uses.
  const settings = settingsFor(target);
  const infoPlist = settings ? targetFilePaths(settings, sourceRoot).infoPlist : undefined;
  const debug = settingsFor(target, 'Debug') ?? {};
  const value = (key: string): string | undefined => (Object.prototype.hasOwnProperty.call(debug, key) ? resolveSetting(debug[key], debug) : undefined);
  const deploymentTarget = value('DRIVERKIT_DEPLOYMENT_TARGET');
  const cxxStandard = value('CLANG_CXX_LANGUAGE_STANDARD');
  return {
    name: target.name,
    ...(infoPlist ? { infoPlist: resolve(infoPlist) } : {}),
    ...(deploymentTarget && VERSION.test(deploymentTarget) ? { deploymentTarget } : {}),
    ...(cxxStandard && CXX_STANDARD.test(cxxStandard) ? { cxxStandard } : {}),
  };
}
