/**
 * Tells exactly when lldb is waiting for the dext. lldb-dap's own "Waiting to attach" line comes
 * before lldb has started its debug server; a dext starting in between would be among the processes
 * lldb's wait skips ("already running"). lldb passes LLDB_DEBUGSERVER_LOG_FILE and
 * LLDB_SERVER_LOG_CHANNELS on to the debug server it starts, and lldb-server's process log says
 * "placed 'N' processes in the exclusion list" and "waiting for '<name>' to appear" once its wait has
 * begun. The log goes to a FIFO that this adapter drains for the whole session (a file would grow by
 * megabytes a second: lldb-server logs every look at the process table), so the debug server never
 * blocks on it. lldb passes these variables on as lldb-server's `--log-file` and `--log-channels`;
 * macOS's debugserver takes other options, so there the log is not asked for, and the session goes by
 * lldb-dap's own line (as it does when lldb-dap runs through sudo, which drops the environment).
 */
import { constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../core/tools/runCommand';

export interface ServerWaiting {
  /** How many processes of that name lldb saw already running and will not attach to. */
  readonly excluded: number;
}

/**
 * The two lines of lldb-server's process log that say its wait has begun (tested on recorded lines).
 * Only the start of the waiting line is read: the dext's name follows it as it is, and a name with a
 * newline in it carries the rest of the message onto the next line.
 */
export function readServerLog(text: string): { excluded?: number; waiting: boolean } {
  const excluded = /placed '(\d+)' processes in the exclusion list/.exec(text);
  return { excluded: excluded ? Number(excluded[1]) : undefined, waiting: /AttachWaitProcess\s+waiting for '/.test(text) };
}

export class DebugServerLog {
  private readonly listeners: ((waiting: ServerWaiting) => void)[] = [];
  private excluded = 0;
  /** The tail of what was read and not yet understood (a line may arrive in two pieces). */
  private tail = '';
  private closed = false;
  private removed = false;

  private constructor(
    private readonly dir: string,
    readonly path: string,
    private readonly socket: Socket,
  ) {
    socket.on('data', (chunk: Buffer) => this.read(chunk.toString('latin1')));
    socket.on('error', () => undefined);
  }

  /** A FIFO in a fresh temporary folder, opened for reading; undefined on macOS and where that cannot be done. */
  static async create(platform: NodeJS.Platform = process.platform): Promise<DebugServerLog | undefined> {
    if (platform === 'darwin') return undefined;
    let dir: string | undefined;
    try {
      dir = mkdtempSync(join(tmpdir(), 'driverkit-lldb-'));
      const path = join(dir, 'debugserver.log');
      await runCommand('mkfifo', ['-m', '600', path], { timeoutMs: 5000 });
      // Read and write: opening never blocks, and reading never sees an end while lldb has not opened it yet.
      const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
      return new DebugServerLog(dir, path, new Socket({ fd, readable: true, writable: false }));
    } catch {
      if (dir) rmSync(dir, { recursive: true, force: true });
      return undefined;
    }
  }

  /** What lldb-dap needs in its environment for its debug server to write here. */
  env(): Record<string, string> {
    return { LLDB_DEBUGSERVER_LOG_FILE: this.path, LLDB_SERVER_LOG_CHANNELS: 'lldb process' };
  }

  /** Called once for each wait lldb-server begins. */
  onWaiting(listener: (waiting: ServerWaiting) => void): void {
    this.listeners.push(listener);
  }

  private read(text: string): void {
    // The debug server has the FIFO open now; the name is no longer needed, and a session killed
    // later (SIGKILL gives no chance to clean up) leaves no folder behind.
    this.removeFolder();
    if (this.listeners.length === 0) return; // drained only: nobody asks
    const lines = (this.tail + text).split('\n');
    this.tail = (lines.pop() ?? '').slice(-4096);
    for (const line of lines) {
      const seen = readServerLog(line);
      if (seen.excluded !== undefined) this.excluded = seen.excluded;
      if (seen.waiting) for (const listener of this.listeners.splice(0)) listener({ excluded: this.excluded });
    }
  }

  private removeFolder(): void {
    if (this.removed) return;
    this.removed = true;
    rmSync(this.dir, { recursive: true, force: true });
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.removeFolder();
  }
}

