/**
 * Which Info.plists are a driver extension's. A project's word decides first: the Info.plist a dext
 * target names is one, the Info.plist of a kext or app target is not, and an Info.plist inside a
 * project that no target names (a stray "copy-Info.plist", an old one left behind when the target
 * switched to a generated Info.plist) is not either. Without a project the content decides: the
 * package type DEXT, or personalities of the kind only a dext has (an IOUserClass or an
 * IOUserServerName). A kext's Info.plist (package type KEXT, kext personalities) is never one.
 */
import { basename, dirname } from 'node:path';
import { entry, type PlistNode } from '../../plist/plistXml';
import { resolvedString, type PlistFile, type SettingsResolver } from '../../plist/plistContext';
import type { DextProject, PlistWorkspace } from './context';

export function isEntitlementsPath(path: string): boolean {
  return path.toLowerCase().endsWith('.entitlements');
}

/** An entitlements file: named `.entitlements`, or a plist a target signs with (`entitlements.plist`). */
export function isEntitlementsFile(workspace: PlistWorkspace, path: string): boolean {
  return isEntitlementsPath(path) || workspace.targetNaming(path)?.as === 'entitlements';
}

/** The personalities (dicts) of an Info.plist. */
export function personalitiesOf(info: PlistNode | undefined): PlistNode[] {
  const personalities = entry(info, 'IOKitPersonalities')?.value;
  return personalities?.kind === 'dict' ? personalities.entries.map((e) => e.value).filter((v) => v.kind === 'dict') : [];
}

/** A personality a dext serves: the kernel launches a dext for it (it names a server or a user class). */
export function isDextPersonality(personality: PlistNode): boolean {
  return !!entry(personality, 'IOUserServerName') || !!entry(personality, 'IOUserClass');
}

export function isDextInfoPlist(workspace: PlistWorkspace, file: PlistFile): boolean {
  if (isEntitlementsFile(workspace, file.path)) return false;
  const root = file.document.root;
  if (root?.kind !== 'dict') return false;
  const named = workspace.targetNaming(file.path);
  if (named) return named.target.kind === 'dext';
  if (workspace.projectCovering(file.path)) return false; // in a project, but no target builds it
  const packageType = resolvedString(root, 'CFBundlePackageType', workspace.resolverFor(file.path));
  if (packageType === 'KEXT') return false;
  // A dext's personalities make it one whatever its package type says (a wrong type is a finding).
  return packageType === 'DEXT' || personalitiesOf(root).some(isDextPersonality);
}

/** Every dext Info.plist of the workspace with its entitlements, settings and bundle id. */
export function dextProjects(workspace: PlistWorkspace): DextProject[] {
  const all = [...workspace.plistFiles()];
  return all
    .filter((file) => isDextInfoPlist(workspace, file))
    .map((info) => {
      const resolver = workspace.resolverFor(info.path);
      const target = workspace.targetNaming(info.path)?.target;
      const bundleId = resolver.generated?.CFBundleIdentifier ?? resolvedString(info.document.root, 'CFBundleIdentifier', resolver);
      return { info, entitlements: entitlementsOf(workspace, all, info, target !== undefined), resolver, target, bundleId };
    });
}

/**
 * The target's entitlements when a project names them. Without a project, the one beside the
 * Info.plist; when several sit there (a dext's and its app's files side by side), the one named like
 * the dext (`Driver-Info.plist` → `Driver.entitlements`, or after its bundle name, executable, last
 * bundle id part or user class), else those holding any DriverKit entitlement; still several, none:
 * which signs the dext is then unknown, and unknown is never judged.
 */
function entitlementsOf(workspace: PlistWorkspace, all: readonly PlistFile[], info: PlistFile, inProject: boolean): PlistFile[] {
  const named = workspace.entitlementsFor(info.path);
  if (named) return all.filter((file) => named.includes(file.path));
  if (inProject) return [];
  const beside = all.filter((file) => isEntitlementsFile(workspace, file.path) && dirname(file.path) === dirname(info.path));
  if (beside.length <= 1) return beside;
  const names = dextNames(info, workspace.resolverFor(info.path));
  const byName = beside.filter((file) => names.has(stem(file.path)));
  if (byName.length > 0) return byName.length === 1 ? byName : [];
  const driverKit = beside.filter((file) => file.document.root?.kind === 'dict' && file.document.root.entries.some((e) => e.key.startsWith('com.apple.developer.driverkit')));
  return driverKit.length === 1 ? driverKit : [];
}

/** A file's name without its folder and extension, lower case. */
function stem(path: string): string {
  return basename(path).replace(/\.[^.]*$/, '').toLowerCase();
}

/** What the dext's files may be named after, lower case. */
function dextNames(info: PlistFile, resolver: SettingsResolver): Set<string> {
  const root = info.document.root;
  const names = new Set<string>();
  const add = (value: string | undefined) => value && names.add(value.toLowerCase());
  add(stem(info.path).replace(/[-_ ]?info$/, ''));
  add(resolvedString(root, 'CFBundleName', resolver));
  add(resolvedString(root, 'CFBundleExecutable', resolver));
  add(resolvedString(root, 'CFBundleIdentifier', resolver)?.split('.').pop());
  for (const personality of personalitiesOf(root)) add(resolvedString(personality, 'IOUserClass', resolver));
  names.delete('');
  return names;
}
