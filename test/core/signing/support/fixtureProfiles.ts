/**
 * The profiles a signing fixture project describes in its `profiles.json`, signed for real with
 * openssl into a folder of their own (dates relative to now, so "expired three days ago" stays true).
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY, ProfileFactory, type ProfileSpec } from './profiles';

interface FixtureProfile {
  readonly name: string;
  readonly uuid: string;
  readonly bundleId: string;
  readonly team?: string;
  readonly entitlements?: string;
  readonly development?: boolean;
  readonly allDevices?: boolean;
  readonly createdDaysAgo?: number;
  readonly expiresInDays?: number;
  /** `valid` (the default) or `expired`, one certificate each. */
  readonly certificates?: readonly ('valid' | 'expired')[];
}

let shared: ProfileFactory | undefined;

/** Signs the fixture's profiles into a new folder and returns it. */
export function fixtureProfiles(fixture: string, now = Date.now()): string {
  const factory = (shared ??= new ProfileFactory());
  const folder = mkdtempSync(join(tmpdir(), 'driverkit-fixture-profiles-'));
  const described = JSON.parse(readFileSync(join(fixture, 'profiles.json'), 'utf8')) as { profiles: FixtureProfile[] };
  for (const p of described.profiles) {
    const team = p.team ?? 'ABCDE12345';
    const certificates = (p.certificates ?? ['valid']).map((kind) =>
      kind === 'expired' ? factory.expiredCertificate(`Apple Development: Probe Team (${team})`, team) : factory.certificate(`Apple Development: Probe Team (${team})`, team, 365));
    const spec: ProfileSpec = {
      name: p.name,
      uuid: p.uuid,
      team,
      bundleId: p.bundleId,
      entitlementsXml: p.entitlements ?? '',
      created: new Date(now - (p.createdDaysAgo ?? 5) * DAY),
      expires: new Date(now + (p.expiresInDays ?? 200) * DAY),
      development: p.development ?? true,
      allDevices: p.allDevices ?? false,
      certificates,
    };
    factory.profile(spec, `${p.uuid}.provisionprofile`, { folder });
  }
  return folder;
}
