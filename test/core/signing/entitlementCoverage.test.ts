import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coverage, isDevelopmentForm, render } from '../../../core/signing/entitlementCoverage';

describe('what a profile value covers', () => {
  it('booleans, wildcards and prefixes', () => {
    assert.ok(coverage(true, true).granted);
    assert.ok(coverage(false, undefined).granted === false, 'absent from the profile is not granted even for false');
    assert.ok(coverage(false, true).granted);
    assert.ok(!coverage(true, false).granted);
    assert.ok(coverage(['ABCDE12345.com.example.app'], ['ABCDE12345.*']).granted);
    assert.ok(!coverage(['QQQQQ11111.com.example.app'], ['ABCDE12345.*']).granted);
    assert.ok(coverage([{ idVendor: 1234 }], '*').granted);
  });

  it('USB vendors: by value whatever the spelling, extra keys asked for are fine, missing ones are not', () => {
    assert.ok(coverage([{ idVendor: 1234, idProduct: 5 }], [{ idVendor: '1234' }]).granted);
    assert.ok(coverage([{ idVendor: 0x4d2 }], [{ idVendor: '0x04D2' }]).granted);
    assert.ok(coverage([{ idVendor: 1234 }], [{ idVendor: '*' }]).granted);
    assert.deepEqual(coverage([{ idVendor: 1234 }, { idVendor: 99 }], [{ idVendor: 1234 }]), { granted: false, missing: ['{idVendor: 99}'] });
    assert.ok(!coverage([{ idVendor: 1234 }], [{ idVendor: 1234, idProduct: 5 }]).granted);
  });

  it('PCI matches compare hex case-blind', () => {
    assert.ok(coverage([{ IOPCIPrimaryMatch: '0x0000ABCD&0x0000FFFF' }], [{ IOPCIPrimaryMatch: '0x0000abcd&0x0000ffff' }]).granted);
    assert.ok(!coverage([{ IOPCIPrimaryMatch: '0x00001111&0x0000FFFF' }], [{ IOPCIPrimaryMatch: '0x0000abcd&0x0000ffff' }]).granted);
  });

  it('tells the development form and renders values briefly', () => {
    assert.ok(isDevelopmentForm([{ idVendor: '*' }]));
    assert.ok(!isDevelopmentForm([{ idVendor: 1234 }]));
    assert.equal(render([{ idVendor: 1234 }, 'a', true]), '[{idVendor: 1234}, "a", true]');
  });
});
