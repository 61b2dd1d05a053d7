import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture } from '../../support/lspClient';
import { actualFindings, expectedMarkers, workspaceOf } from '../../support/analysis';

const kext = (name: string): string => join(fixture('kext'), name);

for (const name of ['pci', 'usb', 'user-client', 'wrapped', 'vendor-library']) {
  test(`a valid ${name} kext gets no kext or dext finding`, async () => {
    const findings = actualFindings(await workspaceOf(kext(name))).filter((f) => !/ migrate\./.test(f));
    assert.deepEqual(findings, []);
  });
}

for (const name of ['broken-classes', 'broken-plist', 'broken-keys']) {
  test(`kext rules find each marked mistake in ${name}, and nothing else`, async () => {
    const findings = actualFindings(await workspaceOf(kext(name))).filter((f) => !/ migrate\./.test(f));
    assert.deepEqual(findings.sort(), expectedMarkers(kext(name)));
  });
}
