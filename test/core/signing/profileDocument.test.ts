import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { profileDocument } from '../../../core/signing/profileDocument';
import { DAY, ProfileFactory } from './support/profiles';

const NOW = Date.now();

describe('a provisioning profile as a readable document', () => {
  const factory = new ProfileFactory();
  const cert = factory.certificate('Apple Development: Jane Doe (ABCDE12345)', 'ABCDE12345', 365);
  const old = factory.expiredCertificate('Apple Development: Old Key (ABCDE12345)', 'ABCDE12345');

  it('explains team, app ID, kind, expiry, each entitlement, the devices and certificates, then the plist', () => {
    const path = factory.profile({
      name: 'Probe Driver Development', uuid: 'D0000000-0000-4000-8000-0000000000AA', bundleId: 'com.example.probe.driver',
      created: new Date(NOW - 10 * DAY), expires: new Date(NOW + 30 * DAY), certificates: [cert, old],
      entitlementsXml: '<key>com.apple.developer.driverkit</key><true/><key>com.apple.developer.driverkit.transport.usb</key><array><dict><key>idVendor</key><string>*</string></dict></array>',
    });
    const text = profileDocument(readFileSync(path), path, NOW);
    assert.match(text, /^Provisioning profile "Probe Driver Development"/);
    assert.match(text, /UUID: +D0000000-0000-4000-8000-0000000000AA/);
    assert.match(text, /Team: +Example Team \(ABCDE12345\)/);
    assert.match(text, /App ID: +ABCDE12345\.com\.example\.probe\.driver\n/);
    assert.match(text, /Kind: +Development: /);
    assert.match(text, /Expires: .* — in 30 days/);
    assert.match(text, /com\.apple\.developer\.driverkit\.transport\.usb = \[\{idVendor: "\*"\}\]\n +Lets the dext talk to USB devices.* Development form \(a \* value\)/);
    assert.match(text, /1 device:\n +00008103-000A1B2C3D4E5F60/);
    assert.match(text, /Apple Development: Jane Doe \(ABCDE12345\) — team ABCDE12345\n +valid .* — in 36[45] days/);
    assert.match(text, /Apple Development: Old Key \(ABCDE12345\)[^\n]*\n +valid .* — EXPIRED 1 day ago/);
    assert.match(text, /what `security cms -D -i` prints[\s\S]*<key>UUID<\/key><string>D0000000-0000-4000-8000-0000000000AA<\/string>/);
  });

  it('a Developer ID profile for every device, expired, with only expired certificates', () => {
    const path = factory.profile({ name: 'Probe Developer ID', uuid: 'D0000000-0000-4000-8000-0000000000AB', development: false, allDevices: true, created: new Date(NOW - 400 * DAY), expires: new Date(NOW - 2 * DAY), certificates: [old] });
    const text = profileDocument(readFileSync(path), path, NOW);
    assert.match(text, /Kind: +Developer ID: /);
    assert.match(text, /Expires: .* — EXPIRED 2 days ago/);
    assert.match(text, /Every device \(ProvisionsAllDevices\)\./);
    assert.match(text, /Every certificate has expired/);
  });

  it('bad input: one paragraph saying why', () => {
    const text = profileDocument(Buffer.from('not a profile'), '/x/broken.provisionprofile', NOW);
    assert.equal(text, '/x/broken.provisionprofile\n\nThis provisioning profile cannot be shown: The file is not a signed (CMS) provisioning profile, or it is truncated: it does not start with an ASN.1 SEQUENCE.\n');
  });
});
