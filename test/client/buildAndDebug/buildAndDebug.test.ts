import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { test } from 'node:test';
import { ActivationProcess, activationArgv } from '../../../client/src/buildAndDebug/activation';
import { diagnoseAfter, runSteps, type FailureAction, type Step, type StepResult } from '../../../client/src/buildAndDebug/flow';
import { describeCommand } from '../../../core/tools/runCommand';
import { awaitAttach } from '../../../client/src/buildAndDebug/attachWatch';

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

// The last step: the session started before activation (lldb waits) is awaited, or ended.
const never = new Promise<boolean>(() => undefined);

test('the attach is awaited: attached is done, a failed attach says where to look', async () => {
  let stopped = 0;
  const stop = async (): Promise<void> => void stopped++;
  assert.deepEqual(await awaitAttach({ attached: Promise.resolve(true), dext: 'com.example.X', cancelled: () => false, stop }), { ok: true });
  const failed = await awaitAttach({ attached: Promise.resolve(false), dext: 'com.example.X', cancelled: () => false, stop });
  assert.equal(failed.ok, false);
  assert.match(failed.ok === false ? failed.message : '', /The debugger did not attach to com\.example\.X; the Debug Console and the error shown say why/);
  assert.equal(failed.ok === false ? failed.actions[0] : undefined, 'diagnoseActivation', 'a wait that ends without the dext offers Diagnose Activation first');
  assert.equal(stopped, 0, 'a session that settled by itself is not stopped');
});

test('an activation step that fails ends the waiting session at once, with its exit code', async () => {
  const activation = await ActivationProcess.start([process.execPath, '-e', 'process.exit(4)'], tmpdir(), () => {});
  assert.ok(!(activation instanceof Error));
  let stopped = 0;
  const result = await awaitAttach({ attached: never, dext: 'com.example.NeverStarts', cancelled: () => false, activation: () => ({ process: activation, label: 'activate' }), stop: async () => void stopped++ });
  assert.equal(result.ok, false);
  assert.match(result.ok === false ? result.message : '', /The activation step \(activate\) exited with code 4 before the dext started/);
  assert.equal(result.ok === false ? result.actions[0] : undefined, 'diagnoseActivation');
  assert.equal(stopped, 1, 'lldb does not go on waiting');
});

test('cancelling ends the waiting session', async () => {
  let stopped = 0;
  let cancel = false;
  setTimeout(() => (cancel = true), 300);
  assert.deepEqual(await awaitAttach({ attached: never, dext: 'com.example.X', cancelled: () => cancel, stop: async () => void stopped++ }), { ok: 'cancelled' });
  assert.equal(stopped, 1);
});

test('the activation doctor runs by itself only when the wait found no dext, not after a failed build or a cancel', () => {
  const failed = (step: 'build' | 'activate' | 'wait', actions: FailureAction[]) => ({ kind: 'failed', step, message: 'm', actions }) as const;
  assert.equal(diagnoseAfter(failed('wait', ['diagnoseActivation', 'showOutput'])), true);
  assert.equal(diagnoseAfter(failed('wait', ['showOutput'])), false);
  assert.equal(diagnoseAfter(failed('build', ['showProblems', 'showBuildOutput'])), false);
  assert.equal(diagnoseAfter(failed('activate', ['openSettings', 'showOutput'])), false);
  assert.equal(diagnoseAfter({ kind: 'cancelled', step: 'wait' }), false);
  assert.equal(diagnoseAfter({ kind: 'done', notes: [] }), false);
});
