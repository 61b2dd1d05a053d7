/**
 * Crash reports of the workspace's dexts in the editor: the `driverkit-crash:` documents, the
 * commands that list and open reports, the notification when one appears while debugging, and the
 * report items the System Extensions view shows under each extension.
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { CrashNotifier } from './crashNotifier';
import { CRASH_SCHEME, CrashReportDocuments, crashReportUri } from './crashReportDocument';
import { listDextCrashReports, reportFolders } from './crashReportFolders';

/** Opens a report file as a readable document. */
export async function openCrashReport(file: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(crashReportUri(file));
  await vscode.window.showTextDocument(document, { preview: false });
}

/** The report items under a dext in the System Extensions view (newest ten), or one item saying there are none. */
export async function crashReportItems(bundleId: string): Promise<vscode.TreeItem[]> {
  const { reports } = await listDextCrashReports([bundleId]);
  if (reports.length === 0) return [new vscode.TreeItem('No crash reports')];
  return reports.slice(0, 10).map((r) => {
    const item = new vscode.TreeItem(`Crash ${r.header.timestamp ?? new Date(r.mtimeMs).toLocaleString()}`);
    item.description = basename(r.path);
    item.tooltip = r.path;
    item.iconPath = new vscode.ThemeIcon('bug', new vscode.ThemeColor('errorForeground'));
    item.contextValue = 'crashReport';
    item.command = { command: 'driverkit.openCrashReport', title: 'Open Crash Report', arguments: [r.path] };
    return item;
  });
}

/**
 * `workspaceDextNames` names the dexts to offer when no name is given; `changed` tells the System
 * Extensions view to show a new report.
 */
export function activateCrashReports(workspaceDextNames: () => Promise<string[]>, changed: () => void = () => undefined): vscode.Disposable {
  const documents = new CrashReportDocuments();
  const open = (file: unknown): Promise<void> | undefined => (typeof file === 'string' && file ? openCrashReport(file) : undefined);
  const notifier = new CrashNotifier(open, changed);
  const show = async (name?: unknown): Promise<void> => {
    const names = typeof name === 'string' && name ? [name] : await workspaceDextNames();
    const dexts = names.length > 0 ? names : [(await vscode.window.showInputBox({ prompt: 'Bundle id or process name of the driver extension' })) ?? ''].filter(Boolean);
    if (dexts.length === 0) return;
    const { reports, skipped } = await listDextCrashReports(dexts);
    if (reports.length === 0) {
      void vscode.window.showInformationMessage(`No crash reports of ${dexts.join(', ')} in ${reportFolders().join(', ')}${skipped ? ` (${skipped} files could not be read)` : ''}.`);
      return;
    }
    const picked = await vscode.window.showQuickPick(
      reports.map((r) => ({ label: r.header.timestamp ?? new Date(r.mtimeMs).toLocaleString(), description: r.header.bundleId ?? r.header.name, detail: r.path, path: r.path })),
      { placeHolder: `Crash reports of ${dexts.join(', ')}, newest first` },
    );
    if (picked) await openCrashReport(picked.path);
  };
  return vscode.Disposable.from(
    notifier,
    vscode.workspace.registerTextDocumentContentProvider(CRASH_SCHEME, documents),
    vscode.languages.registerDocumentLinkProvider({ scheme: CRASH_SCHEME }, documents),
    vscode.commands.registerCommand('driverkit.openCrashReport', open),
    vscode.commands.registerCommand('driverkit.showCrashReports', show),
  );
}
