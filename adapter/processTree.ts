/**
 * The processes a child started, so that ending a session ends them too. lldb starts its debug server
 * (lldb-server on Linux, debugserver on macOS) in a session of its own (`--setsid`), so killing
 * lldb-dap leaves it behind — and a debug server waiting for a process name would go on waiting, and
 * attach to the dext when it next starts. `ps -A -o pid=,ppid=` lists every process with its parent
 * on both systems; the tree is walked here, in pure code.
 */
import { runCommand } from '../core/tools/runCommand';

export const PID_TABLE_ARGS: readonly string[] = ['-A', '-o', 'pid=,ppid='];

/** `pid ppid` per line → parent of each pid. Lines that are not two numbers are skipped. */
export function parsePidTable(output: string): Map<number, number> {
  const parents = new Map<number, number>();
  for (const line of output.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(line);
    if (m) parents.set(Number(m[1]), Number(m[2]));
  }
  return parents;
}

/** Every descendant of `root`, children before grandchildren. */
export function descendantsOf(parents: ReadonlyMap<number, number>, root: number): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) {
    if (pid === ppid) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [root];
  const seen = new Set<number>([root]);
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** The descendants of `pid` now; none when ps fails (the caller still ends `pid` itself). */
export async function listDescendants(pid: number): Promise<number[]> {
  try {
    return descendantsOf(parsePidTable(await runCommand('ps', PID_TABLE_ARGS, { timeoutMs: 5000, maxBuffer: 8 * 1024 * 1024 })), pid);
  } catch {
    return [];
  }
}
