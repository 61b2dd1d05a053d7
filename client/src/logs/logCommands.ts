/**
 * "DriverKit: Stream Driver Logs" and "Show Recent Logs": the dext's unified-log lines (its own and
 * the kernel's `DK:` lines about it) in a log output channel, outside debugging too. macOS only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import { forEachLine } from '../../../core/tools/streamLines';
import { macTool } from '../util/macTool';
import { formatLogEntry, logShowArgs, logStreamArgs, parseLogLine } from '../../../core/tools/unifiedLog';
import type { LanguageServer } from '../languageServer/languageServer';
import { workspaceDextName } from '../languageServer/workspaceDexts';
import { ExtensionErrorNotifier } from '../extensionErrors/extensionErrorFinder';

async function workspaceDext(server: LanguageServer): Promise<string | undefined> {
  return (await workspaceDextName(server)) ?? vscode.window.showInputBox({ prompt: 'Executable name or bundle id of the driver extension' });
}

/** Pipes a `log` command's ndjson output, line by line, into the channel; `onLine` sees each formatted line. */
function pipe(child: ChildProcess, channel: vscode.LogOutputChannel, onLine?: (line: string) => void): void {
  forEachLine(child.stdout, (line) => {
    const entry = parseLogLine(line);
    if (!entry) return;
    const text = formatLogEntry(entry);
    channel.appendLine(text);
    onLine?.(text);
  });
  child.on('error', (error) => channel.error(`log could not be run: ${error.message}`));
  // `log` says why it refuses (not an admin, a bad predicate) on stderr and exits: show both.
  forEachLine(child.stderr, (line) => line.trim() && channel.warn(`log: ${line}`));
  child.on('close', (code, signal) => {
    if (code !== 0 && code !== null) channel.error(`log exited with code ${code}.`);
    else if (signal && signal !== 'SIGTERM' && signal !== 'SIGKILL') channel.error(`log was stopped by ${signal}.`);
  });
}

export function activateLogCommands(server: LanguageServer): vscode.Disposable {
  const channel = vscode.window.createOutputChannel('DriverKit Driver Log', { log: true });
  let streaming: ChildProcess | undefined;
  // One per session: each kind of failure is announced once, however often the dext repeats it.
  const notifier = new ExtensionErrorNotifier();
  const notify = (line: string): void => {
    const explanation = notifier.take(line);
    if (explanation) void vscode.window.showWarningMessage(explanation, 'Show Logs').then((choice) => choice && channel.show(true));
  };
  const logTool = () => macTool('driverkit.logs.command', 'log');
  const ready = (): boolean => {
    if (logTool().available && vscode.workspace.isTrusted) return true;
    void vscode.window.showErrorMessage(!vscode.workspace.isTrusted ? 'Trust this workspace to read its driver\'s logs.' : 'Driver logs come from macOS\'s unified log (`log`), which this system does not have (set driverkit.logs.command to use a stand-in).');
    return false;
  };
  return vscode.Disposable.from(
    channel,
    { dispose: () => streaming?.kill() },
    vscode.commands.registerCommand('driverkit.streamLogs', async () => {
      if (!ready()) return;
      const dext = await workspaceDext(server);
      if (!dext) return;
      const levels = ['default', 'info', 'debug'] as const;
      const picked = await vscode.window.showQuickPick([...levels], { placeHolder: 'Lowest level to show' });
      const level = levels.find((l) => l === picked);
      if (!level) return;
      streaming?.kill();
      streaming = spawn(logTool().executable, logStreamArgs(dext, level), { stdio: ['ignore', 'pipe', 'pipe'] });
      channel.info(`Streaming the log of ${dext} (level ${level}). Run "DriverKit: Stop Driver Logs" to stop.`);
      pipe(streaming, channel, notify);
      channel.show(true);
    }),
    vscode.commands.registerCommand('driverkit.stopLogs', () => {
      streaming?.kill();
      streaming = undefined;
      channel.info('Stopped streaming.');
    }),
    vscode.commands.registerCommand('driverkit.showRecentLogs', async () => {
      if (!ready()) return;
      const dext = await workspaceDext(server);
      if (!dext) return;
      const last = await vscode.window.showQuickPick(['5m', '10m', '1h', '1d'], { placeHolder: 'How far back?' });
      if (!last) return;
      channel.info(`Recent log of ${dext} (last ${last}):`);
      // `log show` over a day can take minutes: the notification's Cancel stops it.
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading the log of ${dext}…`, cancellable: true }, (_progress, token) => {
        const child = spawn(logTool().executable, logShowArgs(dext, last), { stdio: ['ignore', 'pipe', 'pipe'] });
        pipe(child, channel);
        token.onCancellationRequested(() => child.kill('SIGKILL'));
        return new Promise((resolve) => {
          child.on('close', resolve);
          child.on('error', resolve); // a missing `log` never leaves the notification spinning
        });
      });
      channel.show(true);
    }),
  );
}
