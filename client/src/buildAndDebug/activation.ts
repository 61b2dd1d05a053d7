/**
 * The optional activation step of "Build and Debug": what makes macOS load the new dext — launching
 * the host app (which submits the activation request) or a command of the user's. Started without a
 * shell, from the workspace folder; it may keep running (a host app does), so the flow only watches
 * it for an early failure. Free of `vscode` so it unit-tests with real processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { isAbsolute, resolve } from 'node:path';
import { forEachLine } from '../../../core/tools/streamLines';
import { hostAppPath } from '../util/hostApp';

export interface ActivationSettings {
  /** Path of the host app to launch (macOS, with `open`), relative to the workspace folder. */
  readonly hostApp?: string;
  /** A command and its arguments; `${workspaceFolder}` is replaced. */
  readonly command?: readonly string[];
}

/** The argument array to run, undefined when no activation step is configured. */
export function activationArgv(settings: ActivationSettings, folder: string, platform: NodeJS.Platform = process.platform): string[] | undefined | Error {
  const command = (settings.command ?? []).map((a) => a.split('${workspaceFolder}').join(folder));
  if (command.length > 0 && command[0]) {
    // A relative program path with a slash means "in the workspace", not "on PATH".
    const program = command[0].includes('/') && !isAbsolute(command[0]) ? resolve(folder, command[0]) : command[0];
    return [program, ...command.slice(1)];
  }
  if (settings.hostApp) {
    if (platform !== 'darwin') return new Error('launching a host app needs macOS; set driverkit.buildAndDebug.activationCommand instead');
    return ['open', hostAppPath(settings.hostApp, folder)];
  }
  return undefined;
}

export interface ActivationExit {
  readonly code: number | null;
  readonly signal: string | null;
}

export class ActivationProcess {
  /** Settles when the process ends (never rejects). */
  readonly exited: Promise<ActivationExit>;
  private exit: ActivationExit | undefined;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((done) =>
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        done(this.exit);
      }),
    );
  }

  /** The exit, once the process has ended. */
  get ended(): ActivationExit | undefined {
    return this.exit;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * Starts `argv` in `cwd`; each line it prints goes to `onLine`. Resolves once the process runs, or
   * with the reason it could not start (missing program, no permission).
   */
  static start(argv: readonly string[], cwd: string, onLine: (line: string, stream: 'stdout' | 'stderr') => void): Promise<ActivationProcess | Error> {
    return new Promise((settle) => {
      const child = spawn(argv[0], argv.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      const activation = new ActivationProcess(child);
      for (const stream of ['stdout', 'stderr'] as const) forEachLine(child[stream], (line) => onLine(line, stream));
      child.once('spawn', () => settle(activation));
      child.once('error', (error) => settle(error));
    });
  }
}
