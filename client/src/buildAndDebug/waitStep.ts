/**
 * The "wait for the dext" step: polls `ps` until a new instance of the dext runs, giving up when the
 * timeout passes, the user cancels, or the activation step fails first. Free of `vscode`.
 */
import { locateDext, waitForDext } from '../../../adapter/dextLocator';
import type { ActivationProcess } from './activation';
import { activationExited, dextDidNotStart, type StepFailure } from './flow';

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly cancelled: () => boolean;
  readonly onTick: (seconds: number) => void;
  /** The activation step, watched so that its early failure ends the wait at once. */
  readonly activation?: { readonly process: ActivationProcess; readonly label: string };
  /** Instances running before activation: not what we wait for when an activation step ran. */
  readonly before?: ReadonlySet<number>;
  readonly platform?: NodeJS.Platform;
}

export type WaitResult = { readonly ok: true; readonly pid: number } | StepFailure | { readonly ok: 'cancelled' };

/** The pids of the dext's running instances (empty when `ps` fails: nothing is then "stale"). */
export async function runningInstances(dext: string, platform: NodeJS.Platform = process.platform): Promise<Set<number>> {
  try {
    return new Set((await locateDext(dext, platform)).matches.map((p) => p.pid));
  } catch {
    return new Set();
  }
}

export async function waitForNewDext(dext: string, options: WaitOptions): Promise<WaitResult> {
  const before = options.before ?? new Set<number>();
  const failedActivation = (): boolean => {
    const ended = options.activation?.process.ended;
    return ended !== undefined && ended.code !== 0;
  };
  const result = await waitForDext(
    dext,
    options.timeoutMs,
    () => options.cancelled() || failedActivation(),
    options.onTick,
    options.platform,
    (p) => !before.has(p.pid),
  );
  if (result !== 'timeout' && result !== 'cancelled') return { ok: true, pid: result.matches[0].pid };
  if (failedActivation()) {
    const ended = options.activation!.process.ended!;
    return activationExited(options.activation!.label, ended.code, ended.signal);
  }
  if (result === 'cancelled') return { ok: 'cancelled' };
  const now = await locateDext(dext, options.platform).catch(() => ({ matches: [], near: [] }));
  const stale = now.matches.find((p) => before.has(p.pid))?.pid;
  return dextDidNotStart(dext, Math.round(options.timeoutMs / 1000), now.near.map((p) => `${p.argv[0]} (pid ${p.pid})`), stale);
}
