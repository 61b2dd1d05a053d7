import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseProfile, matchAppId, wantedKind } from '../../../core/signing/profileChoice';
import type { ProvisioningProfile } from '../../../core/signing/provisioningProfile';

const NOW = Date.UTC(2026, 0, 15);
const DAY = 86_400_000;

function profile(over: Partial<ProvisioningProfile> & { uuid: string }): ProvisioningProfile {
  return {
    path: `/profiles/${over.uuid}.provisionprofile`,
    name: over.uuid,
    teamIds: ['ABCDE12345'],
    appId: 'ABCDE12345.com.example.driver',
    platforms: ['OSX'],
    created: NOW - 10 * DAY,
    expires: NOW + 100 * DAY,
    kind: 'development',
    method: 'development',
    provisionedDevices: 1,
    devices: ["00008103-000A1B2C3D4E5F60"],
    provisionsAllDevices: false,
    getTaskAllow: true,
    certificates: [],
    entitlements: {},
    ...over,
  };
}

describe('app IDs', () => {
  it('matches explicit, prefix wildcard and team wildcard app IDs, and nothing else', () => {
    assert.deepEqual(matchAppId('T.com.example.driver', 'com.example.driver'), { exact: true, specificity: 18 });
    assert.deepEqual(matchAppId('T.com.example.*', 'com.example.driver'), { exact: false, specificity: 12 });
    assert.deepEqual(matchAppId('T.*', 'com.example.driver'), { exact: false, specificity: 0 });
    assert.equal(matchAppId('T.com.example.driverX', 'com.example.driver'), undefined);
    assert.equal(matchAppId('T.com.other.*', 'com.example.driver'), undefined);
    assert.equal(matchAppId(undefined, 'com.example.driver'), undefined);
  });

  it('wants a distribution profile only for a distribution identity', () => {
    assert.equal(wantedKind({}), 'development');
    assert.equal(wantedKind({ CODE_SIGN_IDENTITY: 'Apple Development' }), 'development');
    assert.equal(wantedKind({ CODE_SIGN_IDENTITY: 'Developer ID Application' }), 'distribution');
    assert.equal(wantedKind({ ID: 'Apple Distribution', CODE_SIGN_IDENTITY: '$(ID)' }), 'distribution');
  });
});

describe('choosing the profile Xcode would use', () => {
  const explicitNew = profile({ uuid: 'explicit-new', created: NOW - 2 * DAY });
  const explicitOld = profile({ uuid: 'explicit-old', created: NOW - 50 * DAY });
  const wildcard = profile({ uuid: 'wildcard', appId: 'ABCDE12345.com.example.*', created: NOW - DAY });
  const teamWildcard = profile({ uuid: 'team-wildcard', appId: 'ABCDE12345.*', created: NOW });
  const expiredNewest = profile({ uuid: 'expired', created: NOW - DAY, expires: NOW - 1 });
  const distribution = profile({ uuid: 'devid', kind: 'distribution', method: 'developer-id', getTaskAllow: false, created: NOW });
  const otherTeam = profile({ uuid: 'other-team', teamIds: ['ZZZZZ99999'], appId: 'ZZZZZ99999.com.example.driver', created: NOW });
  const all = [explicitOld, wildcard, teamWildcard, expiredNewest, distribution, otherTeam, explicitNew];
  const input = (settings: Record<string, string>, profiles = all) => ({ settings, bundleId: 'com.example.driver', profiles, now: NOW });

  it('automatic: the newest unexpired explicit development profile of the team, and says why', () => {
    const choice = chooseProfile(input({ DEVELOPMENT_TEAM: 'ABCDE12345' }));
    assert.equal(choice.style, 'automatic');
    assert.equal(choice.profile?.uuid, 'explicit-new');
    assert.match(choice.reason, /newest unexpired development profile of team ABCDE12345/);
    assert.match(choice.reason, /names com\.example\.driver exactly/);
  });

  it('automatic: explicit before wildcard, the longer wildcard before the team wildcard', () => {
    assert.equal(chooseProfile(input({}, [wildcard, teamWildcard])).profile?.uuid, 'wildcard');
    assert.match(chooseProfile(input({}, [wildcard, teamWildcard])).reason, /wildcard app ID ABCDE12345\.com\.example\.\* covers/);
  });

  it('automatic: a distribution identity prefers the distribution profile', () => {
    assert.equal(chooseProfile(input({ CODE_SIGN_IDENTITY: 'Developer ID Application' })).profile?.uuid, 'devid');
  });

  it('automatic: only expired profiles match — picks the newest and says Xcode would fail', () => {
    const choice = chooseProfile(input({}, [expiredNewest]));
    assert.equal(choice.profile?.uuid, 'expired');
    assert.match(choice.reason, /only expired profiles/);
  });

  it('automatic: another team or no covering app ID gives no profile with a reason', () => {
    const choice = chooseProfile(input({ DEVELOPMENT_TEAM: 'QQQQQ11111' }));
    assert.equal(choice.profile, undefined);
    assert.match(choice.reason, /none of the 7 profiles read of team QQQQQ11111 has an app ID that covers com\.example\.driver/);
  });

  it('manual: by name, by UUID (PROVISIONING_PROFILE too), with a team prefix, and a missing one', () => {
    assert.equal(chooseProfile(input({ CODE_SIGN_STYLE: 'Manual', PROVISIONING_PROFILE_SPECIFIER: 'explicit-old' })).profile?.uuid, 'explicit-old');
    assert.equal(chooseProfile(input({ CODE_SIGN_STYLE: 'Manual', PROVISIONING_PROFILE: 'EXPIRED' })).profile?.uuid, 'expired');
    assert.equal(chooseProfile(input({ CODE_SIGN_STYLE: 'Manual', PROVISIONING_PROFILE_SPECIFIER: 'ZZZZZ99999/other-team' })).profile?.uuid, 'other-team');
    assert.equal(chooseProfile(input({ CODE_SIGN_STYLE: 'Manual', PROVISIONING_PROFILE_SPECIFIER: 'ABCDE12345/other-team' })).profile, undefined);
    const missing = chooseProfile(input({ CODE_SIGN_STYLE: 'Manual', PROVISIONING_PROFILE_SPECIFIER: 'Nope' }));
    assert.equal(missing.profile, undefined);
    assert.match(missing.reason, /names the profile "Nope"/);
    assert.match(chooseProfile(input({ CODE_SIGN_STYLE: 'Manual' })).reason, /without a provisioning profile/);
  });

  it('passes over profiles of another platform', () => {
    const ios = profile({ uuid: 'ios', platforms: ['iOS'], created: NOW });
    assert.equal(chooseProfile({ ...input({}, [ios, explicitOld]), platform: 'OSX' }).profile?.uuid, 'explicit-old');
  });
});
