/**
 * Valid code as real projects write it (test/fixtures/real-code/README.md): no error, warning or
 * info finding anywhere, each construct read the way clang reads it.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture } from '../../support/lspClient';
import { workspaceOf } from '../../support/analysis';

const ROOT = fixture('real-code');
const folders = readdirSync(ROOT).filter((name) => !name.includes('.'));

for (const folder of folders) {
  test(`real-code/${folder}: no finding but hints`, async () => {
    const workspace = await workspaceOf(join(ROOT, folder));
    // A kext's migration hints (information by design) are the kext tests' business.
    const findings = workspace.allPaths().flatMap((path) => workspace.check(path).filter((f) => f.severity !== 'hint' && !f.code.startsWith('migrate.')).map((f) => `${path.slice(ROOT.length + 1)}: ${f.code} ${f.message}`));
    assert.deepEqual(findings, []);
  });
}

test('clang extensions are rewritten, not skipped: every region of those sources is parsed', async () => {
  const workspace = await workspaceOf(join(ROOT, 'clang-extensions'));
  const paths = [...workspace.index.paths()];
  assert.ok(paths.length >= 3, paths.join(", "));
  for (const path of paths) assert.deepEqual(workspace.index.file(path)?.unparsed, [], path);
});

test('each file is judged as what it is: dext, kext, SDK or none of these', async () => {
  const roles = async (folder: string): Promise<Set<string | undefined>> => {
    const workspace = await workspaceOf(join(ROOT, folder));
    return new Set([...workspace.index.paths()].map((path) => workspace.roleOf(path)));
  };
  assert.deepEqual(await roles('kext'), new Set(['kext']));
  assert.deepEqual(await roles('kext-without-project'), new Set(['kext']));
  assert.deepEqual(await roles('sdk-headers'), new Set(['sdk']));
  assert.ok(!(await roles('not-driverkit')).has('dext'));
  assert.deepEqual(await roles('valid-rules'), new Set(['dext']));
});

test('a vendored kernel SDK (Headers/IOKit, Headers/libkern) is the SDK: no migration hint on its headers', async () => {
  const workspace = await workspaceOf(join(ROOT, 'sdk-headers'));
  const vendored = [...workspace.index.paths()].filter((path) => path.includes('/KernelSDK/Headers/'));
  assert.equal(vendored.length, 2, vendored.join(', '));
  for (const path of vendored) {
    assert.equal(workspace.roleOf(path), 'sdk', path);
    assert.deepEqual(workspace.check(path).map((f) => f.code), [], path);
  }
});
