/**
 * xcrun and ps that hang, are missing or print garbage: every call that runs them settles with a
 * clear answer within its time limit, and a hung tool is killed rather than left behind. The tools are
 * real executables (test/support/standInTools.ts) reached the way the product reaches them: by the
 * configured command or through PATH.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { listProcesses, locateDext } from '../../../core/tools/dextLocator';
import { findLldbDap } from '../../../adapter/lldbDapLocator';
import { findSdk } from '../../../core/sdk/sdkLocator';
import { CommandFailure, runCommand } from '../../../core/tools/runCommand';
import { guard } from '../../../scripts/bench/support';
import { StandInTools, waitForExit } from '../../support/standInTools';

const tools = new StandInTools();
after(() => tools.remove());

/** The limits the product sets (sdkLocator, lldbDapLocator: 5 s; dextLocator: 10 s), plus room for a busy machine. */
const XCRUN_GUARD_MS = 5_000 + 10_000;
const PS_GUARD_MS = 10_000 + 10_000;

/** Runs `call` with PATH set to the stand-ins' folder only (ps and xcrun are found through PATH). */
async function withPath<T>(call: () => Promise<T>): Promise<T> {
  const saved = process.env.PATH;
  process.env.PATH = tools.dir;
  try {
    return await call();
  } finally {
    process.env.PATH = saved;
  }
}

async function failureOf(promise: Promise<unknown>): Promise<CommandFailure> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof CommandFailure, `expected a CommandFailure, got ${String(error)}`);
  return error;
}

test('runCommand names each way a command can fail', async () => {
  const missing = await failureOf(runCommand(tools.missing('nothing-here'), [], { timeoutMs: 2_000 }));
  assert.equal(missing.kind, 'missing');
  assert.match(missing.message, /nothing-here was not found/);
  const failed = await failureOf(runCommand(tools.failing('broken-tool'), ['--x'], { timeoutMs: 2_000 }));
  assert.equal(failed.kind, 'failed');
  assert.match(failed.message, /broken-tool: error: something is wrong/);
  assert.match(await runCommand(tools.garbage('noisy-tool'), [], { timeoutMs: 2_000 }), /not output/);
});

test('runCommand gives up on a command that ignores SIGTERM, and kills it', async () => {
  const hung = await guard(failureOf(runCommand(tools.hanging('stuck-tool'), [], { timeoutMs: 500 })), 10_000, 'runCommand with a 500 ms limit');
  assert.equal(hung.kind, 'timeout');
  assert.match(hung.message, /stuck-tool did not answer within 0\.5 s/);
  const pid = tools.startedPid('stuck-tool');
  assert.ok(pid, 'the stand-in never started');
  await waitForExit(pid, 5_000);
});

// The three waits for a time limit run side by side: only the ps test changes PATH, and the others
// name their commands by path or pass their own environment.
describe('tools that hang', { concurrency: true }, () => {
  test('findSdk: a hanging, missing or babbling xcrun means "no SDK", within the xcrun limit', async () => {
    const [hung, missing, garbage] = await guard(
      Promise.all([findSdk({ xcrun: tools.hanging('xcrun-hung') }), findSdk({ xcrun: tools.missing('xcrun-absent') }), findSdk({ xcrun: tools.garbage('xcrun-garbage') })]),
      XCRUN_GUARD_MS,
      'findSdk with stand-in xcruns',
    );
    assert.deepEqual([hung, missing, garbage], [undefined, undefined, undefined]);
    await waitForExit(tools.startedPid('xcrun-hung')!, 5_000);
  });

  test('findLldbDap on macOS: a hanging xcrun on PATH is given up on and the PATH search still finds lldb-dap', async () => {
    const dir = new StandInTools();
    try {
      dir.hanging('xcrun');
      const lldbDap = dir.garbage('lldb-dap-19'); // any executable will do: only its name and mode are looked at
      const lookup = await guard(findLldbDap(undefined, { PATH: dir.dir }, 'darwin'), XCRUN_GUARD_MS, 'findLldbDap with a hanging xcrun');
      assert.equal(lookup.path, lldbDap);
      assert.deepEqual(lookup.tried.slice(0, 1), ['xcrun --find lldb-dap']);
      await waitForExit(dir.startedPid('xcrun')!, 5_000);
    } finally {
      dir.remove();
    }
  });

  test('listProcesses: ps missing or printing garbage answers at once; a hanging ps is an error within its limit', async () => {
    const missing = await withPath(() => listProcesses('linux').then(() => 'resolved', (e: Error) => e.message));
    assert.match(missing, /^Cannot list processes: ps was not found\.$/);

    // ps can exit 1 after a complete listing (a process ended while it looked): the listing counts.
    tools.printing('ps', '  871 _driverkit       Sat Nov 21 23:36:29 2026     /Library/SystemExtensions/X/com.example.MyDriver.dext/com.example.MyDriver\n', 1);
    assert.deepEqual((await withPath(() => listProcesses('darwin'))).map((p) => p.pid), [871]);

    tools.garbage('ps');
    assert.deepEqual(await withPath(() => listProcesses('darwin')), []);
    assert.deepEqual(await withPath(() => locateDext('com.example.MyDriver', 'darwin')), { matches: [], near: [] });

    tools.hanging('ps');
    const hung = await guard(
      withPath(() => listProcesses('darwin').then(() => 'resolved', (e: Error) => e.message)),
      PS_GUARD_MS,
      'listProcesses with a hanging ps',
    );
    assert.match(hung, /^Cannot list processes: ps did not answer within 10 s\.$/);
    await waitForExit(tools.startedPid('ps')!, 5_000);
  });
});
