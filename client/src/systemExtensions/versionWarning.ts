/**
 * The workspace's dexts against the installed copies (versionCheck.ts does the comparing): for the
 * System Extensions view, and for "Build and Debug" before it activates the dext, so that a build
 * macOS will not install is named before the user wonders why nothing changed.
 */
import * as vscode from 'vscode';
import type { SystemExtensionEntry } from '../../../core/tools/systemExtensionsCtl';
import type { WorkspaceDext } from '../../../protocol/dexts';
import type { LanguageServer } from '../languageServer/languageServer';
import { workspaceDexts } from '../languageServer/workspaceDexts';
import { findVersionConflict, type VersionConflict } from './versionCheck';

export interface WorkspaceVersionConflict extends VersionConflict {
  readonly infoPlist: vscode.Uri;
  /** An empty range where the version to raise is written; undefined when the build generates that key. */
  readonly selection?: vscode.Range;
}

/** Every dext of the workspace whose installed copy will not be replaced by a new build. */
export function findWorkspaceVersionConflicts(entries: readonly SystemExtensionEntry[], dexts: readonly WorkspaceDext[]): WorkspaceVersionConflict[] {
  if (entries.length === 0) return [];
  const conflicts: WorkspaceVersionConflict[] = [];
  for (const { infoPlist, version } of dexts) {
    const conflict = version && findVersionConflict(version, entries);
    if (!conflict) continue;
    const at = (conflict.key === 'CFBundleVersion' ? conflict.workspace.bundleVersion : conflict.workspace.shortVersion).position;
    conflicts.push({ ...conflict, infoPlist: vscode.Uri.parse(infoPlist), ...(at ? { selection: new vscode.Range(at.line, at.character, at.line, at.character) } : {}) });
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
export async function checkWorkspaceDextVersion(server: LanguageServer, entries: readonly SystemExtensionEntry[]): Promise<WorkspaceVersionConflict[]> {
  if (entries.length === 0) return [];
  const conflicts = findWorkspaceVersionConflicts(entries, (await workspaceDexts(server)).dexts);
  notifyVersionConflicts(conflicts);
  return conflicts;
}
