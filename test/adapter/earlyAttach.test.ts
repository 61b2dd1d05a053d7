/** When the session can attach before the dext runs, and what lldb-dap is sent: pure decisions and parsers. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readServerLog } from '../../adapter/debugServerLog';
import { dextLogNames, logStreamCommand } from '../../adapter/dextLogStream';
import { lldbAttachArguments, NO_ROOT_ON_MACOS, planWait, type PlanContext } from '../../adapter/earlyAttach';
import { logStreamArgs } from '../../core/tools/unifiedLog';
import { descendantsOf, parsePidTable } from '../../adapter/processTree';
import type { LocatedDext } from '../../core/dext/locate';

const dir = mkdtempSync(join(tmpdir(), 'dk-plan-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A .dext bundle with an executable and an XML Info.plist naming it and its personalities' classes. */
function bundle(name: string, executable = name, classes: string[] = []): string {
  const path = join(dir, `${name}.dext`);
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, executable), '\x7fELF');
  const personalities = classes.map((c, i) => `<key>P${i}</key><dict><key>IOUserClass</key><string>${c}</string></dict>`).join('');
  writeFileSync(
    join(path, 'Info.plist'),
    `<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict><key>CFBundleIdentifier</key><string>${name}</string><key>CFBundleExecutable</key><string>${executable}</string><key>IOKitPersonalities</key><dict>${personalities}</dict></dict></plist>`,
  );
  return path;
}

const context = (over: Partial<PlanContext> = {}): PlanContext => ({ platform: 'linux', isRoot: true, runAsRoot: false, locate: async () => [], ...over });

test('"program" naming a .dext bundle: lldb gets the executable its Info.plist names', async () => {
  const path = bundle('com.example.Plan', 'PlanDriver');
  assert.deepEqual(await planWait({ program: path }, 'com.example.Plan', context()), { early: true, program: join(path, 'PlanDriver'), from: '"program"' });
});

test('"program" naming the executable itself is used as it is', async () => {
  const path = join(bundle('com.example.PlanExe'), 'com.example.PlanExe');
  const plan = await planWait({ program: path }, 'com.example.PlanExe', context());
  assert.equal(plan.early && plan.program, path);
});

test('a missing "program" or a bundle without its executable: ps, and the reason names the path', async () => {
  const plan = await planWait({ program: join(dir, 'gone.dext') }, 'x', context());
  assert.equal(plan.early, false);
  assert.match(!plan.early ? plan.reason : '', /"program" cannot be used: .*gone\.dext does not exist/);
  const empty = join(dir, 'com.example.Empty.dext');
  mkdirSync(empty, { recursive: true });
  const second = await planWait({ program: empty }, 'x', context());
  assert.match(!second.early ? second.reason : '', /has no executable com\.example\.Empty/);
});

test('no "program": the newest copy found by name, and what it is said to come from', async () => {
  const built: LocatedDext = { kind: 'built', executable: '/b/x.dext/x', mtimeMs: 2 };
  const installed: LocatedDext = { kind: 'installed', executable: '/Library/SystemExtensions/U/x.dext/x', mtimeMs: 1 };
  assert.deepEqual(await planWait({}, 'x', context({ locate: async () => [built, installed] })), { early: true, program: '/b/x.dext/x', from: 'the newest build' });
  assert.deepEqual(await planWait({}, 'x', context({ locate: async () => [installed] })), { early: true, program: installed.executable, from: 'the installed copy' });
  const none = await planWait({}, 'x', context({ platform: 'darwin', locate: async () => [] }));
  assert.match(!none.early ? none.reason : '', /lldb needs a copy of x on disk .*no installed copy in \/Library\/SystemExtensions.*set "program"/);
  const failing = await planWait({}, 'x', context({ locate: async () => Promise.reject(new Error('EACCES')) }));
  assert.equal(failing.early, false, 'a search that fails is no copy, not a crash');
});

test('macOS without root: no early attach, and the reason says what to set', async () => {
  const path = bundle('com.example.Mac');
  const plan = await planWait({ program: path }, 'com.example.Mac', context({ platform: 'darwin', isRoot: false, runAsRoot: false }));
  assert.deepEqual(plan, { early: false, reason: NO_ROOT_ON_MACOS });
  assert.match(NO_ROOT_ON_MACOS, /"runAsRoot": true/);
  assert.equal((await planWait({ program: path }, 'com.example.Mac', context({ platform: 'darwin', isRoot: false, runAsRoot: true }))).early, true);
  assert.equal((await planWait({ program: path }, 'com.example.Mac', context({ platform: 'darwin', isRoot: true }))).early, true);
});

