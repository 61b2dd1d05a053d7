/** Starts the DriverKit language server (dist/server.js) and connects it to VS Code. */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const config = vscode.workspace.getConfiguration('driverkit');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'iig' },
      { scheme: 'file', language: 'cpp' },
      { scheme: 'untitled', language: 'iig' },
      // Info.plist and entitlements (XML property lists).
      { scheme: 'file', pattern: '**/*.{plist,entitlements}' },
    ],
    synchronize: {
      // The server indexes the whole workspace; it learns of files changed outside the editor here.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.{iig,cpp,cc,cxx,mm,plist,entitlements,xcconfig}'),
        vscode.workspace.createFileSystemWatcher('**/project.pbxproj'),
      ],
    },
    initializationOptions: {
      diagnostics: config.get<boolean>('diagnostics.enable', true),
      excludeFolders: config.get<string[]>('index.excludeFolders', []),
      sdkPath: config.get<string>('sdkPath', ''),
      cacheDir: context.globalStorageUri.fsPath,
      trusted: vscode.workspace.isTrusted,
    },
    outputChannel: output,
    traceOutputChannel: output,
  };
  return new LanguageClient('driverkit', 'DriverKit', serverOptions, clientOptions);
}
