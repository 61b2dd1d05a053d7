/**
 * Build and Debug's last step: the debug session was started before the activation step (lldb waits
 * for the dext), and this waits for it to attach — or ends it when the activation step fails or the
 * user cancels, so lldb does not go on waiting for a dext that will not come. The session's own
 * timeout (the configuration's `timeout`) ends a wait that lasts too long. Free of `vscode`.
 */
import type { ActivationProcess } from './activation';
import { activationExited, type StepResult } from './flow';

export interface AttachWatch {
  /** Settles when the session attached (true) or failed to (false). */
  readonly attached: PromiseLike<boolean>;
  readonly dext: string;
  readonly cancelled: () => boolean;
  readonly activation?: () => { readonly process: ActivationProcess; readonly label: string } | undefined;
  /** Ends the waiting session. */
  readonly stop: () => PromiseLike<unknown>;
}

const LOOK_EVERY_MS = 250;

export async function awaitAttach(watch: AttachWatch): Promise<StepResult | { readonly ok: 'cancelled' }> {
  let settled: boolean | undefined;
  void Promise.resolve(watch.attached).then(
    (ok) => (settled = ok),
    () => (settled = false),
  );
  for (;;) {
    if (settled !== undefined) {
      // The wait ended without the dext: what the system said about its activation usually says why.
      return settled ? { ok: true } : { ok: false, message: `The debugger did not attach to ${watch.dext}; the Debug Console and the error shown say why.`, actions: ['diagnoseActivation', 'showOutput'] };
    }
    if (watch.cancelled()) {
      await watch.stop();
      return { ok: 'cancelled' };
    }
    const activation = watch.activation?.();
    const ended = activation?.process.ended;
    if (activation && ended && ended.code !== 0) {
      await watch.stop();
      return activationExited(activation.label, ended.code, ended.signal);
    }
    await new Promise((resolve) => setTimeout(resolve, LOOK_EVERY_MS));
  }
}
