/**
 * Links the workspace's Xcode projects to its files: every native target with its kind (dext, kext,
 * app …), the Info.plist and .entitlements its build settings name (resolved through those settings),
 * and the sources it builds. A file no target names keeps plain values only (anything with $(...)
 * stays unknown and is never flagged). A project that cannot be read is remembered with its reason,
 * so the user gets one clear finding instead of silently losing every build setting. An XcodeGen spec
 * (`project.yml`) stands for its project when the generated `.xcodeproj` is not in the workspace.
 */
import { dirname, resolve, sep } from 'node:path';
import { findEnclosingProjectFiles, findProjectFiles, infoPlistValues, loadProject, resolveSetting, settingsFor, targetFilePaths, type BuildConfiguration, type BuildSettings, type XcodeProject, type XcodeTarget } from './buildSettings';
import { loadXcodeGenSpec } from './xcodegenFiles';
import { driverKitDeploymentTarget, type DeploymentTarget } from './deploymentTarget';
import { PbxprojError } from './pbxproj';
import { NO_PROJECT, type SettingsResolver } from '../plist/plistContext';
import type { TargetProducts } from './copyPhases';

/** What a target builds, as far as the checks care. */
export type TargetKind = 'dext' | 'kext' | 'app' | 'other';

const KIND_BY_PRODUCT_TYPE: Readonly<Record<string, TargetKind>> = {
  'com.apple.product-type.driver-extension': 'dext',
  'com.apple.product-type.kernel-extension': 'kext',
  'com.apple.product-type.kernel-extension.iokit': 'kext',
  'com.apple.product-type.application': 'app',
};

export interface LinkedTarget {
  /** The `project.pbxproj` that declares it. */
  readonly project: string;
  /** Its object id in the project (its name in an XcodeGen spec). */
  readonly id: string;
  readonly name: string;
  readonly kind: TargetKind;
  /** The default configuration's settings. */
  readonly settings: BuildSettings;
  /** Every configuration with its own settings (signing differs between Debug and Release). */
  readonly configurations: readonly BuildConfiguration[];
  readonly resolver: SettingsResolver;
  readonly infoPlist?: string;
  /** The default configuration's entitlements. */
  readonly entitlements?: string;
  /** The entitlements of every configuration (Debug and Release may sign with different files), the default one first. */
  readonly entitlementFiles: readonly string[];
  /** Info.plist entries Xcode generates from build settings (GENERATE_INFOPLIST_FILE), when it does. */
  readonly generated?: Readonly<Record<string, string | undefined>>;
  /** Sources and headers it builds (absolute). */
  readonly files: ReadonlySet<string>;
  /** Folders whose every file it builds (Xcode 16 synchronized folders). */
  readonly folders: readonly string[];
  /** Its product and what its copy phases embed, when a project.pbxproj says (not for XcodeGen specs). */
  readonly products?: TargetProducts;
  /** The lowest DRIVERKIT_DEPLOYMENT_TARGET of its configurations, when every one that sets it is understood. */
  readonly deploymentTarget?: DeploymentTarget;
}

export interface LinkedProject {
  /** Its `project.pbxproj`, or the XcodeGen spec it is generated from. */
  readonly path: string;
  /** The folder holding the `.xcodeproj`. */
  readonly sourceRoot: string;
  readonly targets: readonly LinkedTarget[];
}

export interface UnreadableProject {
  readonly path: string;
  readonly message: string;
  /** Where the reader stopped, when it could tell. */
  readonly offset?: number;
}

export interface ProjectLinks {
  readonly projects: readonly LinkedProject[];
  readonly unreadable: readonly UnreadableProject[];
  /** Resolver per Info.plist / .entitlements path. */
  readonly resolvers: ReadonlyMap<string, SettingsResolver>;
  /** The entitlements a target signs its Info.plist's dext with (every configuration's, the default one first). */
  readonly entitlementsOf: ReadonlyMap<string, readonly string[]>;
}

