/**
 * The `driverkit` task type: builds a scheme with xcodebuild (or the configured command, for a
 * Makefile or script project), without a shell, with the clang/iig problem matcher. Offers one task
 * per scheme of each Xcode project or workspace (macOS). An untrusted workspace gets no tasks.
 */
import * as vscode from 'vscode';
import { runCommand } from '../../../core/tools/runCommand';
import { macTool } from '../util/macTool';
import { buildArgs, listArgs, parseXcodeList } from '../../../core/tools/xcodebuild';

interface DriverKitTaskDefinition extends vscode.TaskDefinition {
  /** Needed for xcodebuild; a project built by its own `command` may leave it out. */
  readonly scheme?: string;
  readonly configuration?: string;
  readonly project?: string;
  readonly command?: readonly string[];
}

const PROBLEM_MATCHER = '$driverkit-xcodebuild';
/** xcodebuild, or the one `driverkit.xcodebuild.command` names (machine setting, trusted workspaces only). */
const xcodebuild = () => macTool('driverkit.xcodebuild.command', 'xcodebuild');

function xcodeList(container: string, cwd: string): Promise<ReturnType<typeof parseXcodeList>> {
  // `-list` resolves packages and may take a while; a hung xcodebuild is killed at the limit.
  return runCommand(xcodebuild().executable, listArgs(container), { timeoutMs: 60_000, maxBuffer: 8 * 1024 * 1024, cwd }).then(parseXcodeList, () => undefined);
}

function taskFor(folder: vscode.WorkspaceFolder, definition: DriverKitTaskDefinition): vscode.Task {
  const configuration = definition.configuration ?? 'Debug';
  const command = definition.command?.length ? definition.command : undefined;
  const execution = command
    ? new vscode.ProcessExecution(command[0], [...command.slice(1)], { cwd: folder.uri.fsPath })
    : new vscode.ProcessExecution(xcodebuild().executable, buildArgs(definition.project, definition.scheme ?? '', configuration), { cwd: folder.uri.fsPath });
  const name = definition.scheme ? `build ${definition.scheme} (${configuration})` : `build (${command?.join(' ') ?? 'xcodebuild'})`;
  const task = new vscode.Task(definition, folder, name, 'driverkit', execution, PROBLEM_MATCHER);
  task.group = vscode.TaskGroup.Build;
  return task;
}

export function activateTaskProvider(): vscode.Disposable {
  return vscode.tasks.registerTaskProvider('driverkit', {
    async provideTasks() {
      if (!vscode.workspace.isTrusted || !xcodebuild().available) return [];
      const tasks: vscode.Task[] = [];
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const pattern = new vscode.RelativePattern(folder, '**/*.{xcodeproj,xcworkspace}/*');
        const containers = new Set((await vscode.workspace.findFiles(pattern, '**/{build,DerivedData,Pods}/**', 20)).map((uri) => vscode.workspace.asRelativePath(uri, false).replace(/\/[^/]*$/, '')));
        // Every .xcodeproj holds a project.xcworkspace of its own: not a workspace the user made.
        for (const inner of [...containers].filter((c) => c.includes('.xcodeproj/'))) containers.delete(inner);
        for (const container of containers) {
          if (container.endsWith('.xcodeproj') && [...containers].some((c) => c.endsWith('.xcworkspace'))) continue;
          const list = await xcodeList(container, folder.uri.fsPath);
          for (const scheme of list?.schemes ?? []) tasks.push(taskFor(folder, { type: 'driverkit', scheme, project: container, configuration: 'Debug' }));
        }
      }
      return tasks;
    },
    resolveTask(task) {
      if (!vscode.workspace.isTrusted) return undefined;
      const definition = task.definition as DriverKitTaskDefinition;
      const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
      return (definition.scheme || definition.command?.length) && folder ? taskFor(folder, definition) : undefined;
    },
  });
}
