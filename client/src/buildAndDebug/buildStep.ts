/**
 * The build step of "Build and Debug": picks the task to run (the one named in the settings, else the
 * default build task, else the `driverkit` task, asking when there are several) and runs it to its end.
 */
import * as vscode from 'vscode';
import { buildFailed, type StepResult } from './flow';

export async function findBuildTask(folder: vscode.WorkspaceFolder, label: string): Promise<vscode.Task | undefined> {
  const inFolder = (await vscode.tasks.fetchTasks()).filter((t) => typeof t.scope !== 'object' || t.scope.uri.toString() === folder.uri.toString());
  if (label) return inFolder.find((t) => t.name === label || `${t.source}: ${t.name}` === label);
  const isBuild = (t: vscode.Task): boolean => t.group?.id === vscode.TaskGroup.Build.id;
  const preferred = inFolder.find((t) => isBuild(t) && t.group?.isDefault === true);
  if (preferred) return preferred;
  const ours = inFolder.filter((t) => t.definition.type === 'driverkit');
  if (ours.length <= 1) return ours[0];
  const picked = await vscode.window.showQuickPick(
    ours.map((task) => ({ label: task.name, description: task.source, task })),
    { placeHolder: 'Which build should run before debugging?' },
  );
  return picked?.task;
}

/** Runs `task` and settles with its outcome; cancelling terminates it. */
export async function runBuildTask(task: vscode.Task, token: vscode.CancellationToken): Promise<StepResult> {
  const execution = await vscode.tasks.executeTask(task);
  const same = (other: vscode.TaskExecution): boolean => other === execution || (other.task.name === task.name && other.task.source === task.source);
  return new Promise((settle) => {
    let settled = false;
    let ranProcess = false;
    const finish = (exitCode: number | undefined): void => {
      if (settled) return;
      settled = true;
      subscriptions.forEach((s) => s.dispose());
      if (exitCode === 0) settle({ ok: true, note: `Built with "${task.name}".` });
      // A compound task (dependsOn only) or a custom execution has no process, hence no exit code.
      else if (exitCode === undefined && !ranProcess) settle({ ok: true, note: `"${task.name}" ended (it runs no process of its own, so it reports no exit code).` });
      else settle(buildFailed(task.name, exitCode));
    };
    const subscriptions = [
      vscode.tasks.onDidStartTaskProcess((e) => {
        if (same(e.execution)) ranProcess = true;
      }),
      vscode.tasks.onDidEndTaskProcess((e) => same(e.execution) && finish(e.exitCode)),
      // A task that ends without a process end (a custom execution, or one that never started).
      vscode.tasks.onDidEndTask((e) => {
        if (same(e.execution)) setTimeout(() => finish(undefined), 1000);
      }),
      token.onCancellationRequested(() => execution.terminate()),
    ];
  });
}

/** The terminal the task ran in, to show with "Show Build Output". */
export function showTaskTerminal(taskName: string | undefined): void {
  const terminal = taskName ? vscode.window.terminals.find((t) => t.name.includes(taskName)) : undefined;
  if (terminal) terminal.show();
  else void vscode.commands.executeCommand('workbench.action.terminal.focus');
}
