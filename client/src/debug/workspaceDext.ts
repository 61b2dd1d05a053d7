/** The workspace's dext, named as `ps` would show it: read from the first dext Info.plist that says so literally. */
import * as vscode from 'vscode';
import { dextNameFromInfoPlist } from './dextName';

export async function workspaceDextName(): Promise<string | undefined> {
  for (const uri of await vscode.workspace.findFiles('**/Info.plist', '{**/build/**,**/DerivedData/**,**/node_modules/**}', 20)) {
    const name = dextNameFromInfoPlist(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'));
    if (name) return name;
  }
  return undefined;
}
