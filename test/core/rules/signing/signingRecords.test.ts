import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parsePlist } from '../../../../core/plist/plistXml';
import { chooseProfile } from '../../../../core/signing/profileChoice';
import { decodeProfile, type ProvisioningProfile } from '../../../../core/signing/provisioningProfile';
import { entitlementHover } from '../../../../core/signing/signingHover';
import { SIGNING_PROJECT_RULES, SIGNING_RULES } from '../../../../core/rules/ruleCatalog';
import type { SigningTarget } from '../../../../core/rules/signing/context';
import type { Finding } from '../../../../core/rules/finding';
import { readProject } from '../../../../core/xcode/buildSettings';
import { linkProjects } from '../../../../core/xcode/projectSettings';
import { DAY, ProfileFactory, type ProfileSpec } from '../../signing/support/profiles';

const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures', 'signing');

/** Every signing rule's findings for one target. */
function checkSigning(target: SigningTarget, now: number): Finding[] {
  return SIGNING_RULES.flatMap((rule) => rule.check({ target, now }));
}
const NOW = Date.now();
const USB_1234 = '<key>com.apple.developer.driverkit</key><true/><key>com.apple.developer.driverkit.transport.usb</key><array><dict><key>idVendor</key><integer>1234</integer></dict></array>';
const USB_ANY = '<key>com.apple.developer.driverkit</key><true/><key>com.apple.developer.driverkit.transport.usb</key><array><dict><key>idVendor</key><string>*</string></dict></array>';

