/**
 * Attach before the dext runs, for real: the built dist/debugAdapter.js (driven by DebugClient) starts
 * a real lldb-dap, lldb waits for the fake dext by name, and only then is the fake dext started. Its
 * fake_start() runs once a debugger is attached (the fixture's hold; unheld it runs 100 ms after
 * exec, which `npm run bench` measures); the breakpoint there must be hit, every time, with `started`
 * still 0, in the instance started after the wait, attached through lldb's own wait. No timing is
 * asserted: the test starts the dext only after the adapter says lldb waits.
 */
import assert from 'node:assert/strict';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { endAdapter } from '../../support/debugClients';
import { buildFakeDext, FAKE_DEXT_SOURCE, lldbDapPath, startFakeDext, startLine, untilExecuted } from '../../support/fakeDext';
import { descendantsOf, parsePidTable } from '../../../adapter/processTree';

const ADAPTER = resolve(__dirname, '..', '..', '..', 'dist', 'debugAdapter.js');
const LLDB_DAP = lldbDapPath();
const skip = LLDB_DAP && existsSync(ADAPTER) ? false : 'needs lldb-dap (apt-get install lldb-19) and a built adapter (npm run build)';
const BUNDLE = 'com.example.EarlyDriver';
/** How often the breakpoint 100 ms after exec is tried here (npm run bench tries 20 times). */
const RUNS = 3;

let dir: string;
let executable: string;
const clients: DebugClient[] = [];
const dexts: ChildProcess[] = [];

function client(cwd?: string): DebugClient {
  const dc = new DebugClient(process.execPath, ADAPTER, 'driverkit', { env: { ...process.env, DRIVERKIT_LLDB_DAP: LLDB_DAP ?? '' }, ...(cwd ? { cwd } : {}) });
  dc.defaultTimeout = 30_000;
  clients.push(dc);
  return dc;
}

function adapterPid(dc: DebugClient): number {
  return (dc as unknown as { _adapterProcess: ChildProcess })._adapterProcess.pid!;
}

/**
 * Starts a fake dext whose fake_start() waits for the debugger; `cwd` (the sentinel folder) is where a
 * `touch pwned` run by anything would land.
 */
function start(exe = executable, bundleId = BUNDLE, cwd?: string): ChildProcess {
  const child = startFakeDext(exe, bundleId, { holdUntilTraced: true, cwd });
  dexts.push(child);
  return child;
}

/** Every process below the adapter now (lldb-dap and its debug server). */
function processesBelow(pid: number): number[] {
  return descendantsOf(parsePidTable(execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' })), pid);
}

/** Running (a zombie nobody reaped — containers often have no init that reaps — counts as ended). */
const alive = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

before(() => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'dk-early-'));
  executable = buildFakeDext(dir, BUNDLE);
});

