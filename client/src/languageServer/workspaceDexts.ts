/**
 * The workspace's dext, named as `ps` would show it: read from a dext Info.plist, with `$(...)`
 * values expanded through the build settings of the Xcode target that uses that Info.plist.
 */
import type * as vscode from 'vscode';
import { readWorkspaceInfoPlists } from '../system/workspaceInfoPlists';
import { dextNameFromInfoPlist } from '../debug/dextName';

export interface WorkspaceDext {
  readonly name: string;
  /** The Info.plist it was read from: its folder is the one to build and debug in. */
  readonly infoPlist: vscode.Uri;
}

/** The dext named by `plist` (or by the first dext Info.plist of the workspace). */
export async function workspaceDext(plist?: vscode.Uri): Promise<WorkspaceDext | undefined> {
  for (const { uri, text, resolver } of await readWorkspaceInfoPlists(20, plist)) {
    const name = dextNameFromInfoPlist(text, (value) => resolver.resolve(value));
    if (name) return { name, infoPlist: uri };
  }
  return undefined;
}

export async function workspaceDextName(plist?: vscode.Uri): Promise<string | undefined> {
  return (await workspaceDext(plist))?.name;
}