test('earlyAttach: false and attachCommands each keep the ps path', async () => {
  const path = bundle('com.example.Off');
  assert.deepEqual(await planWait({ program: path, earlyAttach: false }, 'x', context()), { early: false, reason: '"earlyAttach" is false' });
  const plan = await planWait({ program: path, attachCommands: ['process attach -p 1'] }, 'x', context());
  assert.match(!plan.early ? plan.reason : '', /"attachCommands" replace the attach/);
});

test('lldb-dap gets the program as a DAP field and none of our own fields', () => {
  const args = { dext: 'd', pid: '3', waitFor: true, timeout: 9, lldbDapPath: '/x', runAsRoot: true, logStream: true, logCommand: ['log'], program: '/p/$(touch x)', ignoreRunning: true, earlyAttach: true, initCommands: ['settings show'], terminateDebuggee: false };
  assert.deepEqual(lldbAttachArguments(args, { program: '/p/$(touch x)' }), { initCommands: ['settings show'], terminateDebuggee: false, program: '/p/$(touch x)', waitFor: true });
  assert.deepEqual(lldbAttachArguments(args, { pid: 42 }), { initCommands: ['settings show'], terminateDebuggee: false, pid: 42 });
});

test('lldb-server\'s process log: the passed-over count and the start of its wait (recorded lines)', () => {
  assert.deepEqual(readServerLog("1796223366.768234730 GDBRemoteCommunicationServerLLGS.cpp:AttachWaitProcess       placed '2' processes in the exclusion list."), { excluded: 2, waiting: false });
  assert.deepEqual(readServerLog("1796223366.768240690 GDBRemoteCommunicationServerLLGS.cpp:AttachWaitProcess       waiting for 'com.example.X' to appear"), { excluded: undefined, waiting: true });
  // A name with a newline in it: the message's first line says enough.
  assert.deepEqual(readServerLog("1796223366.768240690 GDBRemoteCommunicationServerLLGS.cpp:AttachWaitProcess       waiting for 'com.example.Evil"), { excluded: undefined, waiting: true });
  assert.deepEqual(readServerLog('1796223366.765124798 Host.cpp:GetExePathAndArch      failed to read link exe link for 1: Permission denied'), { excluded: undefined, waiting: false });
});

test('the process tree below lldb-dap: children and grandchildren, from `ps -A -o pid=,ppid=`', () => {
  const table = parsePidTable('    1     0\n  100     1\n  200   100\n  300   200\n  400     1\n  junk line\n  500   300\n');
  assert.deepEqual(descendantsOf(table, 100), [200, 300, 500]);
  assert.deepEqual(descendantsOf(table, 400), []);
  assert.deepEqual(descendantsOf(parsePidTable('  7  7\n'), 7), [], 'a process that is its own parent is no loop');
});

test('the waiting phase streams the executable, the bundle id and the IOUserClass names; one name keeps the plain predicate', () => {
  const path = bundle('com.example.Logs', 'LogsDriver', ['LogsDriver', 'LogsUserClient']);
  const names = dextLogNames('com.example.Logs', join(path, 'LogsDriver'));
  assert.deepEqual(names, ['LogsDriver', 'com.example.Logs', 'LogsUserClient']);
  assert.equal(
    logStreamArgs(names[0], 'debug', names.slice(1)).at(-1),
    'sender == "LogsDriver" OR (process == "kernel" AND (eventMessage CONTAINS "LogsDriver" OR eventMessage CONTAINS "com.example.Logs" OR eventMessage CONTAINS "LogsUserClient"))',
  );
  assert.deepEqual(logStreamArgs('X', 'debug', ['X']), logStreamArgs('X'));
  assert.deepEqual(dextLogNames('com.example.Only', undefined), ['com.example.Only']);
  // The session's own stream: the dext, and what the kernel and the activation daemons say about it.
  const command = logStreamCommand({}, names);
  assert.equal(command[0], 'log');
  assert.deepEqual(command.slice(1), logStreamArgs(names[0], 'debug', names.slice(1), { activation: true }));
  assert.match(command.at(-1)!, /process == "sysextd" OR process == "kernelmanagerd" OR process == "amfid"/);
  assert.deepEqual(logStreamCommand({ logCommand: ['my-log', '--x'] }, names), ['my-log', '--x'], 'a configured command as it is');
  assert.equal(logStreamArgs('A', 'debug', ['"); FALSEPREDICATE OR ("']).at(-1), 'sender == "A" OR (process == "kernel" AND (eventMessage CONTAINS "A" OR eventMessage CONTAINS "\\"); FALSEPREDICATE OR (\\""))');
});
