/**
 * The workspace's dexts against the installed copies (versionCheck.ts does the comparing): for the
 * System Extensions view, and for "Build and Debug" before it activates the dext, so that a build
 * macOS will not install is named before the user wonders why nothing changed.
 */
import * as vscode from 'vscode';
import { LineIndex } from '../../../core/util/lineIndex';
import type { SystemExtensionEntry } from '../../../core/tools/systemExtensionsCtl';
import { checkDextVersion, type VersionConflict } from './versionCheck';
import { readWorkspaceInfoPlists, type WorkspaceInfoPlist } from '../system/workspaceInfoPlists';

export interface WorkspaceVersionConflict extends VersionConflict {
  readonly infoPlist: vscode.Uri;
  /** An empty range where the version to raise is written; undefined when the build generates that key. */
  readonly selection?: vscode.Range;
}

/** Every dext Info.plist of the workspace whose installed copy will not be replaced by a new build. */
export async function findWorkspaceVersionConflicts(entries: readonly SystemExtensionEntry[], plists?: readonly WorkspaceInfoPlist[]): Promise<WorkspaceVersionConflict[]> {
  if (entries.length === 0) return [];
  const conflicts: WorkspaceVersionConflict[] = [];
  for (const { uri, text, resolver } of plists ?? (await readWorkspaceInfoPlists())) {
    const conflict = checkDextVersion(text, resolver, entries);
    if (!conflict) continue;
    const offset = (conflict.key === 'CFBundleVersion' ? conflict.workspace.bundleVersion : conflict.workspace.shortVersion).offset;
    const at = offset === undefined ? undefined : LineIndex.of(text).position(offset);
    conflicts.push({ ...conflict, infoPlist: uri, ...(at ? { selection: new vscode.Range(at.line, at.character, at.line, at.character) } : {}) });
  }
  return conflicts;
}

/** Opens the Info.plist with the cursor on the version to raise (at the top when the build generates it). */
export function openVersionKey(conflict: WorkspaceVersionConflict): Thenable<unknown> {
  return vscode.window.showTextDocument(conflict.infoPlist, { selection: conflict.selection });
}

/** One warning per conflict, with a button to the version key. Does not wait for the user. */
export function notifyVersionConflicts(conflicts: readonly WorkspaceVersionConflict[]): void {
  for (const conflict of conflicts) {
    void vscode.window.showWarningMessage(conflict.message, 'Open Info.plist').then((choice) => {
      if (choice) void openVersionKey(conflict);
    });
  }
}

/**
 * For "Build and Debug", before it activates the dext: warns about each workspace dext that the
 * installed copy (`entries`, from `systemextensionsctl list`) will keep out, and answers them, so the
 * caller can stop or go on. Empty when activation will install the new build or nothing can be known.
 */
export async function checkWorkspaceDextVersion(entries: readonly SystemExtensionEntry[]): Promise<WorkspaceVersionConflict[]> {
  const conflicts = await findWorkspaceVersionConflicts(entries);
  notifyVersionConflicts(conflicts);
  return conflicts;
}