export const NO_LINKS: ProjectLinks = { projects: [], unreadable: [], resolvers: new Map(), entitlementsOf: new Map() };

export async function linkProjects(roots: readonly string[]): Promise<ProjectLinks> {
  const projects: LinkedProject[] = [];
  const unreadable: UnreadableProject[] = [];
  const resolvers = new Map<string, SettingsResolver>();
  const entitlementsOf = new Map<string, readonly string[]>();
  const seen = new Set<string>();
  const add = (path: string, project: XcodeProject) => {
    const targets = project.targets.flatMap((target) => linkTarget(path, project.sourceRoot, target) ?? []);
    // A dext target's files win over other targets' naming the same Info.plist (rare, but a kext and
    // a dext of one project may share a folder).
    for (const target of [...targets].sort((a, b) => rank(b.kind) - rank(a.kind))) {
      for (const file of [target.infoPlist, ...target.entitlementFiles]) if (file && !resolvers.has(file)) resolvers.set(file, target.resolver);
      if (target.infoPlist && target.entitlementFiles.length > 0 && !entitlementsOf.has(target.infoPlist)) entitlementsOf.set(target.infoPlist, target.entitlementFiles);
    }
    projects.push({ path, sourceRoot: project.sourceRoot, targets });
  };
  for (const root of roots) {
    const found = await findProjectFiles(root);
    const { pbxprojs, specs } = found.pbxprojs.length > 0 || found.specs.length > 0 ? found : await findEnclosingProjectFiles(root);
    for (const pbxproj of pbxprojs) {
      if (seen.has(pbxproj)) continue;
      seen.add(pbxproj);
      try {
        add(pbxproj, await loadProject(pbxproj));
      } catch (error) {
        unreadable.push({ path: pbxproj, message: (error as Error).message, offset: error instanceof PbxprojError ? error.offset : undefined });
      }
    }
    // A spec whose generated project sits beside it is read through that project instead.
    const generated = new Set(pbxprojs.map((pbxproj) => dirname(dirname(pbxproj))));
    for (const spec of specs) {
      if (seen.has(spec) || generated.has(dirname(spec))) continue;
      seen.add(spec);
      const project = await loadXcodeGenSpec(spec);
      if (project) add(spec, project);
    }
  }
  return { projects, unreadable, resolvers, entitlementsOf };
}

/** The Info.plist entries one configuration generates: the spec's own `info` properties, then the settings' (GENERATE_INFOPLIST_FILE). */
function generatedValues(target: XcodeTarget, settings: BuildSettings): Record<string, string | undefined> | undefined {
  const fromSettings = infoPlistValues(settings);
  const written = target.infoProperties && Object.fromEntries(Object.entries(target.infoProperties).map(([key, raw]) => [key, resolveSetting(raw, settings)]));
  return written || fromSettings ? { ...written, ...fromSettings } : undefined;
}

