/** A status bar item naming the DriverKit SDK the language server uses (installed SDK or bundled catalog). */
import * as vscode from 'vscode';
import { SdkStatusNotification, type SdkStatus } from '../../../protocol/sdkStatus';
import type { LanguageServer } from '../languageServer/languageServer';

export function activateSdkStatusBar(server: LanguageServer): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('driverkit.sdk', vscode.StatusBarAlignment.Right, 100);
  item.name = 'DriverKit SDK';
  item.command = 'driverkit.showSdkStatus';
  let last: SdkStatus | undefined;
  const update = (): void => {
    const editor = vscode.window.activeTextEditor;
    const relevant = editor && ['iig', 'cpp'].includes(editor.document.languageId);
    if (!last || !relevant) {
      item.hide();
      return;
    }
    const version = last.path ? /DriverKit(\d+(?:\.\d+)*)\.sdk/.exec(last.path)?.[1] : undefined;
    item.text = last.path ? `$(chip) DriverKit SDK${version ? ` ${version}` : ''}` : '$(chip) DriverKit catalog';
    item.tooltip = last.path
      ? `DriverKit SDK in use: ${last.path}\n${last.classes} classes from ${last.headers} headers${last.fromCache ? ' (cached)' : ''}`
      : `No DriverKit SDK found (set driverkit.sdkPath, or install Xcode). Using the bundled catalog: ${last.classes} classes.`;
    item.show();
  };
  const disposables = [
    item,
    server.onNotification(SdkStatusNotification, (status) => {
      last = status;
      update();
    }),
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.commands.registerCommand('driverkit.showSdkStatus', async () => {
      const message = last?.path ? `DriverKit SDK in use: ${last.path} (${last.classes} classes).` : 'No DriverKit SDK found; the bundled catalog is in use.';
      const choice = await vscode.window.showInformationMessage(message, 'Choose SDK Folder…');
      if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', 'driverkit.sdkPath');
    }),
  ];
  return vscode.Disposable.from(...disposables);
}
