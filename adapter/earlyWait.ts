/**
 * The early attach itself: lldb-dap is asked to attach with `program` and `waitFor`, and lldb waits
 * for a process of that name to appear. lldb-dap answers only once it has attached (it cannot be
 * asked anything meanwhile), so this watches from outside:
 *  - when lldb's wait has begun (lldb-server's log says so exactly; only where there is no such log —
 *    macOS, sudo — a second after lldb-dap's own "Waiting to attach" line), the session is told it
 *    may say "waiting";
 *  - lldb's wait passes over every process of that name already running. One that started in the
 *    moment between the session's look with ps and lldb's own look would be passed over too: the
 *    debug server's count of passed-over processes shows it at once, and a look with ps every two
 *    seconds catches it otherwise (running 10 s with no attach). Either way the session is told,
 *    and attaches to that instance the ordinary way;
 *  - a timeout or a cancel ends the wait (the session then ends lldb-dap and its debug server).
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { ProcessInfo } from '../core/tools/ps';
import type { DebugServerLog } from './debugServerLog';

export type EarlyOutcome =
  | { readonly kind: 'attached'; readonly response: DebugProtocol.Response }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'missed'; readonly instances: readonly ProcessInfo[] }
  | { readonly kind: 'stopped'; readonly why: 'timeout' | 'cancelled' };

export interface EarlyWaitHost {
  /** Sends lldb-dap the attach request; `reply` receives its answer. */
  attach(args: Record<string, unknown>, reply: (response: DebugProtocol.Response) => void): void;
  readonly serverLog?: DebugServerLog;
  /** lldb waits now; `exact`: its debug server said so (otherwise lldb-dap did, a little early). */
  ready(exact: boolean): void;
  /** Instances of the dext running now that the session does not pass over, and how many it passes over. */
  instances(): Promise<{ readonly fresh: readonly ProcessInfo[]; readonly passedOver: number }>;
  /** Why the wait must end now, if it must. */
  shouldStop(): 'timeout' | 'cancelled' | undefined;
  /** Called every quarter second while waiting (progress). */
  tick(): void;
}

/**
 * lldb-dap says "Waiting to attach" before lldb has started its debug server; without the server's
 * own word (macOS, sudo) the wait counts as begun this long after that line.
 */
const UNLOGGED_SERVER_GRACE_MS = 1000;
/** An instance running this long without lldb attaching was passed over by lldb's wait. */
const MISSED_AFTER_MS = 10_000;
const LOOK_EVERY_MS = 2000;

export class EarlyWait {
  private settle?: (outcome: EarlyOutcome) => void;
  private readyAt?: number;
  private graceTimer?: NodeJS.Timeout;
  private readonly firstSeen = new Map<number, number>();
  private looking = false;

  constructor(private readonly host: EarlyWaitHost) {}

  run(lldbArgs: Record<string, unknown>): Promise<EarlyOutcome> {
    return new Promise((resolve) => {
      const ticker = setInterval(() => {
        const why = this.host.shouldStop();
        if (why) this.finish({ kind: 'stopped', why });
        else this.host.tick();
      }, 250);
      const looker = setInterval(() => void this.look(false), LOOK_EVERY_MS);
      this.settle = (outcome) => {
        clearInterval(ticker);
        clearInterval(looker);
        clearTimeout(this.graceTimer);
        this.settle = undefined;
        resolve(outcome);
      };
      this.host.serverLog?.onWaiting(({ excluded }) => {
        this.becomeReady(true);
        // More passed over than the session passes over: one started before lldb looked.
        if (excluded > 0) void this.look(true, excluded);
      });
      this.host.attach(lldbArgs, (response) => this.finish(response.success ? { kind: 'attached', response } : { kind: 'failed', message: response.message ?? '' }));
    });
  }

  /** lldb-dap's console output while it waits. */
  lldbSaid(text: string): void {
    // With the debug server's log, its word alone says when the wait began: a grace period would be a
    // guess, and on a busy machine an early one (a dext started then would be passed over by lldb).
    if (this.host.serverLog) return;
    if (!/Waiting to attach/i.test(text) || this.readyAt !== undefined || this.graceTimer) return;
    this.graceTimer = setTimeout(() => this.becomeReady(false), UNLOGGED_SERVER_GRACE_MS);
  }

  private becomeReady(exact: boolean): void {
    if (this.readyAt !== undefined || !this.settle) return;
    clearTimeout(this.graceTimer);
    this.readyAt = Date.now();
    this.host.ready(exact);
  }

  private finish(outcome: EarlyOutcome): void {
    this.settle?.(outcome);
  }

  /** `excluded`: the debug server's count of processes its wait passes over, when it just said it. */
  private async look(atStart: boolean, excluded?: number): Promise<void> {
    if (this.readyAt === undefined || !this.settle || (this.looking && !atStart)) return;
    this.looking = true;
    try {
      const { fresh, passedOver } = await this.host.instances();
      if (fresh.length === 0) return;
      if (excluded !== undefined && excluded > passedOver) {
        this.finish({ kind: 'missed', instances: fresh });
        return;
      }
      const now = Date.now();
      for (const p of fresh) if (!this.firstSeen.has(p.pid)) this.firstSeen.set(p.pid, now);
      const missed = fresh.filter((p) => now - this.firstSeen.get(p.pid)! >= MISSED_AFTER_MS);
      if (missed.length > 0) this.finish({ kind: 'missed', instances: missed });
    } catch {
      // ps failed: lldb's own wait goes on regardless
    } finally {
      this.looking = false;
    }
  }
}
