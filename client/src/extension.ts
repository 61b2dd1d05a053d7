/**
 * Entry point: wires the extension's features together, one folder each. Every feature that needs
 * what the workspace's projects say asks the language server (languageServer/); none reads a project
 * file itself.
 */
import * as vscode from 'vscode';
import { activateBuildAndDebugCommand } from './buildAndDebug/buildAndDebugCommand';
import { activateDiagnoseActivation } from './activation/diagnoseActivation';
import { activateProfileDocuments } from './signing/profileDocuments';
import { activateCatalogDocuments } from './catalogDocuments/catalogDocuments';
import { activateClangdConfigCommand } from './clangd/clangdConfigCommand';
import { activateConfigurationProvider } from './debug/configurationProvider';
import { activateCrashReports } from './crashReports/crashReportsFeature';
import { activateDebugAdapterFactory } from './debug/debugAdapterFactory';
import { activatePickDextProcess } from './debug/pickDextProcess';
import { workspaceDextName } from './languageServer/workspaceDexts';
import { activateExtensionErrorHover } from './extensionErrors/extensionErrorHover';
import { LanguageServer } from './languageServer/languageServer';
import { activateLogCommands } from './logs/logCommands';
import { activateMatchingStatusView } from './matchingStatus/matchingStatusView';
import { activateMigrateCommand } from './migrate/migrateCommand';
import { activateNewDriverCommand } from './scaffold/newDriverCommand';
import { activateSdkStatusBar } from './sdkStatus/sdkStatusBar';
import { activateSystemExtensionsView } from './systemExtensions/systemExtensionsView';
import { activateTaskProvider } from './tasks/taskProvider';
import { activateShowAppCallers } from './userClientContract/showAppCallers';

let server: LanguageServer | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('DriverKit', { log: true });
  void vscode.commands.executeCommand('setContext', 'driverkit.active', true);
  context.subscriptions.push(output);
  output.info(`DriverKit extension ${context.extension.packageJSON.version as string} activating.`);

  const languageServer = new LanguageServer(context, output);
  server = languageServer;
  // The server reads its settings when it starts, so a settings change starts a fresh one.
  const restart = (): Promise<void> => languageServer.restart();
  context.subscriptions.push(
    languageServer,
    vscode.commands.registerCommand('driverkit.restartServer', restart),
    vscode.commands.registerCommand('driverkit.showOutput', () => output.show()),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (['diagnostics.enable', 'index.excludeFolders', 'sdkPath', 'signing'].some((key) => event.affectsConfiguration(`driverkit.${key}`))) await restart();
    }),
    // Trust granted: the workspace's own settings (driverkit.sdkPath) may now be used.
    vscode.workspace.onDidGrantWorkspaceTrust(restart),
    activateSdkStatusBar(languageServer),
    activateCatalogDocuments(languageServer),
    activateDebugAdapterFactory(context),
    activateConfigurationProvider(languageServer),
    activatePickDextProcess(languageServer),
    activateNewDriverCommand(),
    activateMigrateCommand(languageServer),
    activateSystemExtensionsView(languageServer),
    activateMatchingStatusView(languageServer, output),
    activateLogCommands(languageServer),
    activateExtensionErrorHover(),
    activateClangdConfigCommand(languageServer, output),
    activateTaskProvider(),
    activateBuildAndDebugCommand(languageServer, output),
    activateProfileDocuments(),
    activateShowAppCallers(),
    activateDiagnoseActivation(languageServer, output),
    activateCrashReports(async () => [(await workspaceDextName(languageServer)) ?? ''].filter(Boolean), () => void vscode.commands.executeCommand('driverkit.systemExtensions.refresh')),
  );
  await languageServer.start();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
