/**
 * Links the workspace's Xcode projects to its files: every native target with its kind (dext, kext,
 * app …), the Info.plist and .entitlements its build settings name (resolved through those settings),
 * and the sources it builds. A file no target names keeps plain values only (anything with $(...)
 * stays unknown and is never flagged). A project that cannot be read is remembered with its reason,
 * so the user gets one clear finding instead of silently losing every build setting.
 */
import { dirname, resolve, sep } from 'node:path';
import { findProjects, infoPlistValues, loadProject, resolveSetting, settingsFor, targetFilePaths, type BuildSettings, type XcodeTarget } from './buildSettings';
import { PbxprojError } from './pbxproj';
import type { SettingsResolver } from '../plist/plistContext';

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
  readonly name: string;
  readonly kind: TargetKind;
  /** The default configuration's settings. */
  readonly settings: BuildSettings;
  readonly resolver: SettingsResolver;
  readonly infoPlist?: string;
  readonly entitlements?: string;
  /** Info.plist entries Xcode generates from build settings (GENERATE_INFOPLIST_FILE), when it does. */
  readonly generated?: Readonly<Record<string, string | undefined>>;
  /** Sources and headers it builds (absolute). */
  readonly files: ReadonlySet<string>;
  /** Folders whose every file it builds (Xcode 16 synchronized folders). */
  readonly folders: readonly string[];
}

export interface LinkedProject {
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
  /** The entitlements a target signs its Info.plist's dext with. */
  readonly entitlementsOf: ReadonlyMap<string, string>;
}

export const NO_LINKS: ProjectLinks = { projects: [], unreadable: [], resolvers: new Map(), entitlementsOf: new Map() };

export async function linkProjects(roots: readonly string[]): Promise<ProjectLinks> {
  const projects: LinkedProject[] = [];
  const unreadable: UnreadableProject[] = [];
  const resolvers = new Map<string, SettingsResolver>();
  const entitlementsOf = new Map<string, string>();
  const seen = new Set<string>();
  for (const root of roots) {
    for (const pbxproj of await findProjects(root)) {
      if (seen.has(pbxproj)) continue;
      seen.add(pbxproj);
      let project;
      try {
        project = await loadProject(pbxproj);
      } catch (error) {
        unreadable.push({ path: pbxproj, message: (error as Error).message, offset: error instanceof PbxprojError ? error.offset : undefined });
        continue;
      }
      const targets = project.targets.flatMap((target) => linkTarget(pbxproj, project.sourceRoot, target) ?? []);
      // A dext target's files win over other targets' naming the same Info.plist (rare, but a kext and
      // a dext of one project may share a folder).
      for (const target of [...targets].sort((a, b) => rank(b.kind) - rank(a.kind))) {
        for (const path of [target.infoPlist, target.entitlements]) if (path && !resolvers.has(path)) resolvers.set(path, target.resolver);
        if (target.infoPlist && target.entitlements && !entitlementsOf.has(target.infoPlist)) entitlementsOf.set(target.infoPlist, target.entitlements);
      }
      projects.push({ path: pbxproj, sourceRoot: project.sourceRoot, targets });
    }
  }
  return { projects, unreadable, resolvers, entitlementsOf };
}

function linkTarget(project: string, sourceRoot: string, target: XcodeTarget): LinkedTarget | undefined {
  const settings = settingsFor(target);
  if (!settings) return undefined;
  const generated = infoPlistValues(settings);
  const resolver: SettingsResolver = {
    resolve: (value) => resolveSetting(value, settings),
    generatedKeys: new Set(generated ? Object.keys(generated) : []),
    generated,
  };
  const paths = targetFilePaths(settings, sourceRoot);
  return {
    project,
    name: target.name,
    kind: KIND_BY_PRODUCT_TYPE[target.productType ?? ''] ?? 'other',
    settings,
    resolver,
    infoPlist: paths.infoPlist && resolve(paths.infoPlist),
    entitlements: paths.entitlements && resolve(paths.entitlements),
    generated,
    files: new Set(target.files.map((f) => resolve(f))),
    folders: target.folders.map((f) => resolve(f)),
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
      const as = target.infoPlist === path ? 'info-plist' : target.entitlements === path ? 'entitlements' : undefined;
      if (as && (!found || rank(target.kind) > rank(found.target.kind))) found = { target, as };
    }
  }
  return found;
}

/** False when Xcode does not sign the target (an empty identity, signing not allowed): a script does it. */
export function signedByXcode(target: LinkedTarget): boolean {
  // Unset, Xcode signs with its default identity.
  const raw = target.settings.CODE_SIGN_IDENTITY;
  const identity = raw === undefined ? undefined : target.resolver.resolve(raw);
  const allowed = target.resolver.resolve(target.settings.CODE_SIGNING_ALLOWED ?? 'YES');
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
