/** driverkit-check as CI runs it: the built dist/cli.js in a child process. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { fixture } from '../support/lspClient';

const CLI = resolve(__dirname, '..', '..', 'dist', 'cli.js');
const run = promisify(execFile);

async function check(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd: fixture() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('a clean project exits 0 and prints no findings', async () => {
  const result = await check('usb-interface', 'user-client', 'hid-keyboard');
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /0 errors, 0 warnings in \d+ files checked/);
});

test('errors exit 1 with compiler-style lines', async () => {
  const result = await check(join('broken', 'cpp.missing-superdispatch'));
  assert.equal(result.code, 1);
  const lines = result.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  assert.match(lines[0], /^broken\/cpp\.missing-superdispatch\/BeeperDriver\.cpp:\d+:\d+: error: .+ \[cpp\.missing-superdispatch\]$/);
});

test('warnings alone exit 0', async () => {
  const result = await check(join('broken', 'iig.data-member'));
  assert.equal(result.code, 0);
  assert.match(result.stdout, /: warning: .*\[iig\.data-member\]/);
});

test('JSON output follows the contract: 1-based positions and stable codes', async () => {
  const result = await check('--format', 'json', join('broken', 'iig.unknown-attribute'));
  assert.equal(result.code, 1);
  const findings = JSON.parse(result.stdout) as Record<string, unknown>[];
  assert.equal(findings.length, 1);
  const [f] = findings;
  assert.deepEqual(Object.keys(f).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity']);
  assert.equal(f.code, 'iig.unknown-attribute');
  assert.equal(f.severity, 'error');
  // The marker comment sits on the line the finding must start on.
  const marked = (await import('node:fs')).readFileSync(fixture('broken', 'iig.unknown-attribute', 'PumpDriver.iig'), 'utf8').split('\n');
  assert.match(marked[(f.line as number) - 1], /expect: iig\.unknown-attribute/);
  assert.equal(marked[(f.line as number) - 1].slice((f.column as number) - 1, (f.endColumn as number) - 1), 'LOCALL');
});

test('usage and I/O errors exit 2 with a reason', async () => {
  const missing = await check('no-such-folder');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file or folder/);
  const badFormat = await check('--format', 'xml', 'usb-interface');
  assert.equal(badFormat.code, 2);
  assert.match(badFormat.stderr, /--format must be/);
  const nothing = await check();
  assert.equal(nothing.code, 2);
  const notSource = await check(join('broken', 'README.md'));
  assert.equal(notSource.code, 2);
  assert.match(notSource.stderr, /not a DriverKit file/);
});

test('--list-rules names every rule id', async () => {
  const result = await check('--list-rules');
  assert.equal(result.code, 0);
  for (const code of ['iig.syntax', 'cpp.missing-superdispatch', 'cpp.ivars-freed-in-stop']) assert.match(result.stdout, new RegExp(`^${code.replace('.', '\\.')}\\s`, 'm'));
});

test('binary input gets one warning, not a crash', async () => {
  const result = await check(join('bad-input', 'binary.iig'));
  assert.equal(result.code, 0);
  assert.match(result.stdout, /\[file\.binary\]/);
});

test('--sdk checks against an installed SDK: a class only that SDK has is known', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'dk-cli-sdk-'));
  try {
    writeFileSync(join(dir, 'Knob.iig'), '#include <FakeWidgetKit/IOFakeWidget.iig>\nclass Knob : public IOFakeWidget\n{\n};\n');
    // The bundled catalog may just be older than the class: without an SDK nothing is said.
    const without = await check('--format', 'json', dir);
    assert.deepEqual(JSON.parse(without.stdout), []);
    const withSdk = await check('--format', 'json', '--sdk', fixture('fake-sdk'), dir);
    assert.equal(withSdk.code, 0, withSdk.stderr);
    assert.deepEqual(JSON.parse(withSdk.stdout), []);
    // With the SDK, which knows every class, a base no one declares is reported.
    writeFileSync(join(dir, 'Knob.iig'), '#include <FakeWidgetKit/IOFakeWidget.iig>\nclass Knob : public IOFakeGadget\n{\n};\n');
    const unknown = await check('--format', 'json', '--sdk', fixture('fake-sdk'), dir);
    assert.deepEqual((JSON.parse(unknown.stdout) as { code: string }[]).map((f) => f.code), ['iig.unknown-base-class']);
    const badSdk = await check('--sdk', join(dir, 'nowhere'), dir);
    assert.equal(badSdk.code, 2);
    assert.match(badSdk.stderr, /holds no DriverKit frameworks/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('property lists are checked too: a misspelt IOUserClass is an error at its line', async () => {
  const result = await check('--format', 'json', join('plist', 'broken', 'plist.personality.unknown-user-class'));
  assert.equal(result.code, 1);
  const [f] = JSON.parse(result.stdout) as { file: string; line: number; code: string; message: string }[];
  assert.equal(f.code, 'plist.personality.unknown-user-class');
  assert.match(f.file, /Info\.plist$/);
  assert.match(f.message, /Did you mean/);
});

test('API newer than the deployment target: warnings at the call, the override and the base class, exit 0', async () => {
  const result = await check('--format', 'json', join('broken', 'sdk.unavailable-api'));
  assert.equal(result.code, 0, result.stderr);
  const findings = JSON.parse(result.stdout) as { file: string; line: number; code: string; severity: string; message: string }[];
  assert.deepEqual(
    findings.map((f) => `${f.file.split('/').pop()}:${f.line} ${f.severity} ${f.code}`),
    ['GadgetDriver.cpp:51', 'GadgetDriver.cpp:59', 'GadgetDriver.cpp:67', 'GadgetDriver.cpp:80', 'GadgetDriver.iig:18', 'GadgetSpeaker.iig:8'].map((at) => `${at} warning sdk.unavailable-api`),
  );
  assert.match(findings[4].message, /overrides IOHIDEventService::SetLEDState, which is available from DriverKit 21\.0, but target GadgetDriver deploys to DriverKit 19\.0/);
  const rules = await check('--list-rules');
  assert.match(rules.stdout, /sdk\.unavailable-api/);
  assert.match(rules.stdout, /sdk\.deprecated-api/);
});

test('a valid kext exits 0: its migration hints are listed in the JSON as information, not counted', async () => {
  const result = await check('--format', 'json', join('kext', 'pci'));
  assert.equal(result.code, 0, result.stderr);
  const findings = JSON.parse(result.stdout) as { severity: string; code: string; line: number; file: string }[];
  assert.ok(findings.length > 0 && findings.every((f) => f.severity === 'info' && f.code.startsWith('migrate.')), result.stdout);
  assert.ok(findings.some((f) => f.code === 'migrate.work-loop' && f.file.endsWith('LanternPCI.cpp') && f.line === 18));
  const broken = await check(join('kext', 'broken-plist'));
  assert.equal(broken.code, 1);
  assert.match(broken.stdout, /Info\.plist:\d+:\d+: error: IOClass 'CraneDrvier' is no class this kext defines; did you mean 'CraneDriver'\?.*\[kext\.personality-class\]/);
});
