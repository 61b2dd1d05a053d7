/**
 * The debug adapter's dext log stream (`logCommand`) when the log command is missing, fails, prints
 * garbage or hangs: attach is answered all the same, the Debug Console says what went wrong, and a
 * hung log command does not outlive the session.
 *
 * The adapter runs in this process (DriverKitSession from source) behind a socket, driven by the
 * testsupport DebugClient. Its lldb-dap is a stand-in that answers every request (no debugger is
 * needed for what is tested here); attach goes by `pid`, so ps is not involved.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { after, test } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DriverKitSession } from '../../adapter/driverkitSession';
import { guard, sleep } from '../../scripts/bench/support';
import { pollUntil } from '../support/lspChecks';
import { StandInTools, waitForExit } from '../support/standInTools';

const GUARD_MS = 20_000;
const tools = new StandInTools();
const lldbDap = tools.answeringDap('lldb-dap');
const servers: Server[] = [];
after(() => {
  for (const server of servers) server.close();
  tools.remove();
});

/** Attaches with `logCommand` through a fresh adapter; returns the client and every Debug Console line so far (kept up to date). */
async function attachWithLog(logCommand: string[]): Promise<{ dc: DebugClient; output: string[] }> {
  const server = createServer((socket) => {
    const session = new DriverKitSession({ lldbDapPath: lldbDap, runAsRoot: false });
    session.setRunAsServer(true);
    session.start(socket, socket);
  }).listen(0, '127.0.0.1');
  servers.push(server);
  await once(server, 'listening');
  const dc = new DebugClient(process.execPath, 'unused: the adapter is reached by port', 'driverkit');
  await dc.start((server.address() as AddressInfo).port);
  const output: string[] = [];
  dc.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
  await guard(dc.initializeRequest(), GUARD_MS, 'initialize');
  const attach = { dext: 'com.example.MyDriver', pid: process.pid, logStream: true, logCommand } as DebugProtocol.AttachRequestArguments;
  await guard(dc.attachRequest(attach), GUARD_MS, 'attach');
  return { dc, output };
}

async function endSession(dc: DebugClient): Promise<void> {
  await guard(dc.disconnectRequest({ terminateDebuggee: false }), GUARD_MS, 'disconnect');
  await dc.stop();
}

async function outputMatching(output: string[], pattern: RegExp): Promise<string> {
  await pollUntil(`a Debug Console line matching ${pattern} (got ${JSON.stringify(output)})`, () => output.some((o) => pattern.test(o)), GUARD_MS);
  return output.find((o) => pattern.test(o))!;
}

test('a log command that does not exist: attached, and the Debug Console says the log cannot be streamed', async () => {
  const { dc, output } = await attachWithLog([tools.missing('log-absent'), 'stream']);
  assert.match(await outputMatching(output, /log could not be streamed/), /log-absent: spawn .*ENOENT/);
  assert.ok(output.some((o) => o.startsWith('Attached to com.example.MyDriver')));
  await endSession(dc);
});

test('a log command that fails: its exit code and complaint reach the Debug Console', async () => {
  const { dc, output } = await attachWithLog([tools.failing('log-failing'), 'stream']);
  assert.match(await outputMatching(output, /log stream stopped/), /exited with code 3 \(log-failing: error: something is wrong with this installation\)/);
  await endSession(dc);
});

test('a log command that prints garbage: nothing of it is shown as a log line, and the session goes on', async () => {
  const { dc, output } = await attachWithLog([tools.garbage('log-garbage')]);
  await sleep(300); // the stand-in prints and exits at once
  assert.deepEqual(output.filter((o) => /not output|cut off|\[(Default|Info|Debug|Error|Fault)\]/.test(o)), []);
  const threads = await guard(dc.threadsRequest(), GUARD_MS, 'a request relayed after the garbage');
  assert.equal(threads.success, true);
  await endSession(dc);
});

test('a log command that hangs and ignores SIGTERM: attach and disconnect are answered, and it is killed', async () => {
  const { dc } = await attachWithLog([tools.hanging('log-hung'), 'stream']);
  await pollUntil('the log stand-in started', () => tools.startedPid('log-hung') !== undefined, GUARD_MS);
  await endSession(dc);
  await waitForExit(tools.startedPid('log-hung')!, 5_000);
});
