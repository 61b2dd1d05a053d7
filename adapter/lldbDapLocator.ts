/** Finds the lldb-dap to run (see core/tools/lldbLocator) and builds the command line that starts it. */
import { findLldbTool, type LldbLookup } from '../core/tools/lldbLocator';

export type LldbDapLookup = LldbLookup;

/**
 * The program and arguments that start lldb-dap: the path itself, or `sudo -n -- <path>` to run it as
 * root. `--` ends sudo's options, so a configured path that begins with `-` is the program sudo runs,
 * never one of sudo's own flags.
 */
export function lldbDapCommandLine(path: string, runAsRoot: boolean): string[] {
  return runAsRoot ? ['sudo', '-n', '--', path] : [path];
}

export function findLldbDap(configured: string | undefined, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Promise<LldbDapLookup> {
  return findLldbTool('lldb-dap', configured, env, platform);
}
