/**
 * The stop an early attach makes, released if lldb-dap lets it through. Attaching to a process as it
 * starts stops it (SIGSTOP, at its first instruction). lldb-dap keeps that stop to itself and lets the
 * process run when VS Code sends configurationDone; but when its event thread is slow (a busy
 * machine), the stop reaches it only after configurationDone, and it then reports the process stopped
 * at `_start` with "signal SIGSTOP" while it never resumed: the user sees a debugger stuck before init
 * and Start, with their breakpoints not hit. Seen with lldb-dap 19 under load. This watches for that
 * one stop and has the session resume the process, as configurationDone meant to.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';

type Phase = 'idle' | 'attached' | 'configured';

export class AttachStopRelease {
  private phase: Phase = 'idle';

  /** An early attach succeeded; `stopOnEntry` asks to keep the attach's stop, so nothing is released. */
  attached(stopOnEntry: boolean): void {
    this.phase = stopOnEntry ? 'idle' : 'attached';
  }

  /** lldb-dap answered configurationDone: from now on it should have let the process run. */
  configured(success: boolean): void {
    if (this.phase === 'attached') this.phase = success ? 'configured' : 'idle';
  }

  /**
   * A `stopped` or `continued` event from lldb-dap. True when it is the attach's own stop reported
   * late: the session swallows it and resumes the thread. Only the first stop after the attach
   * counts; any other event ends the watch.
   */
  releases(event: DebugProtocol.Event): boolean {
    const phase = this.phase;
    if (event.event !== 'stopped' && event.event !== 'continued') return false;
    this.phase = 'idle';
    if (phase !== 'configured' || event.event !== 'stopped') return false;
    const body = (event.body ?? {}) as Partial<DebugProtocol.StoppedEvent['body']>;
    const said = `${body.description ?? ''} ${body.text ?? ''}`;
    return (body.reason === 'exception' || body.reason === 'signal') && /\bSIGSTOP\b/.test(said) && typeof body.threadId === 'number';
  }
}