describe('signing checks against real signed profiles', () => {
  let factory: ProfileFactory;
  let validCert: string;
  let shortCert: string;
  before(() => {
    factory = new ProfileFactory();
    validCert = factory.certificate('Apple Development: Jane Doe (ABCDE12345)', 'ABCDE12345', 365);
    shortCert = factory.certificate('Apple Development: Old Key (ABCDE12345)', 'ABCDE12345', 1);
  });
  let n = 0;
  const profile = (over: Partial<ProfileSpec> = {}): ProvisioningProfile => {
    const spec: ProfileSpec = { name: 'Driver Dev', uuid: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, created: new Date(NOW - 5 * DAY), expires: new Date(NOW + 200 * DAY), entitlementsXml: USB_1234, certificates: [validCert], ...over };
    const path = factory.profile(spec);
    const read = decodeProfile(readFileSync(path), path);
    assert.ok(read.ok, !read.ok ? read.problem.message : '');
    return read.profile;
  };
  const target = (file: string, p: ProvisioningProfile | undefined, settings: Record<string, string> = { DEVELOPMENT_TEAM: 'ABCDE12345' }, role: 'dext' | 'app' = 'dext', bundleId = 'com.example.driver'): SigningTarget => {
    const path = join(FIXTURES, file);
    const text = readFileSync(path, 'utf8');
    return { role, name: 'Driver', entitlements: { path, text, document: parsePlist(text) }, settings, bundleId, signedByXcode: true, choice: chooseProfile({ settings, bundleId, profiles: p ? [p] : [], now: NOW }) };
  };
  const codes = (findings: { code: string }[]) => findings.map((f) => f.code).sort();
  const lineOf = (file: string, offset: number) => readFileSync(join(FIXTURES, file), 'utf8').slice(0, offset).split('\n').length;

  it('control: a valid development profile granting vendor 1234 signs dext-usb without findings', () => {
    assert.deepEqual(checkSigning(target('dext-usb.entitlements', profile()), NOW), []);
  });

  it('flags each entitlement the profile does not grant or does not cover, on its key, naming the profile', () => {
    const findings = checkSigning(target('dext-ungranted.entitlements', profile({ name: 'Narrow Profile' })), NOW);
    assert.deepEqual(codes(findings), ['signing.entitlement-not-granted', 'signing.entitlement-not-granted']);
    const usb = findings.find((f) => f.data?.key === 'com.apple.developer.driverkit.transport.usb')!;
    assert.match(usb.message, /"Narrow Profile".*grants com\.apple\.developer\.driverkit\.transport\.usb as \[\{idVendor: 1234\}\], which does not cover \{idVendor: 5678\}/);
    assert.equal(lineOf('dext-ungranted.entitlements', usb.span.start), 7);
    const hid = findings.find((f) => f.data?.key === 'com.apple.developer.hid.virtual.device')!;
    assert.match(hid.message, /does not grant com\.apple\.developer\.hid\.virtual\.device/);
    assert.equal(hid.data?.profileName, 'Narrow Profile');
  });

  it('userclient-access: bundle ids the profile does not grant (control: granted ones)', () => {
    const grants = '<key>com.apple.developer.system-extension.install</key><true/><key>com.apple.developer.driverkit.userclient-access</key><array><string>com.example.driver</string></array>';
    const p = profile({ bundleId: 'com.example.host', entitlementsXml: grants });
    const settings = { DEVELOPMENT_TEAM: 'ABCDE12345' };
    assert.deepEqual(checkSigning(target('host-app.entitlements', p, settings, 'app', 'com.example.host'), NOW), []);
    const findings = checkSigning(target('host-app-no-install.entitlements', p, settings, 'app', 'com.example.host'), NOW);
    assert.deepEqual(codes(findings), ['signing.entitlement-not-granted']);
    assert.match(findings[0].message, /does not cover "com\.example\.other-driver"/);
  });

  it('the development form (idVendor *) is granted by a development profile with the development form', () => {
    assert.deepEqual(checkSigning(target('dext-usb-development.entitlements', profile({ entitlementsXml: USB_ANY })), NOW), []);
  });

  it('the development form in a distribution profile', () => {
    const p = profile({ development: false, allDevices: true });
    const findings = checkSigning(target('dext-usb-development.entitlements', p, { DEVELOPMENT_TEAM: 'ABCDE12345', CODE_SIGN_IDENTITY: 'Developer ID Application' }), NOW);
    assert.deepEqual(codes(findings), ['signing.development-variant-in-distribution']);
    assert.match(findings[0].message, /development form \(\[\{idVendor: "\*"\}\]\).*distribution profile/);
    // control: the approved form in the same distribution profile
    assert.deepEqual(checkSigning(target('dext-usb.entitlements', p, { DEVELOPMENT_TEAM: 'ABCDE12345', CODE_SIGN_IDENTITY: 'Developer ID Application' }), NOW), []);
  });

  it('the reverse: the development form asked of a development profile that has only the approved values', () => {
    const findings = checkSigning(target('dext-usb-development.entitlements', profile()), NOW);
    assert.deepEqual(codes(findings), ['signing.development-variant-missing']);
    assert.match(findings[0].message, /grants only the approved values \[\{idVendor: 1234\}\]/);
  });

  /** Manual signing that names the profile (profile-level checks judge manual signing only). */
  const manual = (p: ProvisioningProfile) => ({ CODE_SIGN_STYLE: 'Manual', PROVISIONING_PROFILE_SPECIFIER: p.name, DEVELOPMENT_TEAM: 'ABCDE12345' });

  it('profile expired, expiring within 14 days (now is a parameter), and a control at 15 days', () => {
    const expired = profile({ name: 'Expired', expires: new Date(NOW - DAY) });
    assert.deepEqual(codes(checkSigning(target('dext-usb.entitlements', expired, manual(expired)), NOW)), ['signing.profile-expired']);
    const soonProfile = profile({ name: 'Soon', expires: new Date(NOW + 3 * DAY) });
    const soon = checkSigning(target('dext-usb.entitlements', soonProfile, manual(soonProfile)), NOW);
    assert.deepEqual(codes(soon), ['signing.profile-expiring']);
    assert.match(soon[0].message, /expires in 3 days/);
    const later = profile({ name: 'Later', expires: new Date(NOW + 15 * DAY) });
    assert.deepEqual(checkSigning(target('dext-usb.entitlements', later, manual(later)), NOW), []);
  });

  it('automatic signing is not judged for expiry: Xcode renews the profiles it manages', () => {
    assert.deepEqual(checkSigning(target('dext-usb.entitlements', profile({ expires: new Date(NOW - DAY) })), NOW), []);
  });

  it('every certificate expired (a one-day certificate, checked ten days on); control: one still valid', () => {
    const later = NOW + 10 * DAY;
    const short = profile({ name: 'Short', certificates: [shortCert], expires: new Date(NOW + 300 * DAY) });
    const expired = checkSigning(target('dext-usb.entitlements', short, manual(short)), later);
    assert.deepEqual(codes(expired), ['signing.certificate-expired']);
    assert.match(expired[0].message, /"Apple Development: Old Key \(ABCDE12345\)" \(expired /);
    const both = profile({ name: 'Both', certificates: [shortCert, validCert], expires: new Date(NOW + 300 * DAY) });
    assert.deepEqual(checkSigning(target('dext-usb.entitlements', both, manual(both)), later), []);
  });

  it('team differs from DEVELOPMENT_TEAM; app ID does not cover the bundle id', () => {
    const other = profile({ team: 'ZZZZZ99999' });
    const manual = { CODE_SIGN_STYLE: 'Manual', PROVISIONING_PROFILE_SPECIFIER: other.uuid, DEVELOPMENT_TEAM: 'ABCDE12345' };
    assert.deepEqual(codes(checkSigning(target('dext-usb.entitlements', other, manual), NOW)), ['signing.team-mismatch']);
    const wrongApp = profile({ bundleId: 'com.example.something-else' });
    const findings = checkSigning(target('dext-usb.entitlements', wrongApp, { CODE_SIGN_STYLE: 'Manual', PROVISIONING_PROFILE_SPECIFIER: 'Driver Dev', DEVELOPMENT_TEAM: 'ABCDE12345' }), NOW);
    assert.deepEqual(codes(findings), ['signing.app-id-mismatch']);
    assert.match(findings[0].message, /ABCDE12345\.com\.example\.something-else, which does not cover the bundle identifier com\.example\.driver/);
  });

  it('manual signing that names a missing profile', () => {
    const findings = checkSigning(target('dext-usb.entitlements', undefined, { CODE_SIGN_STYLE: 'Manual', PROVISIONING_PROFILE_SPECIFIER: 'Gone' }), NOW);
    assert.deepEqual(codes(findings), ['signing.profile-missing']);
  });

  it('an App Sandbox device key in a dext, with the key to remove; control: the same key in an app is fine', () => {
    const findings = checkSigning(target('dext-sandbox-usb.entitlements', undefined), NOW);
    assert.deepEqual(codes(findings), ['signing.sandbox-key-in-dext']);
    assert.deepEqual(findings[0].data, { key: 'com.apple.security.device.usb' });
    assert.deepEqual(checkSigning(target('dext-sandbox-usb.entitlements', undefined, {}, 'app'), NOW), []);
  });

  it('hover names the granting profile, or why not', () => {
    const p = profile({ name: 'Hover Profile' });
    const choice = chooseProfile({ settings: {}, bundleId: 'com.example.driver', profiles: [p], now: NOW });
    assert.match(entitlementHover('com.apple.developer.driverkit.transport.usb', [{ idVendor: 1234 }], choice), /Granted by "Hover Profile".*\{idVendor: 1234\}.*Why this profile:\* Automatic signing/s);
    assert.match(entitlementHover('com.apple.developer.driverkit.transport.usb', [{ idVendor: 9 }], choice), /Not covered: "Hover Profile".*not \{idVendor: 9\}/);
    assert.match(entitlementHover('com.apple.developer.hid.virtual.device', true, choice), /Not granted: "Hover Profile" .* does not list/);
    assert.match(entitlementHover('com.apple.developer.driverkit', true, chooseProfile({ settings: {}, bundleId: 'x.y', profiles: [], now: NOW })), /no provisioning profile signs this target/);
  });
});

describe('embedding the dext in the host app', () => {
  /** The project rules' findings for the project file in `folder` (read as the workspace reads it). */
  const projectFindings = async (folder: string, name: string) => {
    const { projects } = await linkProjects([folder]);
    const project = projects.find((p) => p.path.endsWith(join(name, 'project.pbxproj')))!;
    const text = readFileSync(project.path, 'utf8');
    return { text, findings: SIGNING_PROJECT_RULES.flatMap((rule) => rule.check({ project, text, targets: [] })) };
  };

  it('finds a dext copied into PlugIns and one copied nowhere, at their target definitions', async () => {
    const { text, findings } = await projectFindings(FIXTURES, 'NotEmbedded.xcodeproj');
    assert.deepEqual(findings.map((f) => f.data?.dext), ['com.example.driver.dext', 'com.example.other-driver.dext']);
    assert.match(findings[0].message, /Host's "Embed PlugIns" copies it to PlugIns/);
    assert.match(findings[1].message, /No build phase of Host copies com\.example\.other-driver\.dext/);
    assert.equal(text.slice(findings[0].span.start, findings[0].span.end), 'T10000000000000000000002');
    assert.match(text.slice(findings[0].span.start, text.indexOf('\n', findings[0].span.start)), /Driver \*\/ = \{/);
  });

  it('control: the Sampler project embeds both dexts with Embed System Extensions', async () => {
    const folder = join(__dirname, '..', '..', '..', 'fixtures', 'xcode-project');
    assert.deepEqual((await projectFindings(folder, 'Sampler.xcodeproj')).findings, []);
    const project = readProject(readFileSync(join(folder, 'Sampler.xcodeproj', 'project.pbxproj'), 'utf8'), join(folder, 'Sampler.xcodeproj'));
    const host = project.targets.find((t) => t.name === 'Sampler')!;
    assert.deepEqual(host.products?.copies.map((c) => [c.file, c.destination]), [['com.example.Sampler.Driver.dext', 'Contents/Library/SystemExtensions'], ['SamplerLite_Driver.dext', 'Contents/Library/SystemExtensions']]);
  });
});
