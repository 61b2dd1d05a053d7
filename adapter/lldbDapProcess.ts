/**
 * One lldb-dap child: started with the debug server's log pointed at a FIFO (see debugServerLog.ts),
 * spoken to over DAP, and ended together with the debug server it started. A session may replace its
 * lldb-dap (an early attach that could not be done is retried the ordinary way with a fresh one);
 * `stop()` marks the end as intended, so only an unexpected exit is reported.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { DapConnection, type DapMessage } from './dapConnection';
import { DebugServerLog } from './debugServerLog';
import { lldbDapCommandLine } from './lldbDapLocator';
import { listDescendants } from './processTree';

export interface LldbDapCallbacks {
  readonly onMessage: (message: DapMessage) => void;
  /** lldb-dap could not be started, or ended without `stop()`: `detail` is its stderr or exit status. */
  readonly onUnexpectedEnd: (detail: string, startFailed: boolean) => void;
}

export class LldbDapProcess {
  private stderrTail = '';
  private stopping = false;
  private readonly exited: Promise<void>;

  private constructor(
    readonly path: string,
    readonly child: ChildProcess,
    readonly connection: DapConnection,
    readonly serverLog: DebugServerLog | undefined,
    callbacks: LldbDapCallbacks,
  ) {
    child.stderr!.on('data', (chunk: Buffer) => (this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4000)));
    this.exited = new Promise((resolve) => child.once('close', () => resolve()));
    child.on('error', (error) => {
      if (!this.stopping) callbacks.onUnexpectedEnd(`lldb-dap (${path}) could not be started: ${error.message}`, true);
    });
    child.on('exit', (code, signal) => {
      this.serverLog?.dispose();
      if (!this.stopping) callbacks.onUnexpectedEnd(this.stderrTail.trim() || `lldb-dap exited (${signal ?? `code ${code}`}) during the session.`, false);
    });
  }

  static async start(path: string, runAsRoot: boolean, callbacks: LldbDapCallbacks): Promise<LldbDapProcess> {
    // sudo drops the environment that asks lldb-server for its log: without it, the log would never speak.
    const serverLog = runAsRoot ? undefined : await DebugServerLog.create();
    const [command, ...args] = lldbDapCommandLine(path, runAsRoot);
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...serverLog?.env() } });
    // A write after lldb-dap died must not throw out of the adapter: its exit is reported instead.
    child.stdin!.on('error', () => undefined);
    return new LldbDapProcess(path, child, new DapConnection(child, (message) => callbacks.onMessage(message)), serverLog, callbacks);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get stderr(): string {
    return this.stderrTail;
  }

  send(message: Omit<DapMessage, 'seq'>): number {
    return this.connection.send(message);
  }

  /**
   * Ends lldb-dap. `withDebugServer` (only while nothing is attached: a debug server killed while the
   * dext holds its breakpoints would leave traps in it) also ends the debug server lldb started, found
   * while it is still lldb-dap's child. A debug server running as root (lldb-dap started through sudo)
   * cannot be signalled from here; on macOS debugserver stops waiting by itself once lldb has gone.
   */
  async stop(withDebugServer: boolean): Promise<void> {
    if (this.stopping) return this.exited;
    this.stopping = true;
    if (this.running && this.child.pid) {
      const servers = withDebugServer ? await listDescendants(this.child.pid) : [];
      for (const pid of servers) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone already, or not ours to signal
        }
      }
      this.child.kill('SIGTERM');
      const forced = setTimeout(() => this.child.kill('SIGKILL'), 2000);
      await this.exited;
      clearTimeout(forced);
    }
    this.serverLog?.dispose();
  }
}
