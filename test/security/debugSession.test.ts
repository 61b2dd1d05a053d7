/**
 * The debug adapter with hostile dext names, END TO END with a real lldb-dap attached to a real
 * process. The adapter attaches by pid and never writes lldb command text, so a name cannot become
 * an lldb command (`platform shell`, `script`): a recording lldb-dap proves the name is not even
 * sent to it, and the sentinel that an executed payload would create never appears. The name does
 * reach `log` (a recording stand-in on PATH), only inside NSPredicate string literals.
 */
import assert from 'node:assert/strict';
import { after, afterEach, test } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { hostileValues, predicateValueOf, processNames, readDextPredicate, Recorders, Sentinel } from './support';
import { attach, eventually, Lab, LLDB_DAP, runsFree, SESSION_TIMEOUT_MS, skip } from './session';

const sentinel = new Sentinel();
const recorders = new Recorders();
const lab = new Lab(sentinel.dir);
afterEach(() => lab.end());
after(() => {
  sentinel.remove();
  recorders.remove();
});

/** Attaches through the recording lldb-dap with `log` recorded, detaches; returns what lldb-dap and log were given. */
async function session(args: Record<string, unknown>): Promise<{ toLldb: string; log: string[] | undefined }> {
  const tee = recorders.teeLldbDap(LLDB_DAP!);
  recorders.lingering('log');
  const logCalls = recorders.calls('log').length;
  const dc = lab.client({ DRIVERKIT_LLDB_DAP: tee, PATH: recorders.path() });
  await attach(dc, { logStream: true, ...args });
  const log = await eventually(() => recorders.calls('log')[logCalls]);
  await dc.disconnectRequest({ terminateDebuggee: false });
  await dc.stop();
  const toLldb = recorders.stdinOf();
  return { toLldb, log };
}

test('control: a `platform shell` that does reach lldb as command text runs, and the sentinel shows it', { skip, timeout: SESSION_TIMEOUT_MS }, async () => {
  const control = new Sentinel();
  try {
    const dext = await lab.dext();
    const dc = lab.client();
    await attach(dc, { pid: dext.pid, initCommands: [`platform shell touch ${control.path}`] });
    await dc.disconnectRequest({ terminateDebuggee: false });
    await dc.stop();
    assert.ok(control.fired(), 'lldb ran the command: this is what a leaked name would look like');
  } finally {
    control.remove();
  }
});

const PID_NAMES = [...hostileValues(sentinel.path).map((h) => h.value), `com.example.X\u0000\nscript import os; os.system("touch ${sentinel.path}")`];

for (const name of PID_NAMES) {
  test(`attach by pid with dext ${JSON.stringify(name.slice(0, 50))}: nothing of it reaches lldb-dap; log gets it as a literal`, { skip, timeout: SESSION_TIMEOUT_MS }, async () => {
    const dext = await lab.dext();
    const { toLldb, log } = await session({ pid: String(dext.pid), dext: name });
    assert.match(toLldb, /"command":"attach"/, 'the recording saw the attach');
    assert.match(toLldb, new RegExp(`"pid":${dext.pid}\\b`));
    assert.ok(!toLldb.includes('pwned') && !toLldb.includes('com.example.X'), 'the dext name is never sent to lldb-dap');
    assert.ok(log, 'log was started');
    const at = log.indexOf('--predicate');
    assert.deepEqual(log.slice(0, at), ['stream', '--style', 'ndjson', '--level', 'debug']);
    assert.equal(at, log.length - 2);
    const read = readDextPredicate(log[at + 1]);
    assert.equal(read.sender, predicateValueOf(name));
    await runsFree(dext.pid!);
    assert.ok(!sentinel.fired());
  });
}

