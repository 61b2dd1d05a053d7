/**
 * The workspace's dext, named as `ps` would show it: read from a dext Info.plist, with `$(...)`
 * values expanded through the build settings of the Xcode target that uses that Info.plist.
 */
import type * as vscode from 'vscode';
import { readWorkspaceInfoPlists } from '../system/workspaceInfoPlists';
import { dextNameFromInfoPlist } from './dextName';

/** The dext named by `plist` (or by the first dext Info.plist of the workspace). */
export async function workspaceDextName(plist?: vscode.Uri): Promise<string | undefined> {
  for (const { text, resolver } of await readWorkspaceInfoPlists(20, plist)) {
    const name = dextNameFromInfoPlist(text, (value) => resolver.resolve(value));
    if (name) return name;
  }
  return undefined;
}
