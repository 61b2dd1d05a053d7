/**
 * Says so when the dext crashes while it is being debugged: from the start of a `driverkit` debug
 * session (Build and Debug starts one too) until two minutes after the last one ended, the crash
 * report folders are looked at every two seconds for new reports of the session's dext; each new
 * one brings a notification that opens it. Reports already there when the session started are not
 * announced.
 */
import * as vscode from 'vscode';
import { listDextCrashReports } from './crashReportFolders';

const LOOK_EVERY_MS = 2000;
const AFTER_SESSION_MS = 120_000;

export class CrashNotifier implements vscode.Disposable {
  private readonly names = new Set<string>();
  private readonly seen = new Set<string>();
  private timer?: NodeJS.Timeout;
  private stopAt = 0;
  private sessions = 0;
  private looking = false;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly open: (file: string) => unknown,
    private readonly changed: () => void,
  ) {
    this.subscriptions = [
      vscode.debug.onDidStartDebugSession((session) => {
        if (session.type !== 'driverkit') return;
        const dext = typeof session.configuration.dext === 'string' ? session.configuration.dext.trim() : '';
        if (dext) this.watch(dext);
        this.sessions++;
      }),
      vscode.debug.onDidTerminateDebugSession((session) => {
        if (session.type !== 'driverkit') return;
        this.sessions = Math.max(0, this.sessions - 1);
        this.stopAt = Date.now() + AFTER_SESSION_MS;
      }),
    ];
  }

  /** Starts (or goes on) watching for new reports of `dext`. */
  watch(dext: string): void {
    if (!this.names.has(dext)) {
      this.names.add(dext);
      // What is there now is history, not news.
      void listDextCrashReports([dext]).then((l) => l.reports.forEach((r) => this.seen.add(r.path)));
    }
    this.stopAt = Date.now() + AFTER_SESSION_MS;
    this.timer ??= setInterval(() => void this.look(), LOOK_EVERY_MS);
  }

  private async look(): Promise<void> {
    if (this.sessions === 0 && Date.now() > this.stopAt) {
      clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    if (this.looking) return;
    this.looking = true;
    try {
      const listing = await listDextCrashReports([...this.names]);
      const fresh = listing.reports.filter((r) => !this.seen.has(r.path));
      for (const report of fresh) {
        this.seen.add(report.path);
        const who = report.header.bundleId ?? report.header.name ?? 'The dext';
        void vscode.window.showErrorMessage(`${who} crashed${report.header.timestamp ? ` at ${report.header.timestamp}` : ''}: a crash report was written.`, 'Open Crash Report').then((choice) => choice && this.open(report.path));
      }
      if (fresh.length > 0) this.changed();
    } finally {
      this.looking = false;
    }
  }

  dispose(): void {
    clearInterval(this.timer);
    this.subscriptions.forEach((s) => s.dispose());
  }
}
