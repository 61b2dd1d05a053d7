/** `driverkit.pickDextProcess`: choose one of the running instances of the dext (usable as ${command:...}). */
import * as vscode from 'vscode';
import { locateDext } from '../../../core/tools/dextLocator';
import type { LanguageServer } from '../languageServer/languageServer';
import { workspaceDextName } from '../languageServer/workspaceDexts';

export function activatePickDextProcess(server: LanguageServer): vscode.Disposable {
  return vscode.commands.registerCommand('driverkit.pickDextProcess', async (config?: { dext?: string }) => {
    if (!vscode.workspace.isTrusted) return undefined;
    let dext = config?.dext ?? (await workspaceDextName(server));
    dext ??= await vscode.window.showInputBox({ prompt: 'Bundle id or executable name of the driver extension' });
    if (!dext) return undefined;
    const { matches } = await locateDext(dext);
    if (matches.length === 0) {
      void vscode.window.showErrorMessage(`${dext} is not running.`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      matches.map((p) => ({ label: `${p.pid}`, description: `started ${p.started} · ${p.user}`, detail: p.command, pid: p.pid })),
      { placeHolder: `Which instance of ${dext}? (one runs per matched device)` },
    );
    return picked ? String(picked.pid) : undefined;
  });
}