/** Ends what a test left running: adapters (with their lldb-dap) and fake dexts. */
afterEach(async () => {
  for (const dc of clients.splice(0)) await endAdapter(dc);
  for (const child of dexts.splice(0)) child.kill('SIGKILL');
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Waiting {
  readonly dc: DebugClient;
  readonly attached: Promise<DebugProtocol.Response>;
  readonly initialized: Promise<DebugProtocol.Event>;
  readonly waiting: DebugProtocol.Event;
}

/** initialize → attach with waitFor; resolves once the adapter says lldb waits (nothing started yet). */
async function waitingSession(args: Record<string, unknown>, dc = client()): Promise<Waiting> {
  await dc.start();
  await dc.initializeRequest({ adapterID: 'driverkit', supportsProgressReporting: true } as DebugProtocol.InitializeRequestArguments);
  const waitingEvent = dc.waitForEvent('driverkitWaiting');
  // Not waitForEvent: a test whose attach is meant to fail never sees `initialized`, and its timer would hold the run.
  const initialized = new Promise<DebugProtocol.Event>((done) => dc.once('initialized', done));
  const attached = dc.attachRequest({ logStream: false, waitFor: true, timeout: 60, ...args } as DebugProtocol.AttachRequestArguments);
  // An attach failure while waiting would otherwise go unnoticed until a timeout.
  const waiting = await Promise.race([waitingEvent, attached.then((r) => Promise.reject(new Error(`attach answered before lldb waited: ${JSON.stringify(r)}`)))]);
  return { dc, attached, initialized, waiting };
}

/** Every response the adapter sends, as it sends it (DebugClient keeps the error body to itself). */
function responsesOf(dc: DebugClient): DebugProtocol.Response[] {
  const seen: DebugProtocol.Response[] = [];
  const protocol = dc as unknown as { dispatch(body: string): void };
  const dispatch = protocol.dispatch.bind(protocol);
  protocol.dispatch = (body: string) => {
    const message = JSON.parse(body) as DebugProtocol.ProtocolMessage;
    if (message.type === 'response') seen.push(message as DebugProtocol.Response);
    dispatch(body);
  };
  return seen;
}

/** Whether VS Code is asked to show the attach's error to the user (a dialog). */
function attachErrorShown(responses: readonly DebugProtocol.Response[]): boolean | undefined {
  const attach = responses.find((r) => r.command === 'attach');
  return (attach?.body as { error?: { showUser?: boolean } } | undefined)?.error?.showUser;
}

/** After the dext started: breakpoint in fake_start → stopped there with `started` still 0 → detach. */
async function breakInStart(session: Waiting, source = FAKE_DEXT_SOURCE): Promise<{ pid: number }> {
  const { dc } = session;
  const process = dc.waitForEvent('process') as Promise<DebugProtocol.ProcessEvent>;
  await session.initialized;
  const breakpoints = await dc.setBreakpointsRequest({ source: { path: source }, breakpoints: [{ line: startLine() }] });
  assert.equal(breakpoints.body.breakpoints[0].verified, true, 'the breakpoint resolves in the image lldb attached to');
  const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await dc.configurationDoneRequest();
  await session.attached;
  const stop = await stopped;
  assert.equal(stop.body.reason, 'breakpoint');
  const stack = await dc.stackTraceRequest({ threadId: stop.body.threadId! });
  const top = stack.body.stackFrames[0];
  assert.match(top.name, /fake_start/);
  assert.equal(top.line, startLine());
  const started = await dc.evaluateRequest({ expression: 'started', frameId: top.id, context: 'watch' });
  assert.equal(started.body.result, '0', 'stopped before the line ran');
  const pid = (await process).body.systemProcessId!;
  await dc.continueRequest({ threadId: stop.body.threadId! });
  await dc.disconnectRequest({ terminateDebuggee: false });
  await dc.stop();
  return { pid };
}

test(`waitFor with "program": lldb waits, the dext starts afterwards, the breakpoint 100 ms after exec is hit (${RUNS} of ${RUNS})`, { skip }, async () => {
  for (let run = 0; run < RUNS; run++) {
    const session = await waitingSession({ dext: BUNDLE, program: join(dir, `${BUNDLE}.dext`) });
    assert.equal(session.waiting.body.early, true);
    assert.equal(session.waiting.body.exact, true, 'lldb-server said its wait had begun');
    const dext = start();
    const { pid } = await breakInStart(session);
    assert.equal(pid, dext.pid);
    assert.ok(alive(dext.pid!), 'the dext runs on after the detach');
    dext.kill('SIGKILL');
  }
});

test('the Debug Console says lldb waits and that it attached before init and Start', { skip }, async () => {
  const dc = client();
  const said: string[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => said.push(e.body.output));
  const session = await waitingSession({ dext: BUNDLE, program: executable }, dc);
  const dext = start();
  await breakInStart(session);
  const text = said.join('');
  assert.match(text, /lldb is waiting for com\.example\.EarlyDriver .*before init and Start run/);
  assert.match(text, new RegExp(`Attached to com\\.example\\.EarlyDriver \\(pid ${dext.pid}\\) as it started`));
});

test('ignoreRunning: a stale instance runs; the session passes over it and stops in the new one', { skip }, async () => {
  // Held before its fake_start too: were lldb to attach to it, the stop would name its pid.
  const stale = start();
  await untilExecuted(stale, executable);
  const session = await waitingSession({ dext: BUNDLE, program: executable, ignoreRunning: true });
  const fresh = start();
  const { pid } = await breakInStart(session);
  assert.equal(pid, fresh.pid, 'lldb attached to the instance started after the wait began');
  assert.notEqual(pid, stale.pid);
});

test('without ignoreRunning a running instance is attached at once, the ordinary way', { skip }, async () => {
  const running = start();
  await untilExecuted(running, executable);
  const dc = client();
  await dc.start();
  await dc.initializeRequest();
  const initialized = dc.waitForEvent('initialized');
  const attached = dc.attachRequest({ dext: BUNDLE, program: executable, waitFor: true, logStream: false } as DebugProtocol.AttachRequestArguments);
  await initialized;
  await dc.configurationDoneRequest();
  await attached;
  const threads = await dc.threadsRequest();
  assert.equal(threads.body.threads[0].id, running.pid);
  await dc.disconnectRequest({ terminateDebuggee: false });
  await dc.stop();
});

test('no copy of the dext on disk (Linux, no "program"): a plain message, then the wait with ps still attaches', { skip }, async () => {
  const dc = client();
  const said: string[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => said.push(e.body.output));
  const session = await waitingSession({ dext: BUNDLE }, dc);
  assert.equal(session.waiting.body.early, false);
  assert.match(said.join(''), /Waiting for com\.example\.EarlyDriver with ps: .*lldb cannot wait for it itself: lldb needs a copy of com\.example\.EarlyDriver on disk.*set "program"/);
  start();
  await session.initialized;
  await dc.configurationDoneRequest();
  await session.attached;
  await dc.disconnectRequest({ terminateDebuggee: false });
  await dc.stop();
});

test('a "program" that does not exist: the message says why, and the wait goes on with ps', { skip }, async () => {
  const dc = client();
  const said: string[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => said.push(e.body.output));
  const session = await waitingSession({ dext: BUNDLE, program: join(dir, 'nowhere.dext'), timeout: 60 }, dc);
  assert.equal(session.waiting.body.early, false);
  assert.match(said.join(''), /"program" cannot be used: .*nowhere\.dext does not exist/);
  await dc.disconnectRequest({});
  await assert.rejects(session.attached, /Stopped waiting for com\.example\.EarlyDriver/);
  await dc.stop();
});

test('timeout while lldb waits: the attach fails in plain words, and lldb-dap and its debug server are gone', { skip }, async () => {
  const dc = client();
  const responses = responsesOf(dc);
  const session = await waitingSession({ dext: BUNDLE, program: executable, timeout: 2 }, dc);
  const below = processesBelow(adapterPid(session.dc));
  assert.ok(below.length >= 2, `lldb-dap and its debug server run below the adapter (${below.join(', ')})`);
  await assert.rejects(session.attached, /com\.example\.EarlyDriver did not start within 2 s\. A dext starts when a device matching its personality appears/);
  assert.equal(attachErrorShown(responses), true, 'a timeout is news: VS Code shows it');
  for (const pid of below) assert.equal(alive(pid), false, `pid ${pid} (lldb-dap or lldb-server) ended`);
  // Nothing waits any more: a dext started now runs untouched.
  const dext = start();
  await new Promise((r) => setTimeout(r, 500));
  assert.match(readFileSync(`/proc/${dext.pid}/status`, 'utf8'), /TracerPid:\s*0\b/, 'no debugger attached to it');
  await session.dc.stop();
});

test('disconnect while lldb waits: the session ends at once and leaves no debug server waiting', { skip }, async () => {
  const dc = client();
  const responses = responsesOf(dc);
  const session = await waitingSession({ dext: BUNDLE, program: executable }, dc);
  const below = processesBelow(adapterPid(session.dc));
  await session.dc.disconnectRequest({});
  await assert.rejects(session.attached, /Stopped waiting for com\.example\.EarlyDriver/);
  assert.equal(attachErrorShown(responses), false, 'an end someone chose gets no error dialog');
  for (const pid of below) assert.equal(alive(pid), false, `pid ${pid} ended`);
  await session.dc.stop();
});

// Names that would run something if they ever reached a shell (`$(…)`, `;`) or lldb command text
// (backticks are evaluated by lldb's command interpreter; a newline starts a new command).
const HOSTILE = ['com.example.Evil$(touch pwned);x', 'com.example.Evil`platform shell touch pwned`', 'com.example.Evil\nplatform shell touch pwned\n'];

for (const name of HOSTILE) {
  test(`a dext called ${JSON.stringify(name)}: lldb waits for it by that exact name, stops in it, and nothing runs`, { skip }, async () => {
    const sentinel = mkdtempSync(join(tmpdir(), 'dk-early-sentinel-'));
    try {
      const exe = buildFakeDext(sentinel, name);
      const session = await waitingSession({ dext: name, program: exe }, client(sentinel));
      assert.equal(session.waiting.body.early, true);
      const dext = start(exe, name, sentinel);
      const { pid } = await breakInStart(session);
      assert.equal(pid, dext.pid);
      assert.deepEqual(readdirSync(sentinel).filter((f) => f === 'pwned'), [], 'nothing ran `touch pwned`');
    } finally {
      rmSync(sentinel, { recursive: true, force: true });
    }
  });
}

test('lldb-dap cannot wait (here: "program" is no executable): a plain message, a fresh lldb-dap, and the wait with ps attaches', { skip }, async () => {
  const bogus = join(dir, 'bogus', `${BUNDLE}.dext`);
  mkdirSync(bogus, { recursive: true });
  writeFileSync(join(bogus, BUNDLE), 'not an executable\n');
  const dc = client();
  const said: string[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => said.push(e.body.output));
  await dc.start();
  await dc.initializeRequest();
  const initialized = dc.waitForEvent('initialized');
  const waitingWithPs = new Promise<DebugProtocol.Event>((done) => dc.on('driverkitWaiting', (e: DebugProtocol.Event) => e.body.early === false && done(e)));
  const attached = dc.attachRequest({ dext: BUNDLE, program: bogus, waitFor: true, logStream: false } as DebugProtocol.AttachRequestArguments);
  await waitingWithPs;
  assert.match(said.join(''), /lldb could not attach to com\.example\.EarlyDriver as it started: .*\nFalling back to ps/);
  const dext = start();
  await initialized;
  await dc.configurationDoneRequest();
  await attached;
  const threads = await dc.threadsRequest();
  assert.equal(threads.body.threads[0].id, dext.pid);
  await dc.disconnectRequest({ terminateDebuggee: false });
  await dc.stop();
});

test('while lldb waits, the kernel\'s and sysextd\'s lines about the dext reach the Debug Console, with what they mean', { skip }, async () => {
  const line = JSON.stringify({ timestamp: '2026-11-21 23:40:01.123456-0800', messageType: 'Error', eventMessage: 'DK: EarlyDriver-0x100000a2b::start(IOUSBHostInterface-0x100000a20) failed: 0xe00002c7', processImagePath: '/kernel', senderImagePath: '/kernel', processID: 0 });
  const sysextd = JSON.stringify({ timestamp: '2026-11-21 23:40:02.000001-0800', messageType: 'Default', eventMessage: `${BUNDLE}: extension failed to validate! uninstalling...`, processImagePath: '/usr/libexec/sysextd', senderImagePath: '/usr/libexec/sysextd', processID: 412 });
  const logCommand = [process.execPath, '-e', `console.log(${JSON.stringify(line)}); console.log(${JSON.stringify(sysextd)}); setInterval(() => {}, 1000);`];
  const dc = client();
  const logged = new Promise<string>((done) => {
    let text = '';
    dc.on('output', (e: DebugProtocol.OutputEvent) => {
      text += e.body.output;
      if ((text.match(/↳/g) ?? []).length >= 2) done(text);
    });
  });
  const session = await waitingSession({ dext: BUNDLE, program: executable, logStream: true, logCommand }, dc);
  const text = await logged;
  assert.match(text, /\[Error\] kernel: DK: EarlyDriver-0x100000a2b::start\(IOUSBHostInterface-0x100000a20\) failed: 0xe00002c7/);
  assert.match(text, /↳ EarlyDriver \(registry id 0x100000a2b\) refused to start: .*The error is kIOReturnUnsupported: the operation is not supported here/);
  assert.match(text, /sysextd: com\.example\.EarlyDriver: extension failed to validate! uninstalling\.\.\.\n\s+↳ The dext did not pass macOS's checks/);
  await dc.disconnectRequest({});
  await assert.rejects(session.attached, /Stopped waiting/);
  await dc.stop();
});
