/**
 * A real LSP client for tests and benchmarks: spawns the built dist/server.js over stdio and speaks
 * JSON-RPC to it. Nothing is mocked; requests go through the same transport VS Code uses.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { MessageConnection } from 'vscode-jsonrpc';
import { join, resolve } from 'node:path';
import { CODE_CACHE_ARGUMENT, SERVER_ENVIRONMENT } from '../../protocol/serverLaunch';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type InitializeResult,
} from 'vscode-languageserver-protocol/node';

export const SERVER = resolve(__dirname, '..', '..', 'dist', 'server.js');

/** Extra arguments and environment for the server process. */
export interface ServerLaunch {
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The server started as the extension starts it (client/src/languageServer/languageServer.ts, with
 * protocol/serverLaunch.ts): its V8 code cache in `cacheDir`, without the environment it does without.
 */
export function productLaunch(cacheDir: string): ServerLaunch {
  return { args: [`${CODE_CACHE_ARGUMENT}${cacheDir}`], env: { ...process.env, ...SERVER_ENVIRONMENT } };
}

export const uriOf = (path: string): string => pathToFileURL(path).toString();

/** Node flags for a spawned server from an environment variable (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"), for profiling. */
export const nodeFlagsFrom = (variable: string): string[] => (process.env[variable] ?? '').split(/\s+/).filter(Boolean);

export class LspClient {
  readonly connection: ProtocolConnection;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams['diagnostics']>();
  private waiters: { uri: string; check: (d: PublishDiagnosticsParams['diagnostics']) => boolean; done: () => void }[] = [];
  private version = new Map<string, number>();
  readonly notifications: { method: string; params: unknown }[] = [];
  private notificationWaiters: { method: string; done: (params: unknown) => void }[] = [];
  stderr = '';

  private constructor(readonly process: ChildProcess) {
    this.connection = createProtocolConnection(new StreamMessageReader(process.stdout!), new StreamMessageWriter(process.stdin!));
    process.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params.diagnostics);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri === params.uri && w.check(params.diagnostics)) {
          w.done();
          return false;
        }
        return true;
      });
    });
    // The server asks for a progress token while indexing; accept it as VS Code does.
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onNotification('$/progress', () => undefined);
    // Every other notification (our own, such as driverkit/sdkStatus) is kept for waitForNotification.
    // ProtocolConnection's typings omit the catch-all handler its message connection supports.
    (this.connection as unknown as MessageConnection).onNotification((method: string, params: unknown) => {
      this.notifications.push({ method, params });
      for (const waiter of this.notificationWaiters.filter((w) => w.method === method)) waiter.done(params);
      this.notificationWaiters = this.notificationWaiters.filter((w) => w.method !== method);
    });
    this.connection.listen();
  }

  /** A client over an already spawned language server (any server: the peer benchmark uses clangd). */
  static attach(child: ChildProcess): LspClient {
    return new LspClient(child);
  }

  static async start(rootPath?: string, initializationOptions?: unknown, launch: ServerLaunch = {}): Promise<{ client: LspClient; result: InitializeResult }> {
    const args = [...nodeFlagsFrom('LSP_SERVER_NODE_FLAGS'), SERVER, '--stdio', ...(launch.args ?? [])];
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(launch.env ? { env: launch.env } : {}) });
    const client = new LspClient(child);
    const result = await client.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: rootPath ? uriOf(rootPath) : null,
      workspaceFolders: rootPath ? [{ uri: uriOf(rootPath), name: 'test' }] : null,
      capabilities: { window: { workDoneProgress: true } },
      initializationOptions,
    });
    await client.connection.sendNotification('initialized', {});
    return { client, result };
  }

  open(path: string, text: string, languageId = path.endsWith('.iig') ? 'iig' : 'cpp'): Promise<void> {
    this.version.set(path, 1);
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(path), languageId, version: 1, text } });
  }

  /** Replaces a range (zero-based line/character) as an editor's incremental change would. */
  change(path: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): Promise<void> {
    const version = (this.version.get(path) ?? 1) + 1;
    this.version.set(path, version);
    return this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uriOf(path), version },
      contentChanges: [{ range, text }],
    });
  }

  close(path: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(path) } });
  }

  /** Resolves with the next diagnostics published for `path` that satisfy `check`. */
  waitForDiagnostics(path: string, check: (d: PublishDiagnosticsParams['diagnostics']) => boolean = () => true, timeoutMs = 10_000): Promise<PublishDiagnosticsParams['diagnostics']> {
    const uri = uriOf(path);
    return new Promise((resolveWait, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${path} within ${timeoutMs} ms; last: ${JSON.stringify(this.diagnostics.get(uri))}`)), timeoutMs);
      this.waiters.push({
        uri,
        check,
        done: () => {
          clearTimeout(timer);
          resolveWait(this.diagnostics.get(uri) ?? []);
        },
      });
    });
  }

  /** The first notification of `method` (already received, or the next one). */
  waitForNotification<T>(method: string, timeoutMs = 10_000): Promise<T> {
    const seen = this.notifications.find((n) => n.method === method);
    if (seen) return Promise.resolve(seen.params as T);
    return new Promise((resolveWait, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} notification within ${timeoutMs} ms`)), timeoutMs);
      this.notificationWaiters.push({
        method,
        done: (params) => {
          clearTimeout(timer);
          resolveWait(params as T);
        },
      });
    });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    // As vscode-languageclient does: the server gets 2 s to exit on its own (it writes its code
    // cache as it exits), then it is killed.
    const running = (): boolean => this.process.exitCode === null && this.process.signalCode === null;
    if (running()) await Promise.race([new Promise((r) => this.process.once('exit', r)), new Promise((r) => setTimeout(r, 2000))]);
    if (running()) this.process.kill();
  }
}

export const fixture = (...parts: string[]): string => join(__dirname, '..', 'fixtures', ...parts);
