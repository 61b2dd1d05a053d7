/**
 * Finds an LLDB program — `lldb-dap` for debugging, `lldb` for one-shot symbolication: the configured
 * path, else `xcrun --find <tool>` on macOS, else the tool on PATH (plain name, then versioned names
 * such as `lldb-dap-19`, newest first; `lldb-vscode`, lldb-dap's name before LLVM 18, last).
 * Reports everything it tried, for an error message that says what to install or set.
 */
import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { runCommand } from './runCommand';

export type LldbTool = 'lldb-dap' | 'lldb';

export interface LldbLookup {
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
function xcrunFind(tool: LldbTool, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return runCommand('xcrun', ['--find', tool], { timeoutMs: 5000, env }).then((stdout) => stdout.trim() || undefined, () => undefined);
}

/** Rank of a file name as `tool` (higher is better), or -1 when it is not that tool. */
function rank(tool: LldbTool, name: string): number {
  const versioned = new RegExp(`^${tool}(?:-(\\d+))?$`).exec(name);
  if (versioned) return 1000 + Number(versioned[1] ?? 999);
  if (tool === 'lldb-dap' && /^lldb-vscode(?:-\d+)?$/.test(name)) return 1;
  return -1;
}

export async function findLldbTool(
  tool: LldbTool,
  configured: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  /** Folders searched before PATH (lldb beside the lldb-dap in use). */
  preferredFolders: readonly string[] = [],
): Promise<LldbLookup> {
  const tried: string[] = [];
  const setting = tool === 'lldb-dap' ? 'lldbDapPath' : 'lldbPath';
  if (configured) {
    tried.push(`${setting} "${configured}"`);
    return isExecutable(configured) ? { path: configured, tried } : { tried };
  }
  if (platform === 'darwin') {
    tried.push(`xcrun --find ${tool}`);
    const found = await xcrunFind(tool, env);
    if (found && isExecutable(found)) return { path: found, tried };
  }
  const pathFolders = (env.PATH ?? '').split(delimiter).filter(Boolean);
  tried.push(`${tool}, ${tool}-NN${tool === 'lldb-dap' ? ' and lldb-vscode' : ''} on PATH (${[...preferredFolders, ...pathFolders].join(delimiter)})`);
  // A preferred folder wins outright; among the PATH folders the newest version wins.
  for (const folder of preferredFolders) {
    const best = candidatesIn(tool, [folder])[0];
    if (best) return { path: best.path, tried };
  }
  return { path: candidatesIn(tool, pathFolders)[0]?.path, tried };
}

/** The executables in `folders` that are `tool`, best first. */
function candidatesIn(tool: LldbTool, folders: readonly string[]): { path: string; rank: number }[] {
  const candidates: { path: string; rank: number }[] = [];
  for (const folder of folders) {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      const r = rank(tool, name);
      if (r >= 0 && isExecutable(join(folder, name))) candidates.push({ path: join(folder, name), rank: r });
    }
  }
  return candidates.sort((a, b) => b.rank - a.rank);
}
