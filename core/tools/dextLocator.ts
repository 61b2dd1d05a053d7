/** Finds the running dext with `ps`: once, or polling until it appears (the runtime side of attach). */
import { CommandFailure, runCommand } from './runCommand';
import { findDexts, parsePs, psArgs, PS_ENV, type ProcessInfo } from './ps';

/** ps lists every process in well under a second; past this it is stuck, and attach says so. */
const PS_TIMEOUT_MS = 10_000;

export async function listProcesses(platform: NodeJS.Platform = process.platform): Promise<ProcessInfo[]> {
  try {
    // A fixed locale keeps ps's start-time column in the format the parser reads.
    return parsePs(await runCommand('ps', psArgs(platform), { timeoutMs: PS_TIMEOUT_MS, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, ...PS_ENV } }));
  } catch (error) {
    // ps may exit non-zero after a complete listing (a process vanished while it looked).
    if (error instanceof CommandFailure && error.stdout) return parsePs(error.stdout);
    throw new Error(`Cannot list processes: ${error instanceof Error ? error.message : String(error)}.`);
  }
}

export interface LocateResult {
  readonly matches: readonly ProcessInfo[];
  readonly near: readonly ProcessInfo[];
}

export async function locateDext(dext: string, platform: NodeJS.Platform = process.platform): Promise<LocateResult> {
  return findDexts(await listProcesses(platform), dext, platform);
}

/**
 * Polls until the dext runs, `timeoutMs` passes or `cancelled()` says stop. `onTick` reports the
 * seconds waited so far, for a progress notification. Only instances that `accept` takes count
 * (Build and Debug skips the instance that ran before the new build was activated).
 */
export async function waitForDext(
  dext: string,
  timeoutMs: number,
  cancelled: () => boolean,
  onTick: (seconds: number) => void,
  platform: NodeJS.Platform = process.platform,
  accept: (p: ProcessInfo) => boolean = () => true,
): Promise<LocateResult | 'timeout' | 'cancelled'> {
  const started = Date.now();
  for (;;) {
    const found = await locateDext(dext, platform);
    const matches = found.matches.filter(accept);
    if (matches.length > 0) return { matches, near: found.near };
    if (cancelled()) return 'cancelled';
    if (Date.now() - started >= timeoutMs) return 'timeout';
    onTick(Math.floor((Date.now() - started) / 1000));
    await new Promise((r) => setTimeout(r, 250));
    if (cancelled()) return 'cancelled';
  }
}
