/**
 * Workspace-derived values in the argument arrays the extension runs: the activation step of Build
 * and Debug, xcodebuild (task provider), systemextensionsctl, ioreg, xcrun (SDK lookup) and sudo for
 * lldb-dap. Each hostile value must stay one argument, in its place, or be refused with a clear
 * error; END TO END, the real launch code starts recording stand-ins and the sentinel file that any
 * shell interpretation would create never appears. The controls first prove each payload is live.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { ActivationProcess, activationArgv } from '../../client/src/buildAndDebug/activation';
import { lldbDapCommandLine } from '../../adapter/lldbDapLocator';
import { IOREG_COMMANDS } from '../../core/tools/ioreg';
import { runIoreg } from '../../client/src/matchingStatus/matchingStatusCommand';
import { SYSTEM_EXTENSIONS_COMMANDS } from '../../core/tools/systemExtensionsCtl';
import { buildArgs, listArgs } from '../../core/tools/xcodebuild';
import { findSdk } from '../../core/sdk/sdkLocator';
import { hostileValues, Recorders, runThroughShell, Sentinel } from './support';

const sentinel = new Sentinel();
const recorders = new Recorders();
const HOSTILE = hostileValues(sentinel.path);
// A workspace folder whose own name is hostile: `${workspaceFolder}` and the cwd carry it.
const folder = join(sentinel.dir, 'ws $(touch pwned) `touch pwned` ";touch pwned;"');
mkdirSync(folder);

after(() => {
  sentinel.remove();
  recorders.remove();
});

test('control: every payload runs `touch` when a careless shell line embeds it', () => {
  const control = new Sentinel();
  try {
    for (const h of hostileValues(control.path)) {
      runThroughShell(h.naive, control.dir);
      assert.ok(control.fired(), `${h.label}: the payload is live`);
      runThroughShell(`rm -f ${control.path}`, control.dir);
    }
  } finally {
    control.remove();
  }
});

async function runActivation(argv: readonly string[]): Promise<void> {
  const started = await ActivationProcess.start(argv, folder, () => {});
  if (started instanceof Error) throw started;
  await started.exited;
}

for (const h of HOSTILE) {
  test(`activation command: ${h.label} stays one argument, and nothing runs it`, async () => {
    const program = recorders.quick('activate');
    const argv = activationArgv({ command: [program, h.value, `--dext=${h.value}`, `\${workspaceFolder}/${h.value}`] }, folder);
    assert.ok(Array.isArray(argv));
    await runActivation(argv);
    assert.deepEqual(recorders.calls('activate').at(-1), [h.value, `--dext=${h.value}`, `${folder}/${h.value}`]);
    assert.ok(!sentinel.fired(), 'no payload ran');
  });

  test(`host app: ${h.label} becomes one absolute path after \`open\`, never an option`, async () => {
    recorders.quick('open');
    const argv = activationArgv({ hostApp: h.value }, folder, 'darwin');
    assert.ok(Array.isArray(argv));
    assert.equal(argv.length, 2);
    assert.equal(argv[0], 'open');
    assert.ok(argv[1].startsWith(`${folder}/`), 'an absolute path inside the workspace folder');
    const path = process.env.PATH;
    process.env.PATH = recorders.path(); // ActivationProcess starts `open` from PATH, as on macOS
    try {
      await runActivation(argv);
    } finally {
      process.env.PATH = path;
    }
    assert.deepEqual(recorders.calls('open').at(-1), [argv[1]]);
    assert.ok(!sentinel.fired());
  });

  test(`xcodebuild: ${h.label} as project, scheme and configuration stays in place`, async () => {
    const xcodebuild = recorders.quick('xcodebuild');
    const project = `${h.value}.xcodeproj`;
    const build = buildArgs(project, h.value, h.value);
    assert.deepEqual(build, ['-project', project, '-scheme', h.value, '-configuration', h.value, 'build']);
    assert.deepEqual(listArgs(project), ['-project', project, '-list', '-json']);
    // As the task provider runs them: execFile for -list, a process execution (no shell) for the build.
    await promisify(execFile)(xcodebuild, listArgs(project), { cwd: folder });
    await new Promise((done) => spawn(xcodebuild, build, { cwd: folder, stdio: 'ignore' }).once('exit', done));
    assert.deepEqual(recorders.calls('xcodebuild').slice(-2), [listArgs(project), build]);
    assert.ok(!sentinel.fired());
  });

  test(`SDK lookup: ${h.label} as driverkit.sdkPath is only a folder name; xcrun gets fixed arguments`, async () => {
    const xcrun = recorders.quick('xcrun');
    assert.equal(await findSdk({ configured: h.value, xcrun }), undefined);
    assert.deepEqual(recorders.calls('xcrun').at(-1), ['--sdk', 'driverkit', '--show-sdk-path']);
    assert.ok(!sentinel.fired());
  });

  test(`systemextensionsctl, ioreg: ${h.label} is refused as a team id, bundle id or class name`, () => {
    assert.throws(() => SYSTEM_EXTENSIONS_COMMANDS.uninstall(h.value, 'com.example.MyDriver'), /Not a team id/);
    assert.throws(() => SYSTEM_EXTENSIONS_COMMANDS.uninstall('ABCDE12345', h.value), /Not a bundle id/);
    assert.throws(() => IOREG_COMMANDS.userServices(h.value), /Not a class name/);
  });

  test(`lldb-dap through sudo: ${h.label} as lldbDapPath comes after \`--\``, () => {
    assert.deepEqual(lldbDapCommandLine(h.value, true), ['sudo', '-n', '--', h.value]);
    assert.deepEqual(lldbDapCommandLine(h.value, false), [h.value]);
  });
}

test('a configured ioreg command with hostile arguments runs as an argument array', async () => {
  const ioreg = recorders.quick('ioreg');
  const args = HOSTILE.map((h) => h.value);
  const result = await runIoreg({ executable: ioreg, args, configured: true });
  assert.deepEqual(result, { text: '' });
  assert.deepEqual(recorders.calls('ioreg').at(-1), args);
  assert.ok(!sentinel.fired());
});

test('an option-like lldbDapPath cannot become a sudo flag: `-s` would otherwise ask sudo for a shell', () => {
  const argv = lldbDapCommandLine('-s', true);
  assert.equal(argv.indexOf('--'), argv.indexOf('-s') - 1, '`--` ends sudo\'s options right before the path');
});

test('NUL bytes: the activation step is refused with a clear error and nothing starts', async () => {
  recorders.quick('activate-nul');
  const before = recorders.calls('activate-nul').length;
  for (const argv of [[recorders.quick('activate-nul'), 'com.example.X\u0000$(touch pwned)'], ['activate\u0000-nul']]) {
    const outcome = await ActivationProcess.start(argv, folder, () => {}).then(
      (started) => (started instanceof Error ? started : new Error('started')),
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
    assert.match(outcome.message, /null bytes/);
  }
  assert.equal(recorders.calls('activate-nul').length, before);
  assert.ok(!sentinel.fired());
});

test('an option-like or hostile program name is just a program that is not there', async () => {
  for (const program of ['--help', '-c', `$(touch ${sentinel.path})`]) {
    const started = await ActivationProcess.start([program], folder, () => {});
    assert.ok(started instanceof Error && /ENOENT/.test(started.message), program);
  }
  assert.ok(!sentinel.fired());
});
