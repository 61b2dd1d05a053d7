import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture } from '../../support/lspClient';
import { actualFindings, workspaceOf } from '../../support/analysis';

const BUILT = fixture('kext', 'built-copy', 'diagnostics', 'SirenAudio_Info.plist');

test("a built kext's Info.plist kept in the repository (Xcode's build stamps in it) is not judged", async () => {
  assert.deepEqual(actualFindings(await workspaceOf(fixture('kext', 'built-copy'))), []);
});

test('the same Info.plist without the build stamps is a kext source, and its version is judged', async () => {
  const root = mkdtempSync(join(tmpdir(), 'dk-kext-'));
  try {
    const unstamped = readFileSync(BUILT, 'utf8').replace(/\t<key>(?:BuildMachineOSBuild|DTPlatformBuild|DTSDKBuild|DTXcode)<\/key>\n\t<string>[^<]*<\/string>\n/g, '');
    writeFileSync(join(root, 'Info.plist'), unstamped);
    assert.deepEqual(actualFindings(await workspaceOf(root)), ['Info.plist:14 kext.invalid-version']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
