/**
 * The workspace's dext, named as `ps` would show it: read from a dext Info.plist, with `$(...)`
 * values expanded through the build settings of the Xcode target that uses that Info.plist.
 */
import * as vscode from 'vscode';
import { linkProjects } from '../../../server/src/plist/projectSettings';
import { dextNameFromInfoPlist } from './dextName';

const SKIPPED = '{**/build/**,**/DerivedData/**,**/node_modules/**}';

/** The dext named by `plist` (or by the first dext Info.plist of the workspace). */
export async function workspaceDextName(plist?: vscode.Uri): Promise<string | undefined> {
  const candidates = plist ? [plist] : await vscode.workspace.findFiles('**/Info.plist', SKIPPED, 20);
  if (candidates.length === 0) return undefined;
  const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const links = await linkProjects(roots).catch(() => undefined);
  for (const uri of candidates) {
    let text: string;
    try {
      text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    } catch {
      continue;
    }
    const resolver = links?.resolvers.get(uri.fsPath);
    const name = dextNameFromInfoPlist(text, resolver ? (value) => resolver.resolve(value) : undefined);
    if (name) return name;
  }
  return undefined;
}
