/**
 * "Build and Debug" as a sequence of steps — build, activate, wait for the dext, attach — each
 * reporting progress, the first failure stopping the rest with a message and the place to look.
 * Pure: the VS Code side supplies the steps and shows what this returns.
 */

export type StepId = 'build' | 'activate' | 'wait' | 'attach';

/** Where a failure sends the user (a button on the error message). */
export type FailureAction = 'showBuildOutput' | 'showProblems' | 'showOutput' | 'configureBuildTask' | 'openSettings' | 'showSystemExtensions' | 'showMatchingStatus' | 'diagnoseActivation';

export interface StepFailure {
  readonly ok: false;
  readonly message: string;
  readonly actions: readonly FailureAction[];
}

export type StepResult = { readonly ok: true; readonly note?: string } | StepFailure;

export interface Step {
  readonly id: StepId;
  /** Shown in the progress notification while the step runs, e.g. "Building (make)". */
  readonly title: string;
  run(): Promise<StepResult>;
}

export type FlowOutcome =
  | { readonly kind: 'done'; readonly notes: readonly string[] }
  | { readonly kind: 'failed'; readonly step: StepId; readonly message: string; readonly actions: readonly FailureAction[] }
  | { readonly kind: 'cancelled'; readonly step: StepId };

/**
 * Runs `steps` in order. `onStep` is told about each step before it runs; `cancelled` is asked
 * between steps (a running step watches for cancellation itself). An exception is a failure of its
 * step, never an escape.
 */
export async function runSteps(steps: readonly Step[], onStep: (step: Step, index: number) => void, cancelled: () => boolean): Promise<FlowOutcome> {
  const notes: string[] = [];
  for (const [index, step] of steps.entries()) {
    if (cancelled()) return { kind: 'cancelled', step: step.id };
    onStep(step, index);
    let result: StepResult;
    try {
      result = await step.run();
    } catch (error) {
      result = { ok: false, message: `${step.title} failed: ${error instanceof Error ? error.message : String(error)}`, actions: ['showOutput'] };
    }
    if (cancelled()) return { kind: 'cancelled', step: step.id };
    if (!result.ok) return { kind: 'failed', step: step.id, message: result.message, actions: result.actions };
    if (result.note) notes.push(result.note);
  }
  return { kind: 'done', notes };
}

/**
 * Whether the activation doctor runs by itself after this outcome: the wait found no new dext (or
 * the activation step ended before it started), so why macOS did not load it is the next question.
 */
export function diagnoseAfter(outcome: FlowOutcome): boolean {
  return outcome.kind === 'failed' && outcome.step === 'wait' && outcome.actions.includes('diagnoseActivation');
}

/** The label of each button. */
export const ACTION_LABELS: Readonly<Record<FailureAction, string>> = {
  showBuildOutput: 'Show Build Output',
  showProblems: 'Show Problems',
  showOutput: 'Show Output',
  configureBuildTask: 'Configure Build Task',
  openSettings: 'Open Settings',
  showSystemExtensions: 'Show System Extensions',
  showMatchingStatus: 'Show Matching Status',
  diagnoseActivation: 'Diagnose Activation',
};

export function buildFailed(taskName: string, exitCode: number | undefined): StepFailure {
  const how = exitCode === undefined ? 'stopped without an exit code' : `exited with code ${exitCode}`;
  return { ok: false, message: `The build "${taskName}" ${how}; nothing was attached.`, actions: ['showProblems', 'showBuildOutput'] };
}

export function noBuildTask(): StepFailure {
  return {
    ok: false,
    message: 'There is no build task to run: set a default build task (a "driverkit" task runs xcodebuild or your own command), or name one in driverkit.buildAndDebug.buildTask.',
    actions: ['configureBuildTask', 'openSettings'],
  };
}

export function activationExited(command: string, exitCode: number | null, signal: string | null): StepFailure {
  const how = exitCode !== null ? `exited with code ${exitCode}` : `was stopped by ${signal ?? 'a signal'}`;
  return { ok: false, message: `The activation step (${command}) ${how} before the dext started.`, actions: ['diagnoseActivation', 'showOutput', 'openSettings'] };
}

export function activationNotStarted(command: string, reason: string): StepFailure {
  return { ok: false, message: `The activation step (${command}) could not be started: ${reason}.`, actions: ['openSettings', 'showOutput'] };
}

/**
 * The dext never appeared. `stale` is an instance that was already running before the activation
 * step and is still there: macOS keeps it when the installed version is not older than the new one.
 */
export function dextDidNotStart(dext: string, seconds: number, near: readonly string[], stale?: number): StepFailure {
  const parts = [`${dext} did not start within ${seconds} s.`];
  if (stale !== undefined) {
    parts.push(`The instance that ran before (pid ${stale}) is still running: macOS replaces an installed dext only when the new one has a higher version (CFBundleVersion).`);
  } else {
    parts.push('A dext starts when a device matches one of its personalities, after macOS has approved it.');
  }
  if (near.length > 0) parts.push(`Processes with similar names: ${near.join(', ')}.`);
  return { ok: false, message: parts.join(' '), actions: ['diagnoseActivation', 'showSystemExtensions', 'showMatchingStatus', 'showOutput'] };
}