for (const name of processNames('com.example.SecuritySession')) {
  test(`attach by name to a process called ${name}: found with ps, attached by pid, nothing runs`, { skip, timeout: SESSION_TIMEOUT_MS }, async () => {
    const dext = await lab.dext(name, name);
    const { toLldb, log } = await session({ dext: name });
    assert.match(toLldb, new RegExp(`"pid":${dext.pid}\\b`), 'ps found it and lldb-dap attached by pid');
    assert.ok(!toLldb.includes('pwned'), 'the name is never sent to lldb-dap');
    assert.ok(log);
    assert.equal(readDextPredicate(log.at(-1)!).sender, name, 'the predicate names the process as ps showed it');
    await runsFree(dext.pid!);
    assert.ok(!sentinel.fired(), 'no payload ran in the adapter, lldb-dap or log (all started in the sentinel folder)');
  });
}

test('a name too long for one argument (Linux: 128 KiB): log is not started, and the Debug Console says why', { skip, timeout: SESSION_TIMEOUT_MS }, async () => {
  const dext = await lab.dext();
  recorders.lingering('log');
  const dc = lab.client({ PATH: recorders.path() });
  const said = new Promise<string>((done) => dc.on('output', (e: DebugProtocol.OutputEvent) => /could not be streamed/.test(e.body.output) && done(e.body.output)));
  await attach(dc, { pid: dext.pid, dext: `${'A'.repeat(100 * 1024)}$(touch ${sentinel.path})`, logStream: true });
  assert.match(await said, /E2BIG/);
  await dc.disconnectRequest({ terminateDebuggee: false });
  await dc.stop();
  await runsFree(dext.pid!);
  assert.ok(!sentinel.fired());
});

test('runAsRoot starts `sudo -n -- <lldb-dap>`: the path can never be read as a sudo option', { skip, timeout: SESSION_TIMEOUT_MS }, async () => {
  recorders.sudo();
  const dext = await lab.dext();
  const dc = lab.client({ DRIVERKIT_RUN_AS_ROOT: '1', PATH: recorders.path() });
  await attach(dc, { pid: dext.pid });
  await dc.disconnectRequest({ terminateDebuggee: false });
  await dc.stop();
  assert.deepEqual(recorders.calls('sudo'), [['-n', '--', LLDB_DAP]]);
  await runsFree(dext.pid!);
});

test('a NUL byte in logCommand: a clear message in the Debug Console, nothing started, the session goes on', { skip, timeout: SESSION_TIMEOUT_MS }, async () => {
  const program = recorders.quick('log-nul');
  const dext = await lab.dext();
  for (const logCommand of [[program, 'a\u0000b'], ['lo\u0000g']]) {
    const dc = lab.client();
    const said = new Promise<string>((done) => dc.on('output', (e: DebugProtocol.OutputEvent) => /could not be streamed/.test(e.body.output) && done(e.body.output)));
    await attach(dc, { pid: dext.pid, logStream: true, logCommand });
    assert.match(await said, /null bytes/);
    const threads = await dc.threadsRequest();
    assert.ok(threads.body.threads.length > 0, 'still attached');
    await dc.disconnectRequest({ terminateDebuggee: false });
    await dc.stop();
  }
  assert.deepEqual(recorders.calls('log-nul'), []);
  await runsFree(dext.pid!);
});

test('a cancel for an lldb-dap request never ends lldb-dap (lldb-dap 19 aborts on requests it does not know)', { skip, timeout: SESSION_TIMEOUT_MS }, async () => {
  const dext = await lab.dext();
  const dc = lab.client();
  let terminated = false;
  dc.on('terminated', () => (terminated = true));
  await attach(dc, { pid: dext.pid });
  const threads = dc.threadsRequest();
  const cancel = await dc.customRequest('cancel', { requestId: 1 });
  assert.equal(cancel.success, true);
  assert.ok((await threads).body.threads.length > 0);
  await new Promise((r) => setTimeout(r, 500));
  const again = await dc.threadsRequest();
  assert.ok(again.body.threads.length > 0, 'lldb-dap still answers');
  assert.equal(terminated, false);
  await dc.disconnectRequest({ terminateDebuggee: false });
  await dc.stop();
  await runsFree(dext.pid!);
});
