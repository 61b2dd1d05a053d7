/** Entry point: wires the extension's small feature modules together. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { activateBuildAndDebugCodeLens } from './buildAndDebug/buildAndDebugCodeLens';
import { activateBuildAndDebugCommand } from './buildAndDebug/buildAndDebugCommand';
import { activateCatalogDocuments } from './catalogDocuments/catalogDocuments';
import { activateClangdConfigCommand } from './clangd/clangdConfigCommand';
import { activateConfigurationProvider } from './debug/configurationProvider';
import { activateCrashReports } from './crashReports/crashReportsFeature';
import { activateDebugAdapterFactory } from './debug/debugAdapterFactory';
import { activatePickDextProcess } from './debug/pickDextProcess';
import { workspaceDextName } from './languageServer/workspaceDexts';
import { createLanguageClient } from './languageServer/languageClient';
import { activateNewDriverCommand } from './scaffold/newDriverCommand';
import { activateExtensionErrorHover } from './extensionErrors/extensionErrorHover';
import { activateLogCommands } from './logs/logCommands';
import { activateTaskProvider } from './tasks/taskProvider';
import { activateMatchingStatusView } from './matchingStatus/matchingStatusView';
import { activateSystemExtensionsView } from './systemExtensions/systemExtensionsView';
import { activateSdkStatusBar } from './sdkStatus/sdkStatusBar';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('DriverKit', { log: true });
  void vscode.commands.executeCommand('setContext', 'driverkit.active', true);
  context.subscriptions.push(output);
  output.info(`DriverKit extension ${context.extension.packageJSON.version as string} activating.`);

  // The server reads its settings when it starts, so a settings change starts a fresh one.
  const restart = async (): Promise<void> => {
    output.info('Restarting the DriverKit language server.');
    await client?.stop();
    await startServer(context, output);
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('driverkit.restartServer', restart),
    vscode.commands.registerCommand('driverkit.showOutput', () => output.show()),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (['diagnostics.enable', 'index.excludeFolders', 'sdkPath'].some((key) => event.affectsConfiguration(`driverkit.${key}`))) await restart();
    }),
    // Trust granted: the workspace's own settings (driverkit.sdkPath) may now be used.
    vscode.workspace.onDidGrantWorkspaceTrust(restart),
    activateCatalogDocuments(() => client),
    activateDebugAdapterFactory(context),
    activateConfigurationProvider(),
    activatePickDextProcess(),
    activateNewDriverCommand(),
    activateSystemExtensionsView(),
    activateMatchingStatusView(output),
    activateLogCommands(),
    activateExtensionErrorHover(),
    activateClangdConfigCommand(output),
    activateTaskProvider(),
    activateBuildAndDebugCommand(output),
    activateBuildAndDebugCodeLens(),
    activateCrashReports(async () => [(await workspaceDextName()) ?? ''].filter(Boolean), () => void vscode.commands.executeCommand('driverkit.systemExtensions.refresh')),
  );
  await startServer(context, output);
}

let sdkStatusBar: vscode.Disposable | undefined;

async function startServer(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<void> {
  client = createLanguageClient(context, output);
  sdkStatusBar?.dispose();
  sdkStatusBar = activateSdkStatusBar(client);
  context.subscriptions.push(sdkStatusBar);
  try {
    await client.start();
    output.info('DriverKit language server started.');
  } catch (error) {
    output.error(`The DriverKit language server did not start: ${error instanceof Error ? error.message : String(error)}`);
    void vscode.window.showErrorMessage('DriverKit: the language server did not start. See the DriverKit output for details.', 'Show Output').then(
      (choice) => choice && output.show(),
    );
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
