/**
 * "DriverKit: New Driver": asks for the family, the class name and the bundle id, then writes a
 * complete small driver (.iig, .cpp, Info.plist, .entitlements) that passes every check. It writes
 * only the files it shows, only into the folder the user picks, and never over an existing file.
 */
import * as vscode from 'vscode';
import { DRIVER_FAMILIES, scaffoldDriver, validBundleId, validClassName } from './driverTemplates';

export function activateNewDriverCommand(): vscode.Disposable {
  return vscode.commands.registerCommand('driverkit.newDriver', async () => {
    const family = await vscode.window.showQuickPick(
      DRIVER_FAMILIES.map((f) => ({ label: f.label, description: f.description, id: f.id })),
      { placeHolder: 'What kind of driver?', title: 'DriverKit: New Driver (1/3)' },
    );
    if (!family) return;
    const className = await vscode.window.showInputBox({
      title: 'DriverKit: New Driver (2/3)',
      prompt: 'Class name of the driver (a C++ identifier)',
      value: 'MyDriver',
      validateInput: (value) => validClassName(value.trim()),
    });
    if (!className) return;
    const bundleId = await vscode.window.showInputBox({
      title: 'DriverKit: New Driver (3/3)',
      prompt: 'Bundle identifier of the driver extension',
      value: `com.example.${className.trim()}`,
      validateInput: (value) => validBundleId(value.trim()),
    });
    if (!bundleId) return;
    const folders = vscode.workspace.workspaceFolders;
    const target = folders?.length === 1
      ? folders[0].uri
      : (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Create the driver here' }))?.[0];
    if (!target) return;
    const files = scaffoldDriver({ family: family.id, className: className.trim(), bundleId: bundleId.trim() });
    for (const file of files) {
      const uri = vscode.Uri.joinPath(target, file.relativePath);
      const exists = await vscode.workspace.fs.stat(uri).then(() => true, () => false);
      if (exists) {
        void vscode.window.showErrorMessage(`${file.relativePath} already exists; nothing was written.`);
        return;
      }
    }
    for (const file of files) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(target, file.relativePath), Buffer.from(file.text, 'utf8'));
    const iig = files.find((f) => f.relativePath.endsWith('.iig'));
    if (iig) await vscode.window.showTextDocument(vscode.Uri.joinPath(target, iig.relativePath));
    void vscode.window.showInformationMessage(`Created ${files.length} files for ${className.trim()} (${family.label}).`);
  });
}
