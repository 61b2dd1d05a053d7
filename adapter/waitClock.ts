/**
 * The time a session waits for the dext: one deadline for the whole wait (lldb's own wait and, after
 * a fallback, the one with ps), one progress notification in VS Code with its cancel button, and the
 * reason the wait must end (timeout, cancel or the session ending).
 */
import { ProgressEndEvent, ProgressStartEvent, ProgressUpdateEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';

export class WaitClock {
  private readonly started = Date.now();
  private shown = false;
  private message = '';
  private lastSecond = -1;

  constructor(
    readonly progressId: string,
    readonly timeoutMs: number,
    /** Sends progress events; undefined when the client does not show progress. */
    private readonly send: ((event: DebugProtocol.Event) => void) | undefined,
    private readonly cancelled: (progressId: string) => boolean,
  ) {}

  begin(title: string, message: string): void {
    this.message = message;
    this.shown = this.send !== undefined;
    this.send?.(new ProgressStartEvent(this.progressId, title, message));
  }

  /** A new message for the progress notification (the seconds waited are added to it). */
  update(message: string): void {
    this.message = message;
    this.lastSecond = -1;
    this.tick();
  }

  tick(): void {
    const seconds = Math.floor((Date.now() - this.started) / 1000);
    if (!this.shown || seconds === this.lastSecond) return;
    this.lastSecond = seconds;
    this.send?.(new ProgressUpdateEvent(this.progressId, `${this.message} — ${seconds} s of ${Math.round(this.timeoutMs / 1000)} s`));
  }

  remainingMs(): number {
    return Math.max(0, this.timeoutMs - (Date.now() - this.started));
  }

  stopReason(): 'timeout' | 'cancelled' | undefined {
    if (this.cancelled(this.progressId)) return 'cancelled';
    return this.remainingMs() <= 0 ? 'timeout' : undefined;
  }

  end(): void {
    if (!this.shown) return;
    this.shown = false;
    this.send?.(new ProgressEndEvent(this.progressId));
  }
}
