/**
 * What a clangd configuration takes from each Xcode project under the workspace: its first
 * driver-extension target and that target's Debug settings (the DriverKit version and the C++
 * dialect), read with the one Xcode project model (core/xcode). The workspace's project links keep
 * each target's default configuration, which is usually Release; an editor's build is Debug.
 */
import { dirname } from 'node:path';
import { DRIVER_EXTENSION_PRODUCT_TYPE, findProjects, loadProject, resolveSetting, settingsFor } from '../xcode/buildSettings';

export interface DextBuildSettings {
  /** The `.xcodeproj` folder. */
  readonly project: string;
  /** Its first driver-extension target, when it has one. */
  readonly target?: {
    readonly name: string;
    /** DRIVERKIT_DEPLOYMENT_TARGET, when it is a version number. */
    readonly deploymentTarget?: string;
    /** CLANG_CXX_LANGUAGE_STANDARD: a `-std=` value or `compiler-default`. */
    readonly cxxStandard?: string;
  };
}

const VERSION = /^\d+(\.\d+){0,2}$/;
const CXX_STANDARD = /^((c|gnu)\+\+[0-9a-z]+|compiler-default)$/;

/** Every project under the roots (sorted); a project that cannot be read is passed over. */
export async function readDextBuildSettings(roots: readonly string[]): Promise<DextBuildSettings[]> {
  const out: DextBuildSettings[] = [];
  for (const root of roots) {
    for (const pbxproj of await findProjects(root)) {
      const project = await loadProject(pbxproj).catch(() => undefined);
      if (!project) continue;
      const target = project.targets.find((t) => t.productType === DRIVER_EXTENSION_PRODUCT_TYPE);
      const debug = target ? settingsFor(target, 'Debug') ?? {} : {};
      const value = (key: string): string | undefined => (Object.prototype.hasOwnProperty.call(debug, key) ? resolveSetting(debug[key], debug) : undefined);
      const deploymentTarget = value('DRIVERKIT_DEPLOYMENT_TARGET');
      const cxxStandard = value('CLANG_CXX_LANGUAGE_STANDARD');
      out.push({
        project: dirname(pbxproj),
        ...(target
          ? {
              target: {
                name: target.name,
                ...(deploymentTarget && VERSION.test(deploymentTarget) ? { deploymentTarget } : {}),
                ...(cxxStandard && CXX_STANDARD.test(cxxStandard) ? { cxxStandard } : {}),
              },
            }
          : {}),
      });
    }
  }
  return out;
}
