/**
 * Finds the lldb-dap to run: the configured path, else `xcrun --find lldb-dap` on macOS, else
 * lldb-dap / lldb-dap-NN (newest first) / lldb-vscode on PATH. Reports everything it tried.
 */
import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { runCommand } from '../core/tools/runCommand';

export interface LldbDapLookup {
  readonly path?: string;
  readonly tried: readonly string[];
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Missing, failing or hung (5 s): no answer, and the PATH search goes on. */
function xcrunFind(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return runCommand('xcrun', ['--find', 'lldb-dap'], { timeoutMs: 5000, env }).then((stdout) => stdout.trim() || undefined, () => undefined);
}

/**
 * The program and arguments that start lldb-dap: the path itself, or `sudo -n -- <path>` to run it as
 * root. `--` ends sudo's options, so a configured path that begins with `-` is the program sudo runs,
 * never one of sudo's own flags.
 */
export function lldbDapCommandLine(path: string, runAsRoot: boolean): string[] {
  return runAsRoot ? ['sudo', '-n', '--', path] : [path];
}

export async function findLldbDap(configured: string | undefined, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Promise<LldbDapLookup> {
  const tried: string[] = [];
  if (configured) {
    tried.push(`lldbDapPath "${configured}"`);
    return isExecutable(configured) ? { path: configured, tried } : { tried };
  }
  if (platform === 'darwin') {
    tried.push('xcrun --find lldb-dap');
    const found = await xcrunFind(env);
    if (found && isExecutable(found)) return { path: found, tried };
  }
  const folders = (env.PATH ?? '').split(delimiter).filter(Boolean);
  tried.push(`lldb-dap, lldb-dap-NN and lldb-vscode on PATH (${folders.join(delimiter)})`);
  const candidates: { path: string; rank: number }[] = [];
  for (const folder of folders) {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      const m = /^lldb-dap(?:-(\d+))?$/.exec(name);
      const rank = m ? 1000 + Number(m[1] ?? 999) : name === 'lldb-vscode' || /^lldb-vscode-\d+$/.test(name) ? 1 : -1;
      if (rank >= 0 && isExecutable(join(folder, name))) candidates.push({ path: join(folder, name), rank });
    }
  }
  candidates.sort((a, b) => b.rank - a.rank);
  return { path: candidates[0]?.path, tried };
}
