/**
 * driverkit-check --profiles: the signing checks from the command line, on the fixture projects of
 * test/fixtures/signing/projects with real profiles signed by openssl in the test.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { fixture } from '../support/lspClient';
import { fixtureProfiles } from '../core/signing/support/fixtureProfiles';

const CLI = resolve(__dirname, '..', '..', 'dist', 'cli.js');
const run = promisify(execFile);
const projects = fixture('signing', 'projects');

interface Reported {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  readonly message: string;
}

async function check(...args: string[]): Promise<{ code: number; findings: Reported[]; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, '--format', 'json', ...args], { cwd: projects });
    return { code: 0, findings: JSON.parse(stdout) as Reported[], stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, findings: e.stdout ? (JSON.parse(e.stdout) as Reported[]) : [], stderr: e.stderr };
  }
}

/** The line of the fixture file that carries `<!-- expect: code -->`. */
function markedLine(file: string, code: string): number {
  return readFileSync(join(projects, file), 'utf8').split('\n').findIndex((line) => line.includes(`expect: ${code}`)) + 1;
}

for (const [name, file] of [
  ['signing.entitlement-not-granted', 'ProbeDriver/ProbeDriver.entitlements'],
  ['signing.profile-expired', 'ProbeDriver/ProbeDriver.entitlements'],
] as const) {
  test(`--profiles: ${name} at its line in the .entitlements file, and nothing of it without the profiles`, async () => {
    const folder = join(projects, name);
    const withProfiles = await check('--profiles', fixtureProfiles(folder), name);
    assert.equal(withProfiles.code, 1, withProfiles.stderr);
    assert.deepEqual(withProfiles.findings.map((f) => [f.file, f.line, f.code]), [[join(name, file), markedLine(join(name, file), name), name]]);
    assert.match(withProfiles.findings[0].message, /"Probe Driver Development"/);
    const without = await check(name);
    assert.equal(without.code, 0, without.stderr);
    assert.deepEqual(without.findings, []);
  });
}

test('a forbidden key in a dext and a host app without the install entitlement need no profile', async () => {
  for (const [name, file] of [['signing.sandbox-key-in-dext', 'ProbeDriver/ProbeDriver.entitlements'], ['signing.host-missing-install', 'ProbeApp/ProbeApp.entitlements']] as const) {
    const result = await check(name);
    assert.equal(result.code, 1);
    assert.deepEqual(result.findings.map((f) => [f.file, f.line, f.code]), [[join(name, file), markedLine(join(name, file), name), name]]);
  }
});

test('--profiles is repeatable; the valid project with its profiles has no findings', async () => {
  const folder = join(projects, 'valid');
  const profiles = fixtureProfiles(folder);
  const result = await check('--profiles', profiles, '--profiles', fixtureProfiles(join(projects, 'signing.app-id-mismatch')), 'valid');
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(result.findings, []);
});

test('--codesign: a built dext signed without an entitlement its file now holds', async () => {
  const name = 'signing.signed-differs';
  const result = await check('--codesign', fixture('signing', 'codesign', 'stand-in', 'codesign'), name);
  assert.equal(result.code, 0, result.stderr);
  const file = join(name, 'ProbeDriver', 'ProbeDriver.entitlements');
  assert.deepEqual(result.findings.map((f) => [f.file, f.line, f.code]), [[file, markedLine(file, name), name]]);
  assert.match(result.findings[0].message, /build\/Debug\/com\.example\.probe\.driver\.dext was signed without com\.apple\.developer\.driverkit\.transport\.usb/);
  assert.deepEqual((await check(name)).findings, [], 'without --codesign, built products are not read');
});

test('an unreadable profile in a --profiles folder is a finding on that file', async () => {
  const result = await check('--profiles', join(projects, 'signing.profile-unreadable', 'ProbeDriver'), 'valid');
  assert.deepEqual(result.findings.map((f) => [f.file, f.line, f.code]), [[join('signing.profile-unreadable', 'ProbeDriver', 'Probe_Driver.provisionprofile'), 1, 'signing.profile-unreadable']]);
  assert.match(result.findings[0].message, /not a signed \(CMS\) provisioning profile/);
});

test('--profiles with a folder that is not there, or without a folder, is a usage error', async () => {
  const missing = await check('--profiles', 'no-such-folder', 'valid');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--profiles no-such-folder: no such folder/);
  const empty = await check('valid', '--profiles');
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /--profiles needs a folder/);
});
