/**
 * The workspace's Info.plist files, each with the build settings of the Xcode target that uses it
 * (server/src/plist/projectSettings.ts `linkProjects`), so `$(...)` values resolve as the build would
 * resolve them. A file no target names gets NO_PROJECT: plain values only, variables stay unknown.
 */
import { resolve } from 'node:path';
import * as vscode from 'vscode';
import { NO_PROJECT, type SettingsResolver } from '../../../core/plist/plistContext';
import { linkProjects } from '../../../core/xcode/projectSettings';

export interface WorkspaceInfoPlist {
  readonly uri: vscode.Uri;
  readonly text: string;
  readonly resolver: SettingsResolver;
}

/** Build products hold copies of the Info.plist with the values already expanded: not the source. */
const SKIPPED = '{**/build/**,**/DerivedData/**,**/node_modules/**}';

/** The workspace's Info.plist files (or just `only`), each with its target's settings resolver. */
export async function readWorkspaceInfoPlists(limit = 50, only?: vscode.Uri): Promise<WorkspaceInfoPlist[]> {
  const uris = only ? [only] : await vscode.workspace.findFiles('**/Info.plist', SKIPPED, limit);
  if (uris.length === 0) return [];
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  // Projects that cannot be read link nothing; their plists keep plain values.
  const links = await linkProjects(roots).catch(() => undefined);
  const plists: WorkspaceInfoPlist[] = [];
  for (const uri of uris) {
    try {
      // A device or a pipe named Info.plist would never finish reading: regular files only.
      if (((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File) === 0) continue;
      const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
      plists.push({ uri, text, resolver: links?.resolvers.get(resolve(uri.fsPath)) ?? NO_PROJECT });
    } catch {
      // deleted or unreadable since the search: nothing to compare
    }
  }
  return plists;
}
