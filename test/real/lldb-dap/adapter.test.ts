/**
 * The built dist/debugAdapter.js driven by @vscode/debugadapter-testsupport's DebugClient, attaching
 * a REAL lldb-dap to a REAL process: a fake dext compiled with gcc into a .dext bundle.
 */
import assert from 'node:assert/strict';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { endAdapter } from '../../support/debugClients';
import { breakLine, buildFakeDext, FAKE_DEXT_SOURCE, lldbDapPath, startFakeDext, untilExecuted } from '../../support/fakeDext';

const ADAPTER = resolve(__dirname, '..', '..', '..', 'dist', 'debugAdapter.js');
const LLDB_DAP = lldbDapPath();
const skip = LLDB_DAP ? false : 'lldb-dap is not installed (npm test installs lldb-19 as root on Debian; see README)';
let dir: string;
let executable: string;
const running: ChildProcess[] = [];

const clients: DebugClient[] = [];

function client(env: Record<string, string> = {}): DebugClient {
  const dc = new DebugClient(process.execPath, ADAPTER, 'driverkit', { env: { ...process.env, DRIVERKIT_LLDB_DAP: LLDB_DAP ?? '', ...env } });
  dc.defaultTimeout = 20_000;
  clients.push(dc);
  return dc;
}

/** A failed test may leave its adapter (and lldb-dap) running; end them so the run cannot hang. */
async function endClients(): Promise<void> {
  for (const dc of clients.splice(0)) await endAdapter(dc);
}

function start(name = 'com.example.FakeDriver', exe = executable): ChildProcess {
  const child = startFakeDext(exe, name);
  running.push(child);
  return child;
}

/** Starts a fake dext and resolves once ps can find it by name. */
async function started(name = 'com.example.FakeDriver', exe = executable): Promise<ChildProcess> {
  const child = start(name, exe);
  await untilExecuted(child, exe);
  return child;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

before(() => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'dk-debug-'));
  executable = buildFakeDext(dir);
});

afterEach(endClients);

