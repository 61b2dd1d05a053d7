import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parsePlist } from '../../../core/plist/plistXml';
import type { ProvisioningProfile } from '../../../core/signing/provisioningProfile';
import { codesignEntitlementsArgs, compareSigned, parseCodesignEntitlements } from '../../../core/signing/signedProducts';
import { SIGNING_RULES } from '../../../core/rules/ruleCatalog';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'signing');
const recorded = (name: string) => readFileSync(join(FIXTURES, 'codesign', name), 'latin1');
const source = (name: string) => parsePlist(readFileSync(join(FIXTURES, name), 'utf8'));

describe('what a built product was signed with', () => {
  it('reads codesign --xml output with the Executable line before it, without a newline, and the old blob form', () => {
    const dext = parseCodesignEntitlements(recorded('dext-entitlements.txt'));
    assert.ok(dext.ok);
    assert.deepEqual(dext.entitlements['com.apple.developer.driverkit.transport.usb'], [{ idVendor: 1234 }]);
    assert.equal(dext.entitlements['get-task-allow'], true);
    const app = parseCodesignEntitlements(recorded('app-entitlements.txt'));
    const blob = parseCodesignEntitlements(recorded('app-entitlements-blob.bin'));
    assert.ok(app.ok && blob.ok);
    assert.deepEqual(blob.entitlements, app.entitlements);
    const none = parseCodesignEntitlements(recorded('no-entitlements.txt'));
    assert.ok(none.ok);
    assert.deepEqual(none.entitlements, {});
    assert.deepEqual(parseCodesignEntitlements('/x/Y.app: code object is not signed at all'), { ok: false, message: 'The bundle is not signed.' });
    assert.ok(!parseCodesignEntitlements('<plist version="1.0"><dict><key>a</key></dict></plist>').ok);
  });

  it('keeps the bundle one argument', () => {
    assert.deepEqual(codesignEntitlementsArgs('/tmp/A B; rm -rf ~.app'), ['-d', '--entitlements', '-', '--xml', '/tmp/A B; rm -rf ~.app']);
  });

  it('the keys Xcode adds while signing are not extra; a USB dict signed without idProduct differs', () => {
    const signed = parseCodesignEntitlements(recorded('dext-entitlements.txt'));
    assert.ok(signed.ok);
    const comparison = compareSigned(source('dext-usb.entitlements'), signed.entitlements);
    // dext-usb asks for idProduct too; the recorded signature has the vendor only.
    assert.deepEqual(comparison.missing, []);
    assert.deepEqual(comparison.extra, []);
    assert.deepEqual(comparison.differing.map((d) => d.key), ['com.apple.developer.driverkit.transport.usb']);
  });

  it('sources that changed after the build, and a signature the embedded profile does not grant', () => {
    const signed = parseCodesignEntitlements(recorded('dext-entitlements.txt'));
    assert.ok(signed.ok);
    const src = source('dext-sandbox-usb.entitlements');
    const embedded = { uuid: 'U', name: 'Embedded', kind: 'development', entitlements: { 'com.apple.developer.driverkit': true } } as unknown as ProvisioningProfile;
    const comparison = compareSigned(src, signed.entitlements, embedded);
    assert.deepEqual(comparison.missing, ['com.apple.security.app-sandbox', 'com.apple.security.device.usb']);
    assert.deepEqual(comparison.notGranted.map((g) => g.key), ['com.apple.application-identifier', 'com.apple.developer.driverkit.transport.usb', 'com.apple.developer.team-identifier', 'get-task-allow']);
    const path = join(FIXTURES, 'dext-sandbox-usb.entitlements');
    const entitlements = { path, text: readFileSync(path, 'utf8'), document: src };
    const built = { bundle: '/b/Debug/com.example.driver.dext', product: 'com.example.driver.dext', signed, embedded };
    const target = { role: 'dext' as const, name: 'Driver', entitlements, settings: {}, signedByXcode: true, built };
    const findings = SIGNING_RULES.flatMap((rule) => rule.check({ target, now: Date.now() }));
    assert.equal(findings.filter((f) => f.code === 'signing.signed-differs').length, 2);
    const usb = findings.find((f) => f.code === 'signing.entitlement-not-granted' && f.data?.key === 'com.apple.developer.driverkit.transport.usb')!;
    assert.match(usb.message, /embedded profile "Embedded"/);
  });
});
