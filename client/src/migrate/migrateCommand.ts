/**
 * "DriverKit: Migrate Kext Class to DriverKit…": asks the server for the dext skeleton of the kext
 * class under the cursor (or the one the code action names) and writes it into `<Class>DriverKit/`
 * beside the class's source. It never writes over an existing file; then it opens the .iig.
 */
import * as vscode from 'vscode';
import { MIGRATE_TO_DRIVERKIT_COMMAND, MigrateRequest } from '../../../protocol/migrate';
import type { LanguageServer } from '../languageServer/languageServer';

interface Where {
  readonly uri: string;
  readonly position: { line: number; character: number };
}

/** From the code action's arguments, else the active editor's cursor. */
function whereOf(uri: unknown, position: unknown): Where | undefined {
  if (typeof uri === 'string' && typeof position === 'object' && position !== null) {
    const p = position as { line?: unknown; character?: unknown };
    if (typeof p.line === 'number' && typeof p.character === 'number') return { uri, position: { line: p.line, character: p.character } };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const at = editor.selection.active;
  return { uri: editor.document.uri.toString(), position: { line: at.line, character: at.character } };
}

export function activateMigrateCommand(server: LanguageServer): vscode.Disposable {
  return vscode.commands.registerCommand(MIGRATE_TO_DRIVERKIT_COMMAND, async (uri?: unknown, position?: unknown) => {
    const where = whereOf(uri, position);
    if (!where) {
      void vscode.window.showErrorMessage('Put the cursor on a kext class (its name or inside it), then run Migrate to DriverKit again.');
      return;
    }
    const reply = await server.request(MigrateRequest, where);
    if (reply === undefined) {
      void vscode.window.showErrorMessage('The DriverKit language server is not running.');
      return;
    }
    if (reply === null) {
      void vscode.window.showErrorMessage('No kext class here: put the cursor on the name of a class declared with OSDeclareDefaultStructors.');
      return;
    }
    const folder = vscode.Uri.parse(reply.folderUri);
    // Only plain names inside the folder: the server names them, but a path never leaves the folder.
    const files = reply.files.filter((f) => /^[\w.+-]+$/.test(f.path));
    await vscode.workspace.fs.createDirectory(folder);
    const written: string[] = [];
    const kept: string[] = [];
    for (const file of files) {
      const target = vscode.Uri.joinPath(folder, file.path);
      const exists = await vscode.workspace.fs.stat(target).then(() => true, () => false);
      if (exists) {
        kept.push(file.path);
        continue;
      }
      await vscode.workspace.fs.writeFile(target, Buffer.from(file.text, 'utf8'));
      written.push(file.path);
    }
    // Opened (not shown) so the language server reads them now, not when the file watcher reports
    // them: until then the .iig's methods would look unimplemented. The .cpp first, so the .iig is
    // checked with its definitions already known.
    const sources = [...written.filter((p) => p.endsWith('.cpp')), ...written.filter((p) => p.endsWith('.iig'))];
    for (const path of sources) await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, path));
    const iig = files.find((f) => f.path.endsWith('.iig'));
    if (iig) await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, iig.path));
    const note = kept.length ? ` Kept the existing ${kept.join(', ')}.` : '';
    void vscode.window.showInformationMessage(`Wrote ${written.length} files for ${reply.className} into ${reply.className}DriverKit; search for TODO(migrate) for what is left to port.${note}`);
  });
}
