/** The early wait's decisions with a stand-in host: when it counts as begun, a passed-over start, a stop. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DebugServerLog, type ServerWaiting } from '../../adapter/debugServerLog';
import { EarlyWait, type EarlyWaitHost } from '../../adapter/earlyWait';
import type { ProcessInfo } from '../../core/tools/ps';

const instance = (pid: number): ProcessInfo => ({ pid, user: 'root', started: 'Sat Nov 21 23:36:29 2026', command: '/x.dext/x', argv: ['/x.dext/x'] });

function host(over: Partial<EarlyWaitHost> & { said?: string[] }): EarlyWaitHost & { readies: boolean[] } {
  const readies: boolean[] = [];
  return {
    readies,
    attach: () => undefined,
    ready: (exact) => readies.push(exact),
    instances: async () => ({ fresh: [], passedOver: 0 }),
    shouldStop: () => undefined,
    tick: () => undefined,
    ...over,
  };
}

/** Stands in for the FIFO reader: `say` is what lldb-server's log would report. */
function serverLog(): { log: DebugServerLog; say: (w: ServerWaiting) => void } {
  let listener: ((w: ServerWaiting) => void) | undefined;
  const log = { onWaiting: (l: (w: ServerWaiting) => void) => (listener = l) } as unknown as DebugServerLog;
  return { log, say: (w) => listener?.(w) };
}

test('no debug server log (macOS, sudo): the wait counts as begun after lldb-dap\'s own line, not exactly', async () => {
  let stop: 'cancelled' | undefined;
  const h = host({ shouldStop: () => stop });
  const wait = new EarlyWait(h);
  const outcome = wait.run({});
  wait.lldbSaid('Waiting to attach to "x"...');
  while (h.readies.length === 0) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(h.readies, [false]);
  stop = 'cancelled';
  assert.deepEqual(await outcome, { kind: 'stopped', why: 'cancelled' });
});

test('lldb-server says its wait began: ready at once, exactly; an attach answer ends the wait', async () => {
  const { log, say } = serverLog();
  let reply: ((r: DebugProtocol.Response) => void) | undefined;
  const h = host({ serverLog: log, attach: (_args, r) => (reply = r) });
  const outcome = new EarlyWait(h).run({ program: '/x' });
  say({ excluded: 0 });
  assert.deepEqual(h.readies, [true]);
  const response = { seq: 1, type: 'response', request_seq: 1, command: 'attach', success: true } as DebugProtocol.Response;
  reply!(response);
  assert.deepEqual(await outcome, { kind: 'attached', response });
});

test('lldb passed over more processes than the session did: the instance that started in between is handed back', async () => {
  const { log, say } = serverLog();
  const h = host({ serverLog: log, instances: async () => ({ fresh: [instance(42)], passedOver: 1 }) });
  const outcome = new EarlyWait(h).run({});
  say({ excluded: 2 });
  assert.deepEqual(await outcome, { kind: 'missed', instances: [instance(42)] });
});

test('lldb passed over only what the session passes over: a fresh instance is lldb\'s to attach, the wait goes on', async () => {
  const { log, say } = serverLog();
  let stop: 'timeout' | undefined;
  const h = host({ serverLog: log, instances: async () => ({ fresh: [instance(43)], passedOver: 1 }), shouldStop: () => stop });
  const outcome = new EarlyWait(h).run({});
  say({ excluded: 1 });
  await new Promise((r) => setTimeout(r, 600));
  stop = 'timeout';
  assert.deepEqual(await outcome, { kind: 'stopped', why: 'timeout' });
});

test('an attach error from lldb-dap ends the wait with lldb\'s words; macOS asks for no server log', async () => {
  const outcome = new EarlyWait(host({ attach: (_args, reply) => reply({ seq: 1, type: 'response', request_seq: 1, command: 'attach', success: false, message: 'error: attach failed: lost connection' } as DebugProtocol.Response) })).run({});
  assert.deepEqual(await outcome, { kind: 'failed', message: 'error: attach failed: lost connection' });
  assert.equal(await DebugServerLog.create('darwin'), undefined);
});

test('with a debug server log, lldb-dap\'s own line does not count, however long the server takes to speak', async () => {
  const { log, say } = serverLog();
  let stop: 'cancelled' | undefined;
  const h = host({ serverLog: log, shouldStop: () => stop });
  const wait = new EarlyWait(h);
  const outcome = wait.run({});
  wait.lldbSaid('Waiting to attach to "x"...');
  // Well past the grace a logless wait gets: still not ready, since the server has not said so.
  await new Promise((r) => setTimeout(r, 1500));
  assert.deepEqual(h.readies, []);
  say({ excluded: 0 });
  assert.deepEqual(h.readies, [true]);
  stop = 'cancelled';
  assert.deepEqual(await outcome, { kind: 'stopped', why: 'cancelled' });
});