after(async () => {
  await endClients();
  for (const child of running) child.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Attaches, stops at the breakpoint in tick(), checks the stack and a variable, continues and detaches. */
async function attachAndBreak(dc: DebugClient, args: Record<string, unknown>): Promise<void> {
  await dc.start();
  await dc.initializeRequest({ adapterID: 'driverkit', supportsProgressReporting: true } as DebugProtocol.InitializeRequestArguments);
  const initialized = dc.waitForEvent('initialized');
  const attached = dc.attachRequest({ logStream: false, ...args } as DebugProtocol.AttachRequestArguments);
  await initialized;
  const line = breakLine();
  const breakpoints = await dc.setBreakpointsRequest({ source: { path: FAKE_DEXT_SOURCE }, breakpoints: [{ line }] });
  assert.equal(breakpoints.body.breakpoints.length, 1);
  await dc.configurationDoneRequest();
  // Listened for before the attach answer is awaited: on a busy machine the breakpoint can be hit,
  // and its one 'stopped' sent, before that answer is handled.
  const stopping = dc.waitForEvent('stopped');
  await attached;
  const stopped = (await stopping) as DebugProtocol.StoppedEvent;
  const threadId = stopped.body.threadId!;
  const stack = await dc.stackTraceRequest({ threadId });
  const top = stack.body.stackFrames[0];
  assert.match(top.name, /tick/);
  assert.equal(top.line, line);
  const value = await dc.evaluateRequest({ expression: 'counter', frameId: top.id, context: 'watch' });
  assert.match(value.body.result, /^\d+$/);
  await dc.continueRequest({ threadId });
  await dc.disconnectRequest({ terminateDebuggee: false });
  await dc.stop();
}

test('attach by bundle id: breakpoint, stack, variable, continue, detach — the dext keeps running', { skip }, async () => {
  const dext = await started();
  await attachAndBreak(client(), { dext: 'com.example.FakeDriver' });
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(alive(dext.pid!), 'the dext is still running after the detach');
  dext.kill('SIGKILL');
});

test('attach by executable name found inside its .dext bundle', { skip }, async () => {
  const other = join(dir, 'second');
  const exe = buildFakeDext(other, 'com.example.SecondDriver');
  const dext = await started('com.example.SecondDriver', exe);
  await attachAndBreak(client(), { dext: 'com.example.SecondDriver' });
  dext.kill('SIGKILL');
});

test('waitFor: attach to a dext that starts after the request', { skip }, async () => {
  const dc = client();
  const later = setTimeout(() => start(), 1500);
  try {
    await attachAndBreak(dc, { dext: 'com.example.FakeDriver', waitFor: true, timeout: 20 });
  } finally {
    clearTimeout(later);
    for (const child of running) child.kill('SIGKILL');
  }
});

test('two instances: a clear error that lists both, and "pid" chooses one', { skip }, async () => {
  const first = await started();
  const second = await started();
  const dc = client();
  await dc.start();
  await dc.initializeRequest();
  await assert.rejects(dc.attachRequest({ dext: 'com.example.FakeDriver', logStream: false } as DebugProtocol.AttachRequestArguments), (error: Error) => {
    assert.match(error.message, /2 instances of com\.example\.FakeDriver are running/);
    assert.match(error.message, new RegExp(`pid ${first.pid}`));
    assert.match(error.message, new RegExp(`pid ${second.pid}`));
    return true;
  });
  await dc.stop();
  await attachAndBreak(client(), { pid: String(second.pid) });
  first.kill('SIGKILL');
  second.kill('SIGKILL');
});

test('a wrong name: a plain-words error naming what looked close', { skip }, async () => {
  const dext = await started();
  const dc = client();
  await dc.start();
  await dc.initializeRequest();
  await assert.rejects(dc.attachRequest({ dext: 'com.example.FakeDrivr', logStream: false } as DebugProtocol.AttachRequestArguments), (error: Error) => {
    assert.match(error.message, /com\.example\.FakeDrivr is not running/);
    assert.match(error.message, /com\.example\.FakeDriver\.dext/);
    return true;
  });
  await dc.stop();
  dext.kill('SIGKILL');
});

test('no lldb-dap: initialize fails and says what was tried', async () => {
  const dc = new DebugClient(process.execPath, ADAPTER, 'driverkit', { env: { ...process.env, DRIVERKIT_LLDB_DAP: '/nonexistent/lldb-dap' } });
  await dc.start();
  await assert.rejects(dc.initializeRequest(), /lldb-dap was not found\. Tried: lldbDapPath "\/nonexistent\/lldb-dap"/);
  await dc.stop();
});

test('the dext log stream reaches the Debug Console (the log command is configurable)', { skip }, async () => {
  const dext = await started();
  const recorded = JSON.stringify({ timestamp: '2026-11-21 23:40:01.123456-0800', messageType: 'Error', eventMessage: 'FakeDriver: pipe stalled', processImagePath: '/kernel', senderImagePath: '/Library/SystemExtensions/X/com.example.FakeDriver.dext/com.example.FakeDriver', processID: 0 });
  const logCommand = [process.execPath, '-e', `console.log('Filtering the log data using "x"'); console.log(${JSON.stringify(recorded)}); setInterval(() => {}, 1000);`];
  const dc = client();
  await dc.start();
  await dc.initializeRequest();
  const output = dc.waitForEvent('output'); // "Attached to ..."
  const logged = new Promise<string>((resolveLine) => {
    dc.on('output', (event: DebugProtocol.OutputEvent) => {
      if (event.body.output.includes('pipe stalled')) resolveLine(event.body.output);
    });
  });
  const initialized = dc.waitForEvent('initialized');
  const attached = dc.attachRequest({ dext: 'com.example.FakeDriver', logStream: true, logCommand } as DebugProtocol.AttachRequestArguments);
  await initialized;
  await dc.configurationDoneRequest();
  await attached;
  await output;
  assert.match(await logged, /\[Error\].*pipe stalled/);
  await dc.disconnectRequest({ terminateDebuggee: false });
  await dc.stop();
  dext.kill('SIGKILL');
});

test('lldb-dap killed mid-session: the session ends with a message that says so, and the dext lives on', { skip }, async () => {
  const dext = await started();
  const dc = client();
  await dc.start();
  await dc.initializeRequest();
  const initialized = dc.waitForEvent('initialized');
  const attached = dc.attachRequest({ dext: 'com.example.FakeDriver', logStream: false } as DebugProtocol.AttachRequestArguments);
  await initialized;
  await dc.configurationDoneRequest();
  await attached;
  const said = new Promise<string>((resolveText) => {
    dc.on('output', (event: DebugProtocol.OutputEvent) => {
      if (/lldb-dap/.test(event.body.output)) resolveText(event.body.output);
    });
  });
  const terminated = dc.waitForEvent('terminated');
  // The adapter's own child is lldb-dap: kill it the way a crash would.
  const adapter = (dc as unknown as { _adapterProcess: ChildProcess })._adapterProcess;
  const lldb = execFileSync('pgrep', ['-P', String(adapter.pid)], { encoding: 'utf8' }).trim().split('\n').map(Number).filter(Boolean);
  assert.equal(lldb.length, 1, 'the adapter runs one lldb-dap');
  process.kill(lldb[0], 'SIGKILL');
  await terminated;
  assert.match(await said, /lldb-dap exited \(SIGKILL\) during the session/);
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(alive(dext.pid!), 'the dext outlives its debugger');
  await dc.stop();
  dext.kill('SIGKILL');
});
