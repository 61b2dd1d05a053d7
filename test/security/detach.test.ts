/**
 * The adapter never kills a dext it did not start unless asked: a real lldb-dap attached to a real
 * fake dext, ended every way a session ends. Asked means `terminateDebuggee: true`, in the disconnect
 * request or in the launch configuration (an explicit value in the disconnect wins). Already proven in
 * test/debug/adapter.test.ts, and not repeated here: an explicit `terminateDebuggee: false` detach
 * (every attachAndBreak) and lldb-dap killed mid-session.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, afterEach, test } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { attach, ends, Lab, runsFree, SESSION_TIMEOUT_MS, skip } from './session';
import { Sentinel } from './support';

const folder = new Sentinel();
const lab = new Lab(folder.dir);
afterEach(() => lab.end());
after(() => folder.remove());

const options = { skip, timeout: SESSION_TIMEOUT_MS };

async function attached(config: Record<string, unknown> = {}): Promise<{ dc: DebugClient; dext: ChildProcess }> {
  const dext = await lab.dext();
  const dc = lab.client();
  await attach(dc, { pid: dext.pid, ...config });
  return { dc, dext };
}

function adapterOf(dc: DebugClient): ChildProcess {
  // DebugClient keeps its adapter process private; ending it the way VS Code's exit would needs it.
  return (dc as unknown as { _adapterProcess: ChildProcess })._adapterProcess;
}

test('disconnect without arguments (the default): the dext is detached and keeps running', options, async () => {
  const { dc, dext } = await attached();
  await dc.disconnectRequest();
  await dc.stop();
  await runsFree(dext.pid!);
  await new Promise((r) => setTimeout(r, 500));
  await runsFree(dext.pid!);
  assert.equal(dext.exitCode, null);
  assert.equal(dext.signalCode, null);
});

test('disconnect with terminateDebuggee: true kills the dext', options, async () => {
  const { dc, dext } = await attached();
  await dc.disconnectRequest({ terminateDebuggee: true });
  await dc.stop();
  const ended = await ends(dext);
  assert.equal(ended.signal, 'SIGKILL', 'lldb kills the debuggee');
});

test('terminateDebuggee: true in the launch configuration is the default of a plain disconnect', options, async () => {
  const { dc, dext } = await attached({ terminateDebuggee: true });
  await dc.disconnectRequest();
  await dc.stop();
  assert.equal((await ends(dext)).signal, 'SIGKILL');
});

test('an explicit terminateDebuggee: false in the disconnect wins over the configuration', options, async () => {
  const { dc, dext } = await attached({ terminateDebuggee: true });
  await dc.disconnectRequest({ terminateDebuggee: false });
  await dc.stop();
  await runsFree(dext.pid!);
  assert.equal(dext.exitCode, null);
});

test('a second disconnect after the first is answered and kills nothing', options, async () => {
  const { dc, dext } = await attached();
  await dc.disconnectRequest();
  await dc.disconnectRequest({ terminateDebuggee: true }).catch(() => undefined);
  await dc.stop();
  await runsFree(dext.pid!);
});

test('the adapter killed mid-session (VS Code gone): the dext is left running, not stopped', options, async () => {
  const { dc, dext } = await attached();
  adapterOf(dc).kill('SIGKILL');
  await runsFree(dext.pid!, 10_000);
  assert.equal(dext.exitCode, null);
});

test('the adapter\'s input closed mid-session without a disconnect: the dext is left running', options, async () => {
  const { dc, dext } = await attached();
  adapterOf(dc).stdin!.end();
  await runsFree(dext.pid!, 10_000);
  assert.equal(dext.exitCode, null);
});
