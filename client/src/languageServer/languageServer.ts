/**
 * The DriverKit language server (dist/server.js) as the rest of the extension sees it: started,
 * restarted when its settings change, and asked typed questions (protocol/). A feature that needs
 * what the workspace's projects say asks here; none of them reads a project file itself.
 */
import * as vscode from 'vscode';
import type { NotificationType, RequestType } from 'vscode-jsonrpc';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { InitializationOptions } from '../../../protocol/initializationOptions';
import { CODE_CACHE_ARGUMENT, SERVER_ENVIRONMENT } from '../../../protocol/serverLaunch';
import { withCommandTooltips } from './codeLensTooltips';

export class LanguageServer implements vscode.Disposable {
  private client: LanguageClient | undefined;
  /** Settles once the current start has (or has not) succeeded; requests wait for it. */
  private starting: Promise<void> = Promise.resolve();
  private readonly notificationHandlers: Array<(client: LanguageClient) => vscode.Disposable> = [];
  private subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  /** Starts the server (again). The server reads its settings when it starts. */
  start(): Promise<void> {
    this.starting = this.starting.then(() => this.startNow());
    return this.starting;
  }

  async restart(): Promise<void> {
    this.output.info('Restarting the DriverKit language server.');
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    for (const subscription of this.subscriptions) subscription.dispose();
    this.subscriptions = [];
    await client?.stop();
  }

  /** Sends a typed request; undefined when the server is not running (it did not start, or it stopped). */
  async request<P, R>(type: RequestType<P, R, void>, params: P): Promise<R | undefined> {
    await this.starting;
    const client = this.client;
    if (!client?.isRunning()) return undefined;
    return client.sendRequest(type, params);
  }

  /** Calls `handler` for each notification of `type`, from this server and every restarted one. */
  onNotification<P>(type: NotificationType<P>, handler: (params: P) => void): vscode.Disposable {
    const register = (client: LanguageClient): vscode.Disposable => client.onNotification(type, handler);
    this.notificationHandlers.push(register);
    if (this.client) this.subscriptions.push(register(this.client));
    return { dispose: () => this.notificationHandlers.splice(this.notificationHandlers.indexOf(register), 1) };
  }

  dispose(): void {
    void this.stop();
  }

  private async startNow(): Promise<void> {
    const client = new LanguageClient('driverkit', 'DriverKit', serverOptions(this.context), clientOptions(this.context, this.output));
    this.client = client;
    this.subscriptions = this.notificationHandlers.map((register) => register(client));
    try {
      await client.start();
      this.output.info('DriverKit language server started.');
    } catch (error) {
      this.output.error(`The DriverKit language server did not start: ${error instanceof Error ? error.message : String(error)}`);
      void vscode.window.showErrorMessage('DriverKit: the language server did not start. See the DriverKit output for details.', 'Show Output').then(
        (choice) => choice && this.output.show(),
      );
    }
  }
}

function serverOptions(context: vscode.ExtensionContext): ServerOptions {
  const module = context.asAbsolutePath('dist/server.js');
  // The server keeps its compiled code in this extension's own storage, which only this user can write.
  const args = [`${CODE_CACHE_ARGUMENT}${vscode.Uri.joinPath(context.globalStorageUri, 'code-cache').fsPath}`];
  const options = { env: { ...SERVER_ENVIRONMENT } };
  return {
    run: { module, transport: TransportKind.ipc, args, options },
    debug: { module, transport: TransportKind.ipc, args, options: { ...options, execArgv: ['--nolazy', '--inspect=6019'] } },
  };
}

function clientOptions(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClientOptions {
  const config = vscode.workspace.getConfiguration('driverkit');
  const initializationOptions: InitializationOptions = {
    diagnostics: config.get<boolean>('diagnostics.enable', true),
    excludeFolders: config.get<string[]>('index.excludeFolders', []),
    sdkPath: config.get<string>('sdkPath', ''),
    cacheDir: context.globalStorageUri.fsPath,
    trusted: vscode.workspace.isTrusted,
    // An untrusted workspace's settings choose no folder and no program (the server checks again).
    signing: vscode.workspace.isTrusted
      ? { profileFolders: config.get<string[]>('signing.profileFolders', []), codesign: config.get<string>('signing.codesignCommand', '') }
      : { profileFolders: [], codesign: '' },
    hidInlayHints: config.get<boolean>('hid.inlayHints', true),
  };
  return {
    documentSelector: [
      { scheme: 'file', language: 'iig' },
      { scheme: 'file', language: 'cpp' },
      { scheme: 'untitled', language: 'iig' },
      // Apps' sources: their IOConnectCall… calls are judged against the dext's user client.
      { scheme: 'file', language: 'c' },
      { scheme: 'file', language: 'objective-c' },
      { scheme: 'file', language: 'objective-cpp' },
      { scheme: 'file', language: 'swift' },
      // Info.plist and entitlements (XML property lists).
      { scheme: 'file', pattern: '**/*.{plist,entitlements}' },
    ],
    synchronize: {
      // The server indexes the whole workspace; it learns of files changed outside the editor here.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.{iig,cpp,cc,cxx,c,m,mm,swift,h,hh,hpp,hxx,plist,entitlements,xcconfig}'),
        vscode.workspace.createFileSystemWatcher('**/project.pbxproj'),
        vscode.workspace.createFileSystemWatcher('**/*.{provisionprofile,mobileprovision}'),
      ],
      // Changes of `driverkit.*` settings reach the server (`driverkit.hid.inlayHints`).
      configurationSection: 'driverkit',
    },
    initializationOptions,
    middleware: { provideCodeLenses: async (document, token, next) => withCommandTooltips(await next(document, token)) },
    outputChannel: output,
    traceOutputChannel: output,
  };
}
