/**
 * Which ioreg command the matching status runs, and running it. No `vscode` import: the choice and
 * the run are unit-tested with real processes. Never a shell: the program and its arguments are
 * passed to `execFile` as an array.
 */
import { CommandFailure, describeCommand, runCommand } from '../../../core/tools/runCommand';
import { IOREG_COMMANDS } from '../../../core/tools/ioreg';

export interface IoregCommand {
  readonly executable: string;
  readonly args: readonly string[];
  /** True when it came from the `driverkit.ioreg.command` setting. */
  readonly configured: boolean;
}

export const SETTING = 'driverkit.ioreg.command';
/** The whole registry takes a few seconds on a busy Mac; a hung ioreg must not hang the view. */
export const IOREG_TIMEOUT_MS = 60_000;
/** A full `ioreg -a -l` of the IOService plane is several MB; far more means something is wrong. */
export const IOREG_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The command to run, or why none runs. `configured` is the setting's value: empty means the default
 * `ioreg` command. A configured command runs only in a trusted workspace; it may run on any system
 * (for example `["cat", "/path/recorded.xml"]`), the default only on macOS.
 */
export function chooseIoregCommand(configured: unknown, platform: NodeJS.Platform, trusted: boolean): { command: IoregCommand } | { message: string } {
  const isEmpty = configured === undefined || configured === null || (Array.isArray(configured) && configured.length === 0);
  if (!isEmpty) {
    if (!Array.isArray(configured) || !configured.every((a): a is string => typeof a === 'string') || configured[0] === '') {
      return { message: `${SETTING} must be a list of strings: the program, then its arguments.` };
    }
    if (trusted) return { command: { executable: configured[0], args: configured.slice(1), configured: true } };
    if (platform !== 'darwin') return { message: `This workspace is not trusted, so ${SETTING} is not run.` };
    // Untrusted on macOS: the fixed default is still safe to run; the configured one is not.
  }
  if (platform !== 'darwin') return { message: `ioreg is only available on macOS. To read a recording instead, set ${SETTING} (for example ["cat", "/path/ioreg.xml"]).` };
  return { command: { executable: IOREG_COMMANDS.executable, args: IOREG_COMMANDS.matchingStatus(), configured: false } };
}

export function commandLine(command: IoregCommand): string {
  return describeCommand([command.executable, ...command.args]);
}

/** Runs the command; resolves with its output or with one sentence saying what went wrong. Never rejects. */
export async function runIoreg(command: IoregCommand, limits = { timeoutMs: IOREG_TIMEOUT_MS, maxBytes: IOREG_MAX_BYTES }): Promise<{ text: string } | { failure: string }> {
  const name = command.configured ? `${SETTING} (${command.executable})` : command.executable;
  try {
    return { text: await runCommand(command.executable, command.args, { timeoutMs: limits.timeoutMs, maxBuffer: limits.maxBytes }) };
  } catch (error) {
    if (!(error instanceof CommandFailure)) return { failure: `${name} failed: ${String(error)}` };
    switch (error.kind) {
      case 'missing':
        return { failure: `${name} could not be started: no such program.` };
      case 'overflow':
        return { failure: `${name} printed more than ${Math.round(limits.maxBytes / 1024 / 1024)} MB; narrow it down (for example with -r -k IOUserServerName).` };
      case 'timeout':
        return { failure: `${name} did not finish within ${limits.timeoutMs / 1000} s and was stopped.` };
      default:
        return { failure: `${name} failed${error.exitCode !== undefined ? ` (exit code ${error.exitCode})` : ''}: ${error.detail}` };
    }
  }
}
