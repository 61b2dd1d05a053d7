/**
 * Offers a ready `driverkit` attach configuration, filled from the workspace's dext Info.plist, and
 * resolves what a configuration leaves open. In an untrusted workspace, nothing is started.
 */
import * as vscode from 'vscode';
import { newestDextCopy } from './builtDext';
import type { LanguageServer } from '../languageServer/languageServer';
import { workspaceDextName } from '../languageServer/workspaceDexts';

export function activateConfigurationProvider(server: LanguageServer): vscode.Disposable {
  const provider: vscode.DebugConfigurationProvider = {
    async provideDebugConfigurations() {
      const dext = (await workspaceDextName(server)) ?? 'com.example.MyDriver';
      return [
        { type: 'driverkit', request: 'attach', name: `Attach to ${dext}`, dext, waitFor: true, timeout: 60 },
        // F5 builds first (the default build task, e.g. a driverkit xcodebuild task), then waits for the new dext.
        { type: 'driverkit', request: 'attach', name: `Build and attach to ${dext}`, dext, waitFor: true, timeout: 120, preLaunchTask: '${defaultBuildTask}' },
      ];
    },
    async resolveDebugConfiguration(_folder, config) {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('DriverKit debugging runs lldb-dap and ps; trust this workspace to debug its driver.');
        return undefined;
      }
      // F5 with no launch.json: attach to the workspace's dext.
      if (!config.type && !config.request && !config.name) {
        const dext = await workspaceDextName(server);
        if (!dext) {
          void vscode.window.showInformationMessage('No driver extension Info.plist was found in this workspace: add a "driverkit" attach configuration naming the dext.');
          return null; // null opens launch.json, where the configuration goes
        }
        return { type: 'driverkit', request: 'attach', name: `Attach to ${dext}`, dext, waitFor: true };
      }
      if (!config.dext && !config.pid) config.dext = await workspaceDextName(server);
      // lldb waits for a dext that is not running yet by the name of a copy on disk.
      if (config.waitFor && !config.pid && !config.program && typeof config.dext === 'string') config.program = await newestDextCopy(config.dext);
      return config;
    },
  };
  return vscode.debug.registerDebugConfigurationProvider('driverkit', provider, vscode.DebugConfigurationProviderTriggerKind.Dynamic);
}
