/**
 * Links the workspace's Xcode projects to its property lists: for each driver-extension target, the
 * Info.plist and .entitlements its build settings name, resolved through those settings. A file no
 * target names keeps plain values only (anything with $(...) stays unknown and is never flagged).
 */
import { resolve } from 'node:path';
import { dextTarget, findProjects, infoPlistValues, loadProject, resolveSetting, settingsFor, targetFilePaths } from './buildSettings';
import type { SettingsResolver } from '../plist/plistContext';

export interface ProjectLinks {
  /** Resolver per Info.plist / .entitlements path. */
  readonly resolvers: ReadonlyMap<string, SettingsResolver>;
  /** The entitlements a target signs its Info.plist's dext with. */
  readonly entitlementsOf: ReadonlyMap<string, string>;
}

export const NO_LINKS: ProjectLinks = { resolvers: new Map(), entitlementsOf: new Map() };

export async function linkProjects(roots: readonly string[]): Promise<ProjectLinks> {
  const resolvers = new Map<string, SettingsResolver>();
  const entitlementsOf = new Map<string, string>();
  for (const root of roots) {
    for (const pbxproj of await findProjects(root)) {
      let project;
      try {
        project = await loadProject(pbxproj);
      } catch {
        continue; // a project we cannot read links nothing; its plists keep plain values
      }
      for (const target of project.targets.filter((t) => t === dextTarget(project) || t.productType === 'com.apple.product-type.driver-extension')) {
        const settings = settingsFor(target);
        if (!settings) continue;
        const generated = infoPlistValues(settings);
        const resolver: SettingsResolver = {
          resolve: (value) => resolveSetting(value, settings),
          generatedKeys: new Set(generated ? Object.keys(generated) : []),
        };
        const paths = targetFilePaths(settings, project.sourceRoot);
        if (paths.infoPlist) resolvers.set(resolve(paths.infoPlist), resolver);
        if (paths.entitlements) resolvers.set(resolve(paths.entitlements), resolver);
        if (paths.infoPlist && paths.entitlements) entitlementsOf.set(resolve(paths.infoPlist), resolve(paths.entitlements));
      }
    }
  }
  return { resolvers, entitlementsOf };
}
