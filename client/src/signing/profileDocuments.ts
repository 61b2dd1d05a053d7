/**
 * DriverKit: Show Provisioning Profile — a `.provisionprofile` / `.mobileprovision` file opened as a
 * readable, read-only document (`driverkit-profile:` URIs) rendered by core/signing/profileDocument:
 * what `security cms -D` prints, explained. Without an argument the command offers the profiles of
 * the workspace and (in a trusted workspace) of the folders in driverkit.signing.profileFolders.
 */
import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { profileDocument } from '../../../core/signing/profileDocument';
import { findProfileFiles } from '../../../core/signing/profileDiscovery';

import { SHOW_PROVISIONING_PROFILE_COMMAND } from '../../../protocol/commands';

export const PROFILE_SCHEME = 'driverkit-profile';

/** The document URI of a profile file: its name as the path (the tab title), the file in the query. */
export function profileUri(file: string): vscode.Uri {
  return vscode.Uri.from({ scheme: PROFILE_SCHEME, path: `/${basename(file)}.txt`, query: encodeURIComponent(file) });
}

class ProfileDocuments implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const file = decodeURIComponent(uri.query);
    try {
      return profileDocument(await readFile(file), file, Date.now());
    } catch (error) {
      return `${file}\n\nThis provisioning profile cannot be read: ${(error as Error).message}\n`;
    }
  }
}

/** The profile files to choose from: the workspace's, then the setting's folders (trusted only). */
async function profileChoices(): Promise<string[]> {
  const inWorkspace = (await vscode.workspace.findFiles('**/*.{provisionprofile,mobileprovision}', '**/node_modules/**', 500)).map((u) => u.fsPath);
  if (!vscode.workspace.isTrusted) return inWorkspace;
  const home = homedir();
  const folders = vscode.workspace.getConfiguration('driverkit.signing').get<string[]>('profileFolders', [])
    .map((f) => (f.startsWith('~/') ? join(home, f.slice(2)) : f));
  return [...new Set([...inWorkspace, ...(await findProfileFiles(folders.map((path) => ({ path, kind: 'profiles' as const }))))])];
}

async function pickProfile(): Promise<string | undefined> {
  const files = await profileChoices();
  const browse = { label: '$(folder-opened) Choose a file…', file: undefined as string | undefined };
  const picked = await vscode.window.showQuickPick([...files.map((file) => ({ label: basename(file), description: file, file })), browse], { placeHolder: files.length ? 'Provisioning profile to show' : 'No profiles found in the workspace or the profile folders' });
  if (!picked) return undefined;
  if (picked.file) return picked.file;
  const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Provisioning profiles': ['provisionprofile', 'mobileprovision'] } });
  return chosen?.[0]?.fsPath;
}

export function activateProfileDocuments(): vscode.Disposable {
  const show = async (argument?: unknown): Promise<void> => {
    const file = argument instanceof vscode.Uri ? argument.fsPath : typeof argument === 'string' ? argument : await pickProfile();
    if (!file) return;
    const document = await vscode.workspace.openTextDocument(profileUri(file));
    await vscode.window.showTextDocument(document, { preview: false });
  };
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(PROFILE_SCHEME, new ProfileDocuments()),
    vscode.commands.registerCommand(SHOW_PROVISIONING_PROFILE_COMMAND, show),
  );
}
