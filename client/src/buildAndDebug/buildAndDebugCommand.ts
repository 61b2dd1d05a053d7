/**
 * "DriverKit: Build and Debug": build → optional activation step → wait for the dext → attach, in one
 * cancellable progress notification. Any failure stops the chain with a message and a button to the
 * place that explains it. Runs nothing in an untrusted workspace.
 */
import * as vscode from 'vscode';
import type { LanguageServer } from '../languageServer/languageServer';
import { infoPlistArgument, workspaceDext } from '../languageServer/workspaceDexts';
import { listSystemExtensions } from '../systemExtensions/systemExtensionsView';
import { checkWorkspaceDextVersion } from '../systemExtensions/versionWarning';
import { ActivationProcess, activationArgv } from './activation';
import { findBuildTask, runBuildTask, showTaskTerminal } from './buildStep';
import { describeCommand } from '../../../core/tools/runCommand';
import { ATTACH_TO_DEXT_COMMAND, BUILD_AND_DEBUG_COMMAND } from '../../../protocol/commands';
import { ACTION_LABELS, activationNotStarted, diagnoseAfter, noBuildTask, runSteps, type FailureAction, type Step, type StepResult } from './flow';
import { earlyAttachSteps } from './earlyAttachSteps';
import { activationToolsAvailable, DIAGNOSE_ACTIVATION_COMMAND, type DiagnoseArguments } from '../activation/diagnoseActivation';

interface Settings {
  readonly buildTask: string;
  readonly skipBuild: boolean;
  readonly hostApp: string;
  readonly activationCommand: readonly string[];
  readonly waitTimeout: number;
}

function settingsFor(folder: vscode.WorkspaceFolder): Settings {
  const c = vscode.workspace.getConfiguration('driverkit.buildAndDebug', folder);
  return {
    buildTask: c.get<string>('buildTask', ''),
    skipBuild: c.get<boolean>('skipBuild', false),
    hostApp: c.get<string>('hostApp', ''),
    activationCommand: c.get<string[]>('activationCommand', []),
    waitTimeout: c.get<number>('waitTimeout', 120),
  };
}

