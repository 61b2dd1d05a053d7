/**
 * Ends the adapter process a DebugClient started, for tests that may leave one running. SIGTERM
 * first, so the adapter ends its lldb-dap (a SIGKILLed adapter leaves lldb-dap behind, and lldb-dap
 * 19 does not always exit when its input closes); SIGKILL if it has not gone 10 s later.
 */
import type { ChildProcess } from 'node:child_process';
import type { DebugClient } from '@vscode/debugadapter-testsupport';

export async function endAdapter(dc: DebugClient): Promise<void> {
  // DebugClient keeps its adapter process private; reaching it is the only way to be sure it ends.
  const adapter = (dc as unknown as { _adapterProcess?: ChildProcess })._adapterProcess;
  if (!adapter || adapter.exitCode !== null || adapter.signalCode !== null) return;
  const exited = new Promise((done) => adapter.once('exit', done));
  adapter.kill('SIGTERM');
  const forced = setTimeout(() => adapter.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(forced);
}
