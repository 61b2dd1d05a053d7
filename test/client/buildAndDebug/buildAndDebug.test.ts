import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ActivationProcess, activationArgv } from '../../../client/src/buildAndDebug/activation';
import { runSteps, type Step, type StepResult } from '../../../client/src/buildAndDebug/flow';
import { describeCommand } from '../../../core/tools/runCommand';
import { runningInstances, waitForNewDext } from '../../../client/src/buildAndDebug/waitStep';
import { buildFakeDext, startFakeDext } from '../../support/fakeDext';

const step = (id: Step['id'], result: StepResult | (() => Promise<StepResult>), ran: string[]): Step => ({
  id,
  title: id,
  run: async () => {
    ran.push(id);
    return typeof result === 'function' ? result() : result;
  },
});

test('the steps run in order and the first failure stops the rest, with its message and actions', async () => {
  const ran: string[] = [];
  const seen: string[] = [];
  const outcome = await runSteps(
    [step('build', { ok: true, note: 'built' }, ran), step('activate', { ok: false, message: 'no app', actions: ['openSettings'] }, ran), step('wait', { ok: true }, ran)],
    (s) => seen.push(s.id),
    () => false,
  );
  assert.deepEqual(ran, ['build', 'activate']);
  assert.deepEqual(seen, ['build', 'activate']);
  assert.deepEqual(outcome, { kind: 'failed', step: 'activate', message: 'no app', actions: ['openSettings'] });
});

test('a step that throws fails its step instead of escaping; cancellation stops between steps', async () => {
  const ran: string[] = [];
  const thrown = await runSteps([step('build', () => Promise.reject(new Error('task system gone')), ran), step('attach', { ok: true }, ran)], () => {}, () => false);
  assert.equal(thrown.kind, 'failed');
  assert.match(thrown.kind === 'failed' ? thrown.message : '', /task system gone/);
  let cancel = false;
  const cancelled = await runSteps([step('build', async () => ((cancel = true), { ok: true }), ran), step('attach', { ok: true }, ran)], () => {}, () => cancel);
  assert.deepEqual(cancelled, { kind: 'cancelled', step: 'build' });
  const done = await runSteps([step('wait', { ok: true, note: 'pid 7' }, [])], () => {}, () => false);
  assert.deepEqual(done, { kind: 'done', notes: ['pid 7'] });
});

test('the activation command is an argument array from the workspace folder; a host app needs macOS', () => {
  assert.deepEqual(activationArgv({ command: ['scripts/activate', '--dext', '${workspaceFolder}/build/X.dext'] }, '/w'), ['/w/scripts/activate', '--dext', '/w/build/X.dext']);
  assert.deepEqual(activationArgv({ command: ['systemextensionsctl', 'list'], hostApp: 'Host.app' }, '/w'), ['systemextensionsctl', 'list'], 'a bare program name is looked up on PATH; the command wins over the app');
  assert.deepEqual(activationArgv({ hostApp: 'build/Debug/My Host.app' }, '/w', 'darwin'), ['open', '/w/build/Debug/My Host.app']);
  assert.ok(activationArgv({ hostApp: 'Host.app' }, '/w', 'linux') instanceof Error);
  assert.equal(activationArgv({}, '/w'), undefined);
  assert.equal(describeCommand(['open', '/w/My Host.app', 'a"; rm -rf ~']), 'open "/w/My Host.app" "a\\"; rm -rf ~"');
});

test('an activation process reports its lines and exit; a missing program is a clear error, not a throw', async () => {
  const lines: string[] = [];
  const started = await ActivationProcess.start([process.execPath, '-e', 'console.log("requesting activation"); console.error("denied"); process.exit(3)'], tmpdir(), (line, stream) => lines.push(`${stream}:${line}`));
  assert.ok(!(started instanceof Error));
  assert.deepEqual(await started.exited, { code: 3, signal: null });
  assert.deepEqual(lines.sort(), ['stderr:denied', 'stdout:requesting activation']);
  // A character whose bytes arrive in two writes stays whole.
  const split: string[] = [];
  const accented = await ActivationProcess.start([process.execPath, '-e', 'process.stdout.write(Buffer.from([0x63, 0x61, 0x66, 0xc3])); setTimeout(() => process.stdout.write(Buffer.from([0xa9, 0x0a])), 100)'], tmpdir(), (line) => split.push(line));
  assert.ok(!(accented instanceof Error));
  await accented.exited;
  assert.deepEqual(split, ['café']);
  const missing = await ActivationProcess.start(['/nonexistent/activate-dext'], tmpdir(), () => {});
  assert.ok(missing instanceof Error && /ENOENT/.test(missing.message));
});

// A real dext-like process (the fake dext) for the wait step; its own bundle id keeps it apart from other suites.
const BUNDLE = 'com.example.WaitStepDriver';
let dir: string;
let executable: string;
const running: ChildProcess[] = [];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dk-wait-'));
  executable = buildFakeDext(dir, BUNDLE);
});

after(() => {
  running.forEach((c) => c.kill('SIGKILL'));
  rmSync(dir, { recursive: true, force: true });
});

test('the wait step takes the instance started after activation, never the one that ran before', async () => {
  const old = startFakeDext(executable, BUNDLE);
  running.push(old);
  await waitForNewDext(BUNDLE, { timeoutMs: 10_000, cancelled: () => false, onTick: () => {} });
  const beforeActivation = await runningInstances(BUNDLE);
  assert.ok(beforeActivation.has(old.pid!));
  setTimeout(() => running.push(startFakeDext(executable, BUNDLE)), 600);
  const result = await waitForNewDext(BUNDLE, { timeoutMs: 15_000, cancelled: () => false, onTick: () => {}, before: beforeActivation });
  assert.equal(result.ok, true);
  assert.notEqual(result.ok === true ? result.pid : 0, old.pid);
  assert.equal(result.ok === true ? result.pid : 0, running[1].pid);
});

test('when only the old instance runs, the wait ends with a message that names it and says why', async () => {
  const result = await waitForNewDext(BUNDLE, { timeoutMs: 1200, cancelled: () => false, onTick: () => {}, before: await runningInstances(BUNDLE) });
  assert.equal(result.ok, false);
  const message = result.ok === false ? result.message : '';
  assert.match(message, new RegExp(`${BUNDLE.replace(/\./g, '\\.')} did not start within 1 s`));
  assert.match(message, new RegExp(`pid ${running[0].pid}\\) is still running`));
});

test('an activation step that fails ends the wait at once with its exit code', async () => {
  const activation = await ActivationProcess.start([process.execPath, '-e', 'process.exit(4)'], tmpdir(), () => {});
  assert.ok(!(activation instanceof Error));
  const result = await waitForNewDext('com.example.NeverStarts', { timeoutMs: 60_000, cancelled: () => false, onTick: () => {}, activation: { process: activation, label: 'activate' } });
  assert.equal(result.ok, false);
  assert.match(result.ok === false ? result.message : '', /The activation step \(activate\) exited with code 4 before the dext started/);
});
