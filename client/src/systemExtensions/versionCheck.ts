/**
 * Will activating the workspace's dext replace the installed one? macOS keeps an installed dext when
 * the new copy has the same CFBundleShortVersionString and CFBundleVersion (only with developer mode
 * on is the host app asked to replace it anyway), and a downgrade happens only when the host app's
 * replacement delegate agrees. Either way a rebuild then seems to have no effect. Pure: compares the
 * dext's versions as the language server resolved them (protocol/dexts.ts) with
 * `systemextensionsctl list`. A dext whose versions could not be resolved gives no warning: a
 * wrong warning is worse than none.
 */
import { findExtension, type SystemExtensionEntry } from '../../../core/tools/systemExtensionsCtl';
import type { DextVersion, VersionKey } from '../../../protocol/dexts';

export interface VersionConflict {
  /** `same`: the installed copy has the same versions; `installed-newer`: activating would downgrade it. */
  readonly kind: 'same' | 'installed-newer';
  readonly workspace: DextVersion;
  readonly installed: SystemExtensionEntry;
  /** The key to raise, and where it is written. */
  readonly key: VersionKey;
  readonly message: string;
}

/**
 * Compares two versions number by number (`1.10` > `1.9`, `1.0` = `1.0.0`). Versions that are not
 * plain dotted numbers (`1.0d3`, `2.0-beta`) compare only as equal or unknown.
 */
export function compareVersions(a: string, b: string): number | undefined {
  if (a === b) return 0;
  if (!/^\d+(?:\.\d+)*$/.test(a) || !/^\d+(?:\.\d+)*$/.test(b)) return undefined;
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const difference = (x[i] ?? 0) - (y[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/** Short version first, the build number when those are equal; undefined when either cannot be compared. */
function compareDextVersions(short: string, build: string | undefined, otherShort: string, otherBuild: string | undefined): number | undefined {
  if (build === undefined || otherBuild === undefined) return undefined; // a row showing one version: which one is unclear
  const order = compareVersions(short, otherShort);
  return order === 0 ? compareVersions(build, otherBuild) : order;
}

/** Installed minus workspace. */
function compareInstalled(installed: SystemExtensionEntry, workspace: DextVersion): number | undefined {
  return compareDextVersions(installed.shortVersion, installed.bundleVersion, workspace.shortVersion.value, workspace.bundleVersion.value);
}

/** Copies that are going away (uninstalled, or waiting to be removed at restart) do not block anything. */
function stillInstalled(installed: SystemExtensionEntry): boolean {
  return !/^(?:terminat|uninstall)/i.test(installed.state.trim());
}

function sameTeam(installed: SystemExtensionEntry, workspace: DextVersion): boolean {
  return workspace.teamId === undefined || installed.teamId === '-' || installed.teamId === workspace.teamId;
}

/** The installed copy that stops the workspace's dext from replacing it, if any (the newest when several). */
export function findVersionConflict(workspace: DextVersion, entries: readonly SystemExtensionEntry[]): VersionConflict | undefined {
  let newer: SystemExtensionEntry | undefined;
  let same: SystemExtensionEntry | undefined;
  for (const installed of findExtension(entries, workspace.bundleId)) {
    if (!stillInstalled(installed) || !sameTeam(installed, workspace)) continue;
    const order = compareInstalled(installed, workspace);
    if (order === 0) same ??= installed;
    else if (order !== undefined && order > 0 && (!newer || isNewer(installed, newer))) newer = installed;
  }
  if (newer) {
    const key: VersionKey = compareVersions(newer.shortVersion, workspace.shortVersion.value) === 0 ? 'CFBundleVersion' : 'CFBundleShortVersionString';
    return { kind: 'installed-newer', workspace, installed: newer, key, message: newerMessage(workspace, newer, key) };
  }
  if (same) return { kind: 'same', workspace, installed: same, key: 'CFBundleVersion', message: sameMessage(workspace, same) };
  return undefined;
}

function isNewer(a: SystemExtensionEntry, b: SystemExtensionEntry): boolean {
  return (compareDextVersions(a.shortVersion, a.bundleVersion, b.shortVersion, b.bundleVersion) ?? 0) > 0;
}

function versionWords(short: string, build: string | undefined): string {
  return build === undefined ? short : `${short} (build ${build})`;
}

function raise(workspace: DextVersion, key: VersionKey): string {
  const setting = (key === 'CFBundleVersion' ? workspace.bundleVersion : workspace.shortVersion).setting;
  return `raise ${key}${setting ? ` (build setting ${setting})` : ''}`;
}

function sameMessage(workspace: DextVersion, installed: SystemExtensionEntry): string {
  return (
    `${workspace.bundleId} ${versionWords(installed.shortVersion, installed.bundleVersion)} is already installed [${installed.state}] with the same version as the workspace's Info.plist. ` +
    `macOS keeps an installed dext whose CFBundleShortVersionString and CFBundleVersion are unchanged, so a rebuilt dext will seem to have no effect. ` +
    `Before activating, ${raise(workspace, 'CFBundleVersion')}. (Only in developer mode, after "systemextensionsctl developer on", is the host app asked whether to replace a copy of the same version.)`
  );
}

function newerMessage(workspace: DextVersion, installed: SystemExtensionEntry, key: VersionKey): string {
  const mine = versionWords(workspace.shortVersion.value, workspace.bundleVersion.value);
  const theirs = versionWords(installed.shortVersion, installed.bundleVersion);
  return (
    `The installed ${workspace.bundleId} ${theirs} [${installed.state}] is newer than the workspace's ${mine}. ` +
    `Activating would be a downgrade, which macOS does not do unless the host app's replacement delegate explicitly agrees, so the installed copy will most likely stay. ` +
    `Either ${raise(workspace, key)} above ${key === 'CFBundleVersion' ? installed.bundleVersion : installed.shortVersion}, or uninstall the installed copy.`
  );
}
