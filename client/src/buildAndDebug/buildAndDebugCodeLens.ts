/** "Build and Debug" and "Attach" above a dext's Info.plist (a plist with IOKitPersonalities). */
import * as vscode from 'vscode';

const PERSONALITIES = /<key>\s*IOKitPersonalities\s*<\/key>/;

export function activateBuildAndDebugCodeLens(): vscode.Disposable {
  const provider: vscode.CodeLensProvider = {
    provideCodeLenses(document) {
      // Large files are scanned only at the start, where a dext Info.plist's keys live anyway.
      if (!PERSONALITIES.test(document.getText().slice(0, 256 * 1024))) return [];
      const top = new vscode.Range(0, 0, 0, 0);
      return [
        new vscode.CodeLens(top, { title: '$(debug-alt) Build and Debug', command: 'driverkit.buildAndDebug', arguments: [document.uri], tooltip: 'Build, activate the dext, wait for it to start and attach lldb' }),
        new vscode.CodeLens(top, { title: '$(debug) Attach', command: 'driverkit.attachToDext', arguments: [document.uri], tooltip: 'Attach lldb to the running dext, without building' }),
      ];
    },
  };
  return vscode.languages.registerCodeLensProvider({ pattern: '**/Info.plist' }, provider);
}
