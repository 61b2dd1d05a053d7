/**
 * Which rules a property list gets: a dext's Info.plist its own rules plus the USB vendor check
 * against its entitlements; a dext's .entitlements the entitlement rules against the Info.plist
 * beside it; a client app's .entitlements the userclient-access check against every dext.
 */
import { dirname } from 'node:path';
import { finding, type Finding } from './finding';
import { RULES } from './ruleCatalog';
import type { WorkspaceIndex } from '../model/workspaceIndex';
import type { SdkCatalog } from '../sdk/sdkCatalog';
import { checkClientAccess, checkEntitlements, checkUsbVendors } from './entitlementRules';
import { checkInfoPlist } from './infoPlistRules';
import { isDextInfoPlist, resolvedString, type PlistFile, type SettingsResolver } from '../plist/plistContext';

export interface PlistWorkspace {
  readonly index: WorkspaceIndex;
  readonly catalog: SdkCatalog;
  plistFiles(): Iterable<PlistFile>;
  plistFile(path: string): PlistFile | undefined;
  /** Build settings for the target an Info.plist or .entitlements belongs to. */
  resolverFor(path: string): SettingsResolver;
  /** The .entitlements a project's target signs this Info.plist's dext with, if a project says so. */
  entitlementsFor(infoPlistPath: string): string | undefined;
}

const PROBLEM_RULES = { 'plist.malformed': RULES.plistMalformed, 'plist.binary': RULES.plistBinary, 'plist.not-plist': RULES.plistNotPlist } as const;

export function isEntitlementsPath(path: string): boolean {
  return path.toLowerCase().endsWith('.entitlements');
}

/** Dext Info.plists with the entitlements that sign them (same folder). */
export function dextProjects(workspace: PlistWorkspace): { info: PlistFile; entitlements: PlistFile[]; resolver: SettingsResolver }[] {
  const all = [...workspace.plistFiles()];
  return all
    .filter((file) => !isEntitlementsPath(file.path) && isDextInfoPlist(file.document.root, workspace.resolverFor(file.path)))
    .map((info) => ({
      info,
      entitlements: entitlementsOf(workspace, all, info),
      resolver: workspace.resolverFor(info.path),
    }));
}

/** The target's entitlements when a project names them, else those beside the Info.plist. */
function entitlementsOf(workspace: PlistWorkspace, all: readonly PlistFile[], info: PlistFile): PlistFile[] {
  const named = workspace.entitlementsFor(info.path);
  if (named) return all.filter((file) => file.path === named);
  return all.filter((file) => isEntitlementsPath(file.path) && dirname(file.path) === dirname(info.path));
}

export function checkPlist(workspace: PlistWorkspace, path: string): Finding[] {
  const file = workspace.plistFile(path);
  if (!file) return [];
  const problem = file.document.problem;
  if (problem) {
    // Only files that matter to a dext are worth a finding: Info.plists and entitlements.
    const relevant = isEntitlementsPath(path) || /(^|[\\/])Info\.plist$/i.test(path) || problem.code === 'plist.malformed';
    return relevant ? [finding(PROBLEM_RULES[problem.code], path, problem.span, problem.message)] : [];
  }
  const projects = dextProjects(workspace);
  const context = { index: workspace.index, catalog: workspace.catalog };
  if (!isEntitlementsPath(path)) {
    const project = projects.find((p) => p.info.path === path);
    if (!project) return [];
    return [...checkInfoPlist({ ...context, file, resolver: project.resolver, entitlements: project.entitlements }), ...checkUsbVendors(file, project.entitlements, project.resolver)];
  }
  const out: Finding[] = [];
  for (const project of projects.filter((p) => p.entitlements.includes(file))) {
    out.push(...checkEntitlements(file, project.info, { ...context, resolver: project.resolver }));
  }
  if (!projects.some((p) => p.entitlements.includes(file))) {
    const dexts = projects.flatMap((p) => {
      const bundleId = resolvedString(p.info.document.root, 'CFBundleIdentifier', p.resolver);
      return bundleId ? [{ bundleId, entitlements: p.entitlements }] : [];
    });
    out.push(...checkClientAccess(file, dexts));
  }
  return out;
}
