/**
 * Build and Debug attaches early: the debug session starts before the activation step, waiting for
 * the *next* start of the dext (`waitFor` with `ignoreRunning`: the instance of the old build that
 * may still run is passed over). The adapter has lldb wait for the process by name, so lldb is
 * attached before the new dext's init and Start run. `start` returns once the adapter says it waits
 * (its `driverkitWaiting` event); `wait`, after the activation step, until the session attached.
 */
import * as vscode from 'vscode';
import type { ActivationProcess } from './activation';
import { awaitAttach } from './attachWatch';
import type { Step, StepResult } from './flow';

export interface EarlyAttachOptions {
  readonly folder: vscode.WorkspaceFolder;
  readonly dext: string;
  readonly configuration: vscode.DebugConfiguration;
  readonly token: vscode.CancellationToken;
  readonly activation: () => { readonly process: ActivationProcess; readonly label: string } | undefined;
}

export function earlyAttachSteps(options: EarlyAttachOptions): { readonly start: Step; readonly wait: Step } {
  const marker = `build-and-debug-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;
  let attached: PromiseLike<boolean> = Promise.resolve(false);
  let session: vscode.DebugSession | undefined;
  const start: Step = {
    id: 'attach',
    title: `Starting the debugger for ${options.dext}`,
    run: async (): Promise<StepResult> => {
      let subscription: vscode.Disposable | undefined;
      const waiting = new Promise<{ early?: boolean }>((resolve) => {
        subscription = vscode.debug.onDidReceiveDebugSessionCustomEvent((event) => {
          if (event.event !== 'driverkitWaiting' || event.session.configuration.buildAndDebug !== marker) return;
          session = event.session;
          resolve((event.body ?? {}) as { early?: boolean });
        });
      });
      attached = vscode.debug.startDebugging(options.folder, { ...options.configuration, buildAndDebug: marker });
      const first = await Promise.race([waiting, Promise.resolve(attached).then((ok) => ({ settled: ok }))]);
      subscription?.dispose();
      if ('settled' in first) {
        return first.settled ? { ok: true } : { ok: false, message: `The debugger could not start waiting for ${options.dext}; the error shown says why.`, actions: ['showOutput'] };
      }
      return { ok: true, note: first.early ? `lldb waits for ${options.dext} and attaches before its init and Start run.` : `The debugger waits for ${options.dext} with ps: it attaches after the dext has started (the Debug Console says why).` };
    },
  };
  const wait: Step = {
    id: 'wait',
    title: `Waiting for ${options.dext}`,
    run: async (): Promise<StepResult> => {
      const result = await awaitAttach({
        attached,
        dext: options.dext,
        cancelled: () => options.token.isCancellationRequested,
        activation: options.activation,
        stop: () => (session ? vscode.debug.stopDebugging(session) : Promise.resolve()),
      });
      return result.ok === 'cancelled' ? { ok: true } : result;
    },
  };
  return { start, wait };
}
