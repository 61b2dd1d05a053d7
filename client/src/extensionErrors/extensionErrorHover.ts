/**
 * Plain-words explanations of system extension failures where developers meet them: a hover over
 * log lines (output channels such as "DriverKit Driver Log", and `.log` files), and the command
 * "DriverKit: Explain System Extension Error" for a code or a pasted message.
 */
import * as vscode from 'vscode';
import { explainInput, findExtensionErrorAt, plainText } from './extensionErrorFinder';

/**
 * Output channel documents have the `output` scheme; VS Code gives plain channels the language id
 * `Log` and log channels (`createOutputChannel(name, { log: true })`) the id `log`, which is also
 * the language of `.log` files opened from disk.
 */
export const LOG_DOCUMENTS: vscode.DocumentSelector = [{ scheme: 'output' }, { language: 'log' }, { language: 'Log' }];

class ExtensionErrorHoverProvider implements vscode.HoverProvider {
  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const line = document.lineAt(position.line).text;
    const found = findExtensionErrorAt(line, position.character);
    if (!found) return undefined;
    const markdown = new vscode.MarkdownString();
    markdown.appendMarkdown(`**${escape(found.title)}**\n\n`);
    markdown.appendMarkdown(found.explanation);
    return new vscode.Hover(markdown, new vscode.Range(position.line, found.start, position.line, found.end));
  }
}

/** Our titles are plain text; keep Markdown from reading their characters as formatting. */
function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

async function explainCommand(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  const text = await vscode.window.showInputBox({
    title: 'Explain a system extension error',
    prompt: 'An OSSystemExtensionError code (e.g. 8), its name, or a log line from sysextd or the kernel',
    value: selected.split(/\r?\n/).find((l) => l.trim()) ?? '',
  });
  if (text === undefined || !text.trim()) return;
  const answer = explainInput(text);
  if (!answer) {
    void vscode.window.showInformationMessage('That is not an error or message this extension knows. sysextd\'s lines in Console usually say more.');
    return;
  }
  void vscode.window.showInformationMessage(answer.title, { modal: true, detail: plainText(answer.explanation) });
}

export function activateExtensionErrorHover(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerHoverProvider(LOG_DOCUMENTS, new ExtensionErrorHoverProvider()),
    vscode.commands.registerCommand('driverkit.explainSystemExtensionError', explainCommand),
  );
}
