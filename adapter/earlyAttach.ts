/**
 * Whether the session can attach before the dext runs, and with which executable. lldb waits for a
 * process by the name of its target's executable (lldb-dap's attach with `program` and `waitFor`),
 * so it needs a copy of the dext on disk before the dext exists: the configured `program`, or a
 * built or installed copy found by name. When that is impossible the session waits with `ps`
 * instead, and says why. Pure apart from reading the disk through the functions it is given.
 */
import type { DriverKitAttachArguments } from './attachConfig';
import { dextBinaryAt } from '../core/dext/bundle';
import type { LocatedDext } from '../core/dext/locate';

export type WaitPlan = { readonly early: true; readonly program: string; readonly from: string } | { readonly early: false; readonly reason: string };

export interface PlanContext {
  readonly platform: NodeJS.Platform;
  /** The adapter runs as root. */
  readonly isRoot: boolean;
  /** lldb-dap runs through sudo. */
  readonly runAsRoot: boolean;
  /** Copies of the dext on disk, best first (used when `program` is not set). */
  readonly locate: (dext: string) => Promise<readonly LocatedDext[]>;
}

export const NO_ROOT_ON_MACOS =
  'a dext runs as the _driverkit user, and macOS lets only root attach to it: set "runAsRoot": true (with a sudoers rule for lldb-dap) or run VS Code as root';

export async function planWait(args: DriverKitAttachArguments, dext: string, context: PlanContext): Promise<WaitPlan> {
  if (args.earlyAttach === false) return { early: false, reason: '"earlyAttach" is false' };
  if (args.attachCommands?.length) return { early: false, reason: '"attachCommands" replace the attach, so lldb cannot be told to wait' };
  if (context.platform === 'darwin' && !context.isRoot && !context.runAsRoot) return { early: false, reason: NO_ROOT_ON_MACOS };
  // Not trimmed: a file name may end in a space or a newline, and it is the name lldb waits for.
  if (typeof args.program === 'string' && args.program.trim()) {
    const binary = dextBinaryAt(args.program);
    if (typeof binary === 'string') return { early: false, reason: `"program" cannot be used: ${binary}` };
    return { early: true, program: binary.executable, from: '"program"' };
  }
  const copies = await context.locate(dext).catch(() => []);
  const best = copies[0];
  if (!best) {
    return {
      early: false,
      reason: `lldb needs a copy of ${dext} on disk to wait for it by name, and none was found (no "program", no build product${context.platform === 'darwin' ? ', no installed copy in /Library/SystemExtensions' : ''}); set "program" to the built .dext`,
    };
  }
  return { early: true, program: best.executable, from: best.kind === 'built' ? 'the newest build' : 'the installed copy' };
}

/** The configuration fields that are ours alone: lldb-dap is never sent them. */
const OURS = ['dext', 'pid', 'waitFor', 'timeout', 'lldbDapPath', 'runAsRoot', 'logStream', 'logCommand', 'program', 'ignoreRunning', 'earlyAttach'] as const;

/** The attach arguments lldb-dap gets: the configuration without our fields, plus what `target` says. */
export function lldbAttachArguments(args: DriverKitAttachArguments, target: { readonly pid: number } | { readonly program: string }): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...args };
  for (const key of OURS) delete rest[key];
  // The program path is a DAP field: lldb-dap creates the target from it through its API, never as command text.
  return 'pid' in target ? { ...rest, pid: target.pid } : { ...rest, program: target.program, waitFor: true };
}