/** The workspace folder of the dext's Info.plist (in a multi-root workspace, where its build and launch.json live). */
function folderOf(uri: vscode.Uri | undefined): vscode.WorkspaceFolder | undefined {
  return (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
}

/**
 * The attach configuration: the workspace's own driverkit attach configuration when it has one for
 * this dext, waiting for the dext when it is not running.
 */
export function attachConfiguration(folder: vscode.WorkspaceFolder, dext: string): vscode.DebugConfiguration {
  const launch = vscode.workspace.getConfiguration('launch', folder).get<vscode.DebugConfiguration[]>('configurations') ?? [];
  const own = launch.find((c) => c.type === 'driverkit' && c.request === 'attach' && (!c.dext || c.dext === dext));
  // The build already ran: the configuration's own pre-launch task must not run it again.
  const rest: Record<string, unknown> = { ...own };
  delete rest.preLaunchTask;
  delete rest.waitFor;
  return { ...rest, type: 'driverkit', request: 'attach', name: own?.name ?? `Attach to ${dext}`, dext, waitFor: true };
}

export function activateBuildAndDebugCommand(server: LanguageServer, output: vscode.LogOutputChannel): vscode.Disposable {
  let lastTask: string | undefined;
  /** The dext and folder of the last run, for Diagnose Activation. */
  let lastWait: DiagnoseArguments | undefined;
  const act = (action: FailureAction): void => {
    const commands: Record<FailureAction, () => unknown> = {
      showBuildOutput: () => showTaskTerminal(lastTask),
      showProblems: () => vscode.commands.executeCommand('workbench.actions.view.problems'),
      showOutput: () => output.show(),
      configureBuildTask: () => vscode.commands.executeCommand('workbench.action.tasks.configureDefaultBuildTask'),
      openSettings: () => vscode.commands.executeCommand('workbench.action.openSettings', 'driverkit.buildAndDebug'),
      showSystemExtensions: () => vscode.commands.executeCommand('driverkit.systemExtensions.focus'),
      showMatchingStatus: () => vscode.commands.executeCommand('driverkit.showMatchingStatus'),
      diagnoseActivation: () => vscode.commands.executeCommand(DIAGNOSE_ACTIVATION_COMMAND, lastWait),
    };
    void commands[action]();
  };

  const buildAndDebug = async (argument?: unknown): Promise<boolean> => {
    const plist = infoPlistArgument(argument);
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Build and Debug runs the build, the activation step, ps and lldb-dap: trust this workspace first.');
      return false;
    }
    const found = await workspaceDext(server, plist);
    const folder = folderOf(found?.infoPlist ?? plist);
    if (!folder) {
      void vscode.window.showErrorMessage('Build and Debug needs an open folder.');
      return false;
    }
    const dext = found?.name ?? (await vscode.window.showInputBox({ prompt: 'Bundle id or executable name of the driver extension to debug' }));
    if (!dext) return false;
    const settings = settingsFor(folder);
    lastWait = { dext, folder };
    output.info(`Build and Debug ${dext} in ${folder.uri.fsPath}.`);

    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Build and Debug ${dext}`, cancellable: true }, async (progress, token) => {
      let activation: { process: ActivationProcess; label: string } | undefined;
      const steps: Step[] = [];
      if (!settings.skipBuild) {
        steps.push({
          id: 'build',
          title: 'Building',
          run: async (): Promise<StepResult> => {
            const task = await findBuildTask(folder, settings.buildTask);
            if (!task) return noBuildTask();
            lastTask = task.name;
            progress.report({ message: `Building (${task.name})…` });
            return runBuildTask(task, token);
          },
        });
      }
      // The debugger waits for the next start of the dext before the activation step can start it.
      const early = earlyAttachSteps({ folder, dext, token, activation: () => activation, configuration: { ...attachConfiguration(folder, dext), pid: undefined, ignoreRunning: true, timeout: settings.waitTimeout } });
      steps.push(early.start);
      const argv = activationArgv({ hostApp: settings.hostApp, command: settings.activationCommand }, folder.uri.fsPath);
      steps.push({
        id: 'activate',
        title: 'Activating the dext',
        run: async (): Promise<StepResult> => {
          if (argv === undefined) return { ok: true, note: 'No activation step is set: waiting for a new instance of the dext to start (plug in the device).' };
          const label = argv instanceof Error ? settings.hostApp : describeCommand(argv);
          if (argv instanceof Error) return activationNotStarted(label, argv.message);
          // A build macOS will not install (same or lower version than the installed copy) is named now.
          await checkWorkspaceDextVersion(server, await listSystemExtensions());
          // Cancelled meanwhile: no activation request may go out after the user said stop.
          if (token.isCancellationRequested) return { ok: true };
          output.info(`Activation step: ${label}`);
          const started = await ActivationProcess.start(argv, folder.uri.fsPath, (line, stream) => (stream === 'stderr' ? output.warn : output.info).call(output, `[activation] ${line}`));
          if (started instanceof Error) return activationNotStarted(label, started.message);
          activation = { process: started, label };
          return { ok: true };
        },
      });
      steps.push(early.wait);

      const outcome = await runSteps(steps, (step) => progress.report({ message: `${step.title}…` }), () => token.isCancellationRequested);
      if (outcome.kind === 'done') {
        outcome.notes.forEach((n) => output.info(n));
        return true;
      }
      if (outcome.kind === 'cancelled') {
        output.info(`Build and Debug cancelled during the ${outcome.step} step.`);
        return false;
      }
      output.error(outcome.message);
      // The dext never started: the activation report opens by itself (trusted: checked above).
      const diagnosed = diagnoseAfter(outcome) && activationToolsAvailable();
      if (diagnosed) void vscode.commands.executeCommand(DIAGNOSE_ACTIVATION_COMMAND, lastWait);
      const actions = diagnosed ? outcome.actions.filter((a) => a !== 'diagnoseActivation') : outcome.actions;
      void vscode.window.showErrorMessage(outcome.message, ...actions.map((a) => ACTION_LABELS[a])).then((choice) => {
        const action = actions.find((a) => ACTION_LABELS[a] === choice);
        if (action) act(action);
      });
      return false;
    });
  };
  const attach = async (argument?: unknown): Promise<boolean> => {
    const plist = infoPlistArgument(argument);
    const found = await workspaceDext(server, plist);
    const folder = folderOf(found?.infoPlist ?? plist);
    const dext = found?.name;
    if (!folder || !dext) return vscode.debug.startDebugging(folder, { type: 'driverkit', request: 'attach', name: 'Attach to the driver extension', waitFor: true });
    return vscode.debug.startDebugging(folder, attachConfiguration(folder, dext));
  };
  return vscode.Disposable.from(vscode.commands.registerCommand(BUILD_AND_DEBUG_COMMAND, buildAndDebug), vscode.commands.registerCommand(ATTACH_TO_DEXT_COMMAND, attach));
}
