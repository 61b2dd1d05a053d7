/**
 * The code lens above a dispatch entry ("3 app callers: …") opens those calls in the references
 * peek, as "Find All References" would. The server sends LSP JSON; VS Code's showReferences command
 * wants its own Uri, Position and Location objects.
 */
import * as vscode from 'vscode';
import { SHOW_APP_CALLERS_COMMAND, type ShowAppCallersArguments } from '../../../protocol/commands';

const position = (p: { line: number; character: number }): vscode.Position => new vscode.Position(p.line, p.character);

export function activateShowAppCallers(): vscode.Disposable {
  return vscode.commands.registerCommand(SHOW_APP_CALLERS_COMMAND, async (shown?: ShowAppCallersArguments) => {
    if (!shown || !Array.isArray(shown.locations)) return;
    const locations = shown.locations.map((l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(position(l.range.start), position(l.range.end))));
    await vscode.commands.executeCommand('editor.action.showReferences', vscode.Uri.parse(shown.uri), position(shown.position), locations);
  });
}