function linkTarget(project: string, sourceRoot: string, target: XcodeTarget): LinkedTarget | undefined {
  const settings = settingsFor(target);
  if (!settings) return undefined;
  const generated = generatedValues(target, settings);
  // The default configuration is what xcodebuild and Archive build; the others are named so that a key
  // only Debug generates is reported as missing from Release, not from the file.
  const configuration = target.configurations.find((c) => c.settings === settings)?.name;
  const otherConfigurations = target.configurations
    .filter((c) => c.settings !== settings)
    .map((c) => ({ name: c.name, generatedKeys: new Set(Object.keys(generatedValues(target, c.settings) ?? {})) }));
  // Settings from files the reader does not follow: only plain values are known, and any key may be generated.
  const resolver: SettingsResolver = target.incomplete
    ? { ...NO_PROJECT, incomplete: target.incomplete }
    : { resolve: (value) => resolveSetting(value, settings), generatedKeys: new Set(generated ? Object.keys(generated) : []), generated, configuration, otherConfigurations };
  const paths = targetFilePaths(settings, sourceRoot);
  const deploymentTarget = driverKitDeploymentTarget(target);
  const entitlementFiles = [paths.entitlements, ...target.configurations.map((c) => targetFilePaths(c.settings, sourceRoot).entitlements)]
    .flatMap((path) => (path === undefined ? [] : [resolve(path)]))
    .filter((path, i, all) => all.indexOf(path) === i);
  return {
    project,
    id: target.id,
    name: target.name,
    kind: KIND_BY_PRODUCT_TYPE[target.productType ?? ''] ?? 'other',
    settings,
    configurations: target.configurations,
    resolver,
    infoPlist: paths.infoPlist && resolve(paths.infoPlist),
    entitlements: paths.entitlements && resolve(paths.entitlements),
    entitlementFiles,
    generated,
    files: new Set(target.files.map((f) => resolve(f))),
    folders: target.folders.map((f) => resolve(f)),
    ...(target.products ? { products: target.products } : {}),
    ...(deploymentTarget && { deploymentTarget }),
  };
}

function rank(kind: TargetKind): number {
  return kind === 'dext' ? 3 : kind === 'kext' ? 2 : kind === 'app' ? 1 : 0;
}

/** The targets that build this source (a dext target first), from build phases and synchronized folders. */
export function targetsBuilding(links: ProjectLinks, path: string): LinkedTarget[] {
  const out: LinkedTarget[] = [];
  for (const project of links.projects) {
    for (const target of project.targets) {
      if (target.files.has(path) || target.folders.some((folder) => isInside(folder, path))) out.push(target);
    }
  }
  return out.sort((a, b) => rank(b.kind) - rank(a.kind));
}

/** The target whose settings name this file as its Info.plist or its entitlements (a dext target first). */
export function targetNaming(links: ProjectLinks, path: string): { target: LinkedTarget; as: 'info-plist' | 'entitlements' } | undefined {
  let found: { target: LinkedTarget; as: 'info-plist' | 'entitlements' } | undefined;
  for (const project of links.projects) {
    for (const target of project.targets) {
      const as = target.infoPlist === path ? 'info-plist' : target.entitlementFiles.includes(path) ? 'entitlements' : undefined;
      if (as && (!found || rank(target.kind) > rank(found.target.kind))) found = { target, as };
    }
  }
  return found;
}

/** False when Xcode does not sign the target (an empty identity, signing not allowed): a script does. */
export function signedByXcode(target: LinkedTarget): boolean {
  return signsWithXcode(target.settings, (value) => target.resolver.resolve(value));
}

/** Whether settings let Xcode sign (an identity, signing allowed); `resolve` expands `$(VAR)`. */
export function signsWithXcode(settings: Readonly<Record<string, string>>, resolve: (value: string) => string | undefined = (value) => resolveSetting(value, settings)): boolean {
  // Unset, Xcode signs with its default identity.
  const raw = settings.CODE_SIGN_IDENTITY;
  const identity = raw === undefined ? undefined : resolve(raw);
  const allowed = resolve(settings.CODE_SIGNING_ALLOWED ?? 'YES');
  return identity !== '' && allowed?.toUpperCase() !== 'NO';
}

/** The readable project whose folder holds the path most closely, if any. */
export function projectCovering(links: ProjectLinks, path: string): LinkedProject | undefined {
  let best: LinkedProject | undefined;
  for (const project of links.projects) {
    if (isInside(project.sourceRoot, path) && (!best || project.sourceRoot.length > best.sourceRoot.length)) best = project;
  }
  return best;
}

/** The unreadable project whose folder holds the path, if any: its files are judged on their own. */
export function unreadableCovering(links: ProjectLinks, path: string): UnreadableProject | undefined {
  return links.unreadable.find((p) => isInside(dirname(dirname(p.path)), path));
}

export function isInside(folder: string, path: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}
