/**
 * "DriverKit: Generate clangd Configuration": writes `compile_commands.json` and `.clangd` so clangd
 * (or cpptools) finds the DriverKit SDK's headers and the headers iig generated during the last
 * build. Files are written only by this command, after asking before anything is replaced.
 *
 * In an untrusted workspace xcrun is not run and the workspace's own settings are not used (VS Code
 * hands restricted settings over from the user's settings only); the user is told so.
 */
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { findSdk } from '../../../core/sdk/sdkLocator';
import type { LanguageServer } from '../languageServer/languageServer';
import { workspaceDexts } from '../languageServer/workspaceDexts';
import { buildClangdConfig, type ClangdConfig, type ClangdSettings, type DextTargetSettings } from './clangdConfig';

export const GENERATE_CLANGD_CONFIG = 'driverkit.generateClangdConfig';

function readSettings(folder: vscode.WorkspaceFolder): { settings: ClangdSettings; sdkPath: string; excludeFolders: string[] } {
  const config = vscode.workspace.getConfiguration('driverkit', folder.uri);
  return {
    settings: {
      arch: config.get<string>('clangd.arch', ''),
      deploymentTarget: config.get<string>('clangd.deploymentTarget', ''),
      cppStandard: config.get<string>('clangd.cppStandard', ''),
      additionalFlags: config.get<string[]>('clangd.additionalFlags', []),
      derivedDataPath: config.get<string>('clangd.derivedDataPath', ''),
      outputFolder: config.get<string>('clangd.outputFolder', ''),
    },
    sdkPath: config.get<string>('sdkPath', ''),
    excludeFolders: config.get<string[]>('index.excludeFolders', []),
  };
}

async function reportNoSdk(configured: string, trusted: boolean): Promise<void> {
  const setting = configured ? `driverkit.sdkPath ("${configured}") is not a folder` : 'driverkit.sdkPath is not set';
  const why = trusted
    ? `No DriverKit SDK found: ${setting}, and \`xcrun --sdk driverkit --show-sdk-path\` named none (it needs Xcode with the DriverKit SDK, on macOS).`
    : `No DriverKit SDK found: ${setting} (in an untrusted workspace only your user settings count), and xcrun was not run because this workspace is not trusted.`;
  const actions = trusted ? ['Open Setting'] : ['Open Setting', 'Manage Workspace Trust'];
  const choice = await vscode.window.showErrorMessage(`DriverKit: ${why} clangd needs the SDK's headers; nothing was written.`, ...actions);
  if (choice === 'Open Setting') await vscode.commands.executeCommand('workbench.action.openSettings', 'driverkit.sdkPath');
  if (choice === 'Manage Workspace Trust') await vscode.commands.executeCommand('workbench.trust.manage');
}

/** True when nothing would be replaced, or the user agreed to replace it. */
async function mayWrite(files: ClangdConfig['files']): Promise<boolean> {
  const existing: string[] = [];
  for (const file of files) {
    const found = await vscode.workspace.fs.stat(vscode.Uri.file(file.path)).then(() => true, () => false);
    if (found) existing.push(vscode.workspace.asRelativePath(file.path, false));
  }
  if (existing.length === 0) return true;
  const choice = await vscode.window.showWarningMessage(
    `Replace ${existing.join(' and ')}?`,
    { modal: true, detail: 'The DriverKit extension writes these files again from the SDK and the last build; changes made in them are lost.' },
    'Replace',
  );
  return choice === 'Replace';
}

function logResult(log: vscode.LogOutputChannel, sdkPath: string, config: ClangdConfig): void {
  const { scan, headers, options } = config;
  log.info(`clangd configuration: SDK ${sdkPath}; target ${options.arch}-apple-driverkit${options.deploymentTarget}; ${options.cxxStandard ? `-std=${options.cxxStandard}` : "clang's default C++ dialect"}.`);
  log.info(`  ${scan.cppFiles.length} C++ file(s); .iig files: ${scan.iigBases.join(', ') || 'none'}; Xcode projects: ${scan.projectNames.join(', ') || 'none'}.`);
  log.info(`  Build folders searched: ${headers.searched.join(', ') || 'none of them exists'}.`);
  for (const folder of headers.folders) log.info(`  Generated headers: ${folder}`);
  if (headers.missing.length > 0) log.warn(`  No generated header found for: ${headers.missing.map((b) => `${b}.iig`).join(', ')}.`);
  if (headers.incomplete) log.warn('  The build-folder search stopped at its limit (entries, time or cancel); set driverkit.clangd.derivedDataPath to narrow it.');
}

const UNTRUSTED_NOTE = ' (This workspace is not trusted: xcrun was not run and only your user settings were used.)';

