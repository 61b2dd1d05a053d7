/**
 * The oldest DriverKit a dext target is built to run on: its `DRIVERKIT_DEPLOYMENT_TARGET`, resolved
 * through the target's, the project's and their `.xcconfig` files' settings (or an XcodeGen spec's),
 * in every build configuration. Debug and Release may deploy to different versions; the lowest one
 * counts, because a build of that configuration must run there. A configuration that does not set it
 * builds for the SDK's own version (the newest), so it never lowers the answer; a value that cannot be
 * resolved (`$(SOMETHING_UNKNOWN)`), or settings read only in part, leave the answer unknown.
 */
import { compareVersions, dottedVersion } from '../util/versions';
import { resolveSetting, type XcodeTarget } from './buildSettings';
import type { LinkedTarget } from './projectSettings';

export const DEPLOYMENT_TARGET_SETTING = 'DRIVERKIT_DEPLOYMENT_TARGET';

export interface DeploymentTarget {
  /** "20.0". */
  readonly version: string;
  /** The configuration that deploys to it (the first of several that do). */
  readonly configuration: string;
}

/** The lowest DriverKit version the target's configurations deploy to, or undefined when unknown. */
export function driverKitDeploymentTarget(target: XcodeTarget): DeploymentTarget | undefined {
  if (target.incomplete) return undefined;
  let lowest: DeploymentTarget | undefined;
  for (const config of target.configurations) {
    if (!Object.prototype.hasOwnProperty.call(config.settings, DEPLOYMENT_TARGET_SETTING)) continue;
    const version = deploymentVersion(resolveSetting(config.settings[DEPLOYMENT_TARGET_SETTING], config.settings));
    // Set but not understood: this configuration may deploy lower than any other, so nothing is known.
    if (!version) return undefined;
    if (!lowest || compareVersions(version, lowest.version) < 0) lowest = { version, configuration: config.name };
  }
  return lowest;
}

/** "20.0" from "20", "20.0", "20.0.1" (spaces and quotes around it allowed); undefined otherwise. */
export function deploymentVersion(value: string | undefined): string | undefined {
  return dottedVersion(value?.trim().replace(/^"(.*)"$/, '$1'));
}

/** What a source is built for: the lowest deployment target of the dext targets that build it. */
export interface SourceDeployment extends DeploymentTarget {
  /** The target that deploys there. */
  readonly target: string;
}

/**
 * The lowest deployment target among the dext targets that build a source (`targets`, as
 * projectSettings' targetsBuilding gives them). Undefined when no dext target builds it or none of
 * them states a deployment target that can be read: the checks then say nothing.
 */
export function sourceDeployment(targets: readonly LinkedTarget[]): SourceDeployment | undefined {
  let lowest: SourceDeployment | undefined;
  for (const target of targets) {
    const deployment = target.kind === 'dext' ? target.deploymentTarget : undefined;
    if (deployment && (!lowest || compareVersions(deployment.version, lowest.version) < 0)) lowest = { ...deployment, target: target.name };
  }
  return lowest;
}
