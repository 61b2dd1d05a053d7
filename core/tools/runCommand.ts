/**
 * Runs a short query command (xcrun, ps) without a shell and settles within its time limit whatever
 * the command does. execFile's own `timeout` only sends a signal and then waits for the process to
 * exit, so a command that ignores SIGTERM (or is stuck in the kernel) would hold its caller forever;
 * here the promise rejects at the limit, the process is sent SIGKILL and its pipes are let go.
 */
import { execFile } from 'node:child_process';

export type CommandFailureKind = 'missing' | 'timeout' | 'failed' | 'overflow';

export class CommandFailure extends Error {
  constructor(
    readonly kind: CommandFailureKind,
    message: string,
    /** What the command printed before it failed (ps may exit non-zero after a full listing). */
    readonly stdout = '',
    /** For `failed`: the exit code, when the command exited by itself. */
    readonly exitCode?: number,
    /** For `failed`: the first line the command wrote to stderr (or the error's own message). */
    readonly detail = '',
  ) {
    super(message);
  }
}

export interface RunOptions {
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly maxBuffer?: number;
  readonly cwd?: string;
}

/** Resolves with the command's standard output; rejects with a CommandFailure that says what went wrong. */
export function runCommand(command: string, args: readonly string[], options: RunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const child = execFile(command, [...args], { encoding: 'utf8', env: options.env, maxBuffer: options.maxBuffer, cwd: options.cwd, windowsHide: true }, (error, stdout, stderr) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      if (!error) resolve(stdout);
      else if ((error as NodeJS.ErrnoException).code === 'ENOENT') reject(new CommandFailure('missing', `${command} was not found`));
      else if ((error as NodeJS.ErrnoException).code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') reject(new CommandFailure('overflow', `${command} printed more than ${options.maxBuffer ?? 0} bytes`));
      else {
        const exitCode = typeof error.code === 'number' ? error.code : undefined;
        const detail = (stderr.trim() || error.message).split('\n')[0].slice(0, 500);
        reject(new CommandFailure('failed', `${command} failed: ${(stderr.trim() || error.message).slice(0, 500)}`, stdout, exitCode, detail));
      }
    });
    const timer = setTimeout(() => {
      settled = true;
      child.kill('SIGKILL');
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.unref(); // a process stuck in the kernel survives SIGKILL; it must not keep a CLI alive
      reject(new CommandFailure('timeout', `${command} did not answer within ${options.timeoutMs / 1000} s`));
    }, options.timeoutMs);
  });
}

/** `["open", "My Host.app"]` → `open "My Host.app"`: for messages and logs only, never to be run. */
export function describeCommand(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}
