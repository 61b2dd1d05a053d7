import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { decodeProfile, MAX_PROFILE_BYTES } from '../../../core/signing/provisioningProfile';
import { DAY, ProfileFactory, type ProfileSpec } from './support/profiles';

const NOW = Date.UTC(2026, 0, 15);
const USB = '<key>com.apple.developer.driverkit</key><true/><key>com.apple.developer.driverkit.transport.usb</key><array><dict><key>idVendor</key><integer>1234</integer></dict></array>';

describe('provisioning profiles decoded from real CMS files', () => {
  let factory: ProfileFactory;
  let certificate: string;
  before(() => {
    factory = new ProfileFactory();
    certificate = factory.certificate('Apple Development: Jane Doe (ABCDE12345)', 'ABCDE12345', 365);
  });
  const spec = (over: Partial<ProfileSpec> = {}): ProfileSpec => ({
    name: 'Driver Development',
    uuid: '11111111-2222-3333-4444-555555555555',
    created: new Date(NOW - 10 * DAY),
    expires: new Date(NOW + 300 * DAY),
    entitlementsXml: USB,
    certificates: [certificate],
    ...over,
  });
  const read = (path: string) => decodeProfile(readFileSync(path), path);

  it('keeps name, UUID, team, app id, platform, dates, kind, certificates and entitlements of a development profile', () => {
    const path = factory.profile(spec());
    const result = read(path);
    assert.ok(result.ok, !result.ok ? result.problem.message : '');
    const p = result.profile;
    assert.equal(p.name, 'Driver Development');
    assert.equal(p.uuid, '11111111-2222-3333-4444-555555555555');
    assert.deepEqual(p.teamIds, ['ABCDE12345']);
    assert.equal(p.teamName, 'Example Team');
    assert.equal(p.appId, 'ABCDE12345.com.example.driver');
    assert.deepEqual(p.platforms, ['OSX']);
    assert.equal(p.created, NOW - 10 * DAY);
    assert.equal(p.expires, NOW + 300 * DAY);
    assert.equal(p.kind, 'development');
    assert.equal(p.method, 'development');
    assert.equal(p.getTaskAllow, true);
    assert.equal(p.provisionedDevices, 1);
    assert.equal(p.certificates.length, 1);
    assert.equal(p.certificates[0].commonName, 'Apple Development: Jane Doe (ABCDE12345)');
    assert.equal(p.certificates[0].organizationalUnit, 'ABCDE12345');
    assert.ok(p.certificates[0].notAfter > p.certificates[0].notBefore);
    assert.match(p.certificates[0].sha1, /^[0-9A-F]{40}$/);
    assert.deepEqual(p.entitlements['com.apple.developer.driverkit.transport.usb'], [{ idVendor: 1234 }]);
  });

  it('tells a Developer ID profile (all devices, no get-task-allow) and a store profile apart', () => {
    const devId = read(factory.profile(spec({ uuid: 'A0000000-0000-0000-0000-000000000001', development: false, allDevices: true })));
    assert.ok(devId.ok);
    assert.equal(devId.profile.kind, 'distribution');
    assert.equal(devId.profile.method, 'developer-id');
    const store = read(factory.profile(spec({ uuid: 'A0000000-0000-0000-0000-000000000002', development: false })));
    assert.ok(store.ok);
    assert.equal(store.profile.method, 'app-store');
  });

  it('reads BER with a constructed OCTET STRING (openssl cms -stream) the same way', () => {
    const result = read(factory.profile(spec({ uuid: 'B0000000-0000-0000-0000-000000000001' }), 'streamed.provisionprofile', { stream: true }));
    assert.ok(result.ok, !result.ok ? result.problem.message : '');
    assert.equal(result.profile.uuid, 'B0000000-0000-0000-0000-000000000001');
  });

  it('answers truncated, non-CMS, empty, junk and huge files with one problem each', () => {
    const good = readFileSync(factory.profile(spec({ uuid: 'C0000000-0000-0000-0000-000000000001' })));
    const cases: [string, Uint8Array, string][] = [
      ['truncated', good.subarray(0, Math.floor(good.length / 2)), 'not-cms'],
      ['plain xml', Buffer.from('<?xml version="1.0"?><plist><dict/></plist>'), 'not-cms'],
      ['empty', new Uint8Array(0), 'empty'],
      ['junk', Uint8Array.from([0x30, ...randomBytes(4000)]), 'not-cms'],
      ['huge', new Uint8Array(MAX_PROFILE_BYTES + 1).fill(0x30), 'too-large'],
      ['nested a million deep', Buffer.alloc(1_000_000, Buffer.from([0x30, 0x80])), 'not-cms'],
      ['a SEQUENCE of the wrong things', Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]), 'not-cms'],
    ];
    for (const [label, bytes, reason] of cases) {
      const result = decodeProfile(bytes, label);
      assert.ok(!result.ok, label);
      assert.equal(result.problem.reason, reason, `${label}: ${result.problem.message}`);
      assert.ok(result.problem.message.length > 10);
    }
  });

  it('answers a 5 MB profile-shaped file without reading it', () => {
    const path = join(factory.dir, 'five-mb.provisionprofile');
    const good = readFileSync(factory.profile(spec({ uuid: 'C0000000-0000-0000-0000-000000000002' })));
    writeFileSync(path, Buffer.concat([good, Buffer.alloc(5 * 1024 * 1024)]));
    const result = read(path);
    assert.ok(!result.ok);
    assert.equal(result.problem.reason, 'too-large');
    assert.match(result.problem.message, /5\.\d MB/);
  });

  it('reports a malformed inner plist and a signed plist that is no profile', () => {
    const malformed = read(factory.profile(spec({ uuid: 'D1', rawPlist: '<?xml version="1.0"?><plist version="1.0"><dict><key>Name</key><string>x</dict></plist>' }), 'malformed.provisionprofile'));
    assert.ok(!malformed.ok);
    assert.equal(malformed.problem.reason, 'malformed-plist');
    const noProfile = read(factory.profile(spec({ uuid: 'D2', rawPlist: '<?xml version="1.0"?><plist version="1.0"><dict><key>Hello</key><string>x</string></dict></plist>' }), 'other.provisionprofile'));
    assert.ok(!noProfile.ok);
    assert.equal(noProfile.problem.reason, 'not-a-profile');
    const array = read(factory.profile(spec({ uuid: 'D3', rawPlist: '<?xml version="1.0"?><plist version="1.0"><array/></plist>' }), 'array.provisionprofile'));
    assert.ok(!array.ok);
    assert.equal(array.problem.reason, 'not-a-profile');
  });

  it('keeps the profile when a DeveloperCertificates entry is not a certificate', () => {
    const result = read(factory.profile(spec({ uuid: 'E0000000-0000-0000-0000-000000000001', certificates: [Buffer.from('not a certificate').toString('base64'), certificate] })));
    assert.ok(result.ok);
    assert.equal(result.profile.certificates.length, 1);
  });
});