async function tellUser(log: vscode.LogOutputChannel, config: ClangdConfig, trusted: boolean): Promise<void> {
  const { scan, headers } = config;
  const written = config.files.map((f) => vscode.workspace.asRelativePath(f.path, false)).join(' and ');
  const note = trusted ? '' : UNTRUSTED_NOTE;
  const show = async (message: Thenable<string | undefined>): Promise<void> => {
    if ((await message) === 'Show Output') log.show(true);
  };
  if (scan.iigBases.length > 0 && headers.folders.length === 0) {
    const searched = headers.searched.length > 0 ? `searched ${headers.searched.join(', ')}` : 'no build folder exists yet';
    const example = scan.iigBases[0];
    return show(vscode.window.showWarningMessage(
      `DriverKit: wrote ${written}, but found no header generated by iig (such as ${example}.h from ${example}.iig; ${searched}). Build the driver once, then run this command again so #include "${example}.h" resolves.${note}`,
      'Show Output',
    ));
  }
  const gaps = [
    scan.cppFiles.length === 0 ? 'no C++ file was found (the .clangd flags still apply to new files)' : '',
    headers.missing.length > 0 && headers.folders.length > 0 ? `no generated header for ${headers.missing.map((b) => `${b}.iig`).join(', ')} (build again)` : '',
    headers.incomplete ? 'the build-folder search stopped at its limit' : '',
  ].filter(Boolean);
  if (gaps.length > 0) return show(vscode.window.showWarningMessage(`DriverKit: wrote ${written}; ${gaps.join('; ')}.${note}`, 'Show Output'));
  return show(vscode.window.showInformationMessage(
    `DriverKit: wrote ${written} for ${scan.cppFiles.length} C++ file(s). clangd reads them when it next opens a file (restart clangd if it is running).${note}`,
    'Show Output',
  ));
}

/** The projects' dext targets, as the language server read them. */
async function dextTargets(server: LanguageServer): Promise<DextTargetSettings[]> {
  return (await workspaceDexts(server)).projects.flatMap(({ project, dextTarget }) =>
    dextTarget ? [{ project: vscode.Uri.parse(project).fsPath, ...(dextTarget.deploymentTarget ? { deploymentTarget: dextTarget.deploymentTarget } : {}), ...(dextTarget.cxxStandard ? { cxxStandard: dextTarget.cxxStandard } : {}) }] : [],
  );
}

async function generate(server: LanguageServer, log: vscode.LogOutputChannel): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  if (!folder) {
    void vscode.window.showErrorMessage('DriverKit: open the folder of your driver first; the clangd configuration is written into it.');
    return;
  }
  const trusted = vscode.workspace.isTrusted;
  const { settings, sdkPath: configured, excludeFolders } = readSettings(folder);
  if (!trusted) log.warn('Untrusted workspace: xcrun is not run and only your user settings are used for the clangd configuration.');
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'DriverKit: clangd configuration', cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      progress.report({ message: 'finding the DriverKit SDK…' });
      const refuse = (): Promise<string> => Promise.reject(new Error('xcrun is not run in an untrusted workspace'));
      const sdkPath = await findSdk({ configured: configured || undefined, run: trusted ? undefined : refuse });
      if (!sdkPath || token.isCancellationRequested) return { sdkPath };
      progress.report({ message: 'searching the workspace and the build folders for iig-generated headers…' });
      const config = await buildClangdConfig({ root: folder.uri.fsPath, sdkPath, settings, homeDir: homedir(), excludeFolders, dextTargets: await dextTargets(server), signal: abort.signal });
      return { sdkPath, config, cancelled: token.isCancellationRequested };
    },
  );
  if (!outcome.sdkPath) {
    log.warn(`clangd configuration: no DriverKit SDK (driverkit.sdkPath "${configured}", xcrun ${trusted ? 'found none' : 'not run: untrusted workspace'}).`);
    return reportNoSdk(configured, trusted);
  }
  if (!outcome.config || outcome.cancelled) {
    log.info('clangd configuration: cancelled, nothing written.');
    return;
  }
  logResult(log, outcome.sdkPath, outcome.config);
  if (!(await mayWrite(outcome.config.files))) {
    log.info('clangd configuration: not written (the existing files were kept).');
    return;
  }
  try {
    for (const file of outcome.config.files) {
      await vscode.workspace.fs.createDirectory(vscode.Uri.file(dirname(file.path)));
      await vscode.workspace.fs.writeFile(vscode.Uri.file(file.path), Buffer.from(file.text, 'utf8'));
      log.info(`  Wrote ${file.path}`);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`clangd configuration: writing failed: ${message}`);
    void vscode.window.showErrorMessage(`DriverKit: could not write the clangd configuration: ${message}`);
    return;
  }
  await tellUser(log, outcome.config, trusted);
}

/** Registers the command. Logs go to `output` (the extension's DriverKit channel) or a channel of its own. */
export function activateClangdConfigCommand(server: LanguageServer, output?: vscode.LogOutputChannel): vscode.Disposable {
  const log = output ?? vscode.window.createOutputChannel('DriverKit clangd', { log: true });
  const owned = log === output ? [] : [log];
  return vscode.Disposable.from(...owned, vscode.commands.registerCommand(GENERATE_CLANGD_CONFIG, () => generate(server, log)));
}
