/**
 * DriverKit: Diagnose Activation — why the dext did not activate or load, in one report: what the
 * unified log, systemextensionsctl, the system extensions database and the host app's quarantine
 * attribute say (core/activation collects and explains), opened as a read-only document
 * (`driverkit-activation:` URIs). The tools are macOS's; each is a setting (a stand-in elsewhere),
 * and nothing configured runs in an untrusted workspace. Build and Debug offers it when its wait fails.
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { DEFAULT_DATABASE_COMMAND, runActivationDoctor, type ActivationCommands } from '../../../core/activation/collect';
import { renderActivationReport } from '../../../core/activation/renderReport';
import { runCommand } from '../../../core/tools/runCommand';
import { workspaceDext } from '../languageServer/workspaceDexts';
import type { LanguageServer } from '../languageServer/languageServer';
import { hostAppPath } from '../util/hostApp';
import { macTool } from '../util/macTool';

export const ACTIVATION_SCHEME = 'driverkit-activation';
export const DIAGNOSE_ACTIVATION_COMMAND = 'driverkit.diagnoseActivation';

/** What the command may be given (Build and Debug passes the dext it waited for). */
export interface DiagnoseArguments {
  readonly dext?: string;
  readonly folder?: vscode.WorkspaceFolder;
}

/** The configured tools; those that cannot run here (not macOS, nothing configured) are left out. */
function commands(): ActivationCommands {
  const config = vscode.workspace.getConfiguration('driverkit');
  const tool = (setting: string, name: string) => {
    const t = macTool(setting, name);
    return t.available ? t.executable : undefined;
  };
  const configuredDatabase = config.get<string[]>('activation.databaseCommand', []).filter((a) => typeof a === 'string');
  const database = configuredDatabase.length > 0 && configuredDatabase[0] ? configuredDatabase : process.platform === 'darwin' ? [...DEFAULT_DATABASE_COMMAND] : undefined;
  return {
    log: tool('driverkit.logs.command', 'log'),
    logWindow: config.get<string>('activation.logWindow', '10m'),
    systemExtensionsCtl: tool('driverkit.systemExtensions.command', 'systemextensionsctl'),
    ...(database ? { database } : {}),
    xattr: tool('driverkit.activation.xattrCommand', 'xattr'),
  };
}

/** Whether any source of the report can be read here (macOS, or a configured stand-in). */
export function activationToolsAvailable(): boolean {
  const c = commands();
  return Boolean(c.log ?? c.systemExtensionsCtl ?? c.database);
}

/** Tools that will not be asked, in words, so the report says what it could not see. */
function missingTools(c: ActivationCommands): string[] {
  const missing: [unknown, string][] = [[c.log, 'the unified log (driverkit.logs.command)'], [c.systemExtensionsCtl, 'systemextensionsctl (driverkit.systemExtensions.command)'], [c.database, 'the extensions database (driverkit.activation.databaseCommand)']];
  return missing.filter(([value]) => !value).map(([, words]) => `${words[0].toUpperCase()}${words.slice(1)} was not read: it is macOS's, and no stand-in is configured.`);
}

export function activateDiagnoseActivation(server: LanguageServer, output: vscode.LogOutputChannel): vscode.Disposable {
  const reports = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  let count = 0;
  const provider: vscode.TextDocumentContentProvider = { onDidChange: changed.event, provideTextDocumentContent: (uri) => reports.get(uri.toString()) ?? 'This activation report is no longer available; run DriverKit: Diagnose Activation again.\n' };

  const diagnose = async (argument?: DiagnoseArguments): Promise<boolean> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Diagnose Activation runs log, systemextensionsctl, plutil and xattr: trust this workspace first.');
      return false;
    }
    const found = argument?.dext ? undefined : await workspaceDext(server);
    const bundleId = argument?.dext ?? found?.dext.bundleId ?? found?.name ?? (await vscode.window.showInputBox({ prompt: 'Bundle id of the driver extension whose activation to diagnose' }));
    if (!bundleId) return false;
    const folder = argument?.folder ?? (found ? vscode.workspace.getWorkspaceFolder(found.infoPlist) : undefined) ?? vscode.workspace.workspaceFolders?.[0];
    const hostSetting = folder ? vscode.workspace.getConfiguration('driverkit', folder).get<string>('buildAndDebug.hostApp', '') : '';
    const hostApp = hostSetting && folder ? hostAppPath(hostSetting, folder.uri.fsPath) : undefined;
    const tools = commands();
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Diagnosing the activation of ${bundleId}…` }, () =>
      runActivationDoctor({ bundleId, ...(hostApp ? { hostExecutable: basename(hostApp, '.app') } : {}) }, hostApp, tools, (program, args) => runCommand(program, args, { timeoutMs: 60_000, maxBuffer: 64 * 1024 * 1024 })),
    );
    const text = renderActivationReport({ ...report, notes: [...report.notes, ...missingTools(tools)] }, bundleId, Date.now());
    output.info(`Diagnose Activation for ${bundleId}: ${report.summary}`);
    const uri = vscode.Uri.from({ scheme: ACTIVATION_SCHEME, path: `/Activation of ${bundleId} (${++count}).txt` });
    reports.set(uri.toString(), text);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    return true;
  };
  return vscode.Disposable.from(changed, vscode.workspace.registerTextDocumentContentProvider(ACTIVATION_SCHEME, provider), vscode.commands.registerCommand(DIAGNOSE_ACTIVATION_COMMAND, diagnose));
}
