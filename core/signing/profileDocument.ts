/**
 * A provisioning profile as a readable document: what `security cms -D -i` prints, explained — who
 * it is for (team, app ID, platform), what kind it is and what that allows, when it expires, the
 * entitlements it grants (each DriverKit one in plain words, the development form named as such),
 * the devices it lists and the certificates that may sign with it; the property list itself last.
 * Pure: the caller reads the file and gives the clock.
 */
import { ENTITLEMENT_KEYS } from '../plist/plistKeys';
import { isDevelopmentForm, render } from './entitlementCoverage';
import { decodeProfile, profilePlistText, type ProvisioningProfile } from './provisioningProfile';

const DAY = 24 * 60 * 60 * 1000;
const MAX_DEVICES_LISTED = 50;

const KIND_WORDS: Readonly<Record<ProvisioningProfile['method'], string>> = {
  development: 'Development: signs builds for debugging (get-task-allow) on the devices it lists; DriverKit entitlements in their development form are allowed.',
  'developer-id': 'Developer ID: distribution outside the App Store to any Mac (ProvisionsAllDevices); only the approved form of DriverKit entitlements.',
  'app-store': 'App Store (or TestFlight): distribution through Apple; only the approved form of DriverKit entitlements.',
  'ad-hoc': 'Ad hoc: distribution to the devices it lists, without debugging.',
  enterprise: 'In-house (enterprise): distribution inside one organisation to any device.',
};

function date(time: number | undefined): string {
  return time === undefined ? 'unknown' : new Date(time).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}

function until(time: number | undefined, now: number): string {
  if (time === undefined) return '';
  const days = Math.round((time - now) / DAY);
  return time <= now ? ` — EXPIRED ${-days} day${days === -1 ? '' : 's'} ago` : ` — in ${days} day${days === 1 ? '' : 's'}`;
}

function explanation(key: string, value: unknown): string {
  const info = ENTITLEMENT_KEYS.find((k) => k.key === key);
  const form = key.startsWith('com.apple.developer.driverkit') && isDevelopmentForm(value) ? ' Development form (a * value): any hardware, development-signed builds only.' : '';
  if (info) return `${info.summary}${form}`;
  if (key.endsWith('application-identifier')) return 'The app ID the profile is for (team prefix and bundle id).';
  if (key === 'com.apple.developer.team-identifier') return 'The team that owns the profile.';
  if (key === 'get-task-allow') return 'Debuggers may attach: the mark of a development profile.';
  if (key === 'keychain-access-groups') return 'Keychain groups the app may use.';
  return form.trim();
}

export function renderProfileDocument(profile: ProvisioningProfile, plistText: string | undefined, now: number): string {
  const lines: string[] = [];
  const add = (...more: string[]) => lines.push(...more);
  add(`Provisioning profile "${profile.name}"`, '='.repeat(24 + profile.name.length), '');
  add(`File:        ${profile.path}`);
  add(`UUID:        ${profile.uuid}`);
  add(`Team:        ${profile.teamName ? `${profile.teamName} ` : ''}(${profile.teamIds.join(', ') || 'none listed'})`);
  add(`App ID:      ${profile.appId ?? 'none'}${profile.appId?.endsWith('*') ? '  (a wildcard: covers every bundle id with that prefix)' : ''}`);
  add(`Platform:    ${profile.platforms.join(', ') || 'not listed'}`);
  add(`Kind:        ${KIND_WORDS[profile.method]}`);
  add(`Created:     ${date(profile.created)}`);
  add(`Expires:     ${date(profile.expires)}${until(profile.expires, now)}`);
  add('', `Entitlements it grants (${Object.keys(profile.entitlements).length})`, '-----------------------------');
  for (const [key, value] of Object.entries(profile.entitlements).sort(([a], [b]) => a.localeCompare(b))) {
    add(`${key} = ${render(value)}`);
    const words = explanation(key, value);
    if (words) add(`    ${words}`);
  }
  add('', 'Devices', '-------');
  if (profile.provisionsAllDevices) add('Every device (ProvisionsAllDevices).');
  else if (profile.devices.length === 0) add('None listed: the profile is not limited to devices (App Store) or lists none.');
  else {
    add(`${profile.devices.length} device${profile.devices.length === 1 ? '' : 's'}:`);
    for (const device of profile.devices.slice(0, MAX_DEVICES_LISTED)) add(`  ${device}`);
    if (profile.devices.length > MAX_DEVICES_LISTED) add(`  … and ${profile.devices.length - MAX_DEVICES_LISTED} more`);
  }
  add('', 'Certificates that may sign with it', '----------------------------------');
  if (profile.certificates.length === 0) add('None listed.');
  for (const c of profile.certificates) {
    add(`${c.commonName || '(no common name)'}${c.organizationalUnit ? ` — team ${c.organizationalUnit}` : ''}`);
    add(`    valid ${date(c.notBefore)} to ${date(c.notAfter)}${until(c.notAfter, now)}`);
    add(`    SHA-1 ${c.sha1}`);
  }
  if (profile.certificates.length > 0 && profile.certificates.every((c) => c.notAfter <= now)) add('', 'Every certificate has expired: nothing can sign with this profile any more.');
  if (plistText !== undefined) add('', 'The property list inside (what `security cms -D -i` prints)', '------------------------------------------------------------', plistText.trimEnd());
  return `${lines.join('\n')}\n`;
}

/** The document for a profile file's bytes, or one paragraph saying why it cannot be read. */
export function profileDocument(bytes: Uint8Array, path: string, now: number): string {
  const read = decodeProfile(bytes, path);
  if (!read.ok) return `${path}\n\nThis provisioning profile cannot be shown: ${read.problem.message}\n`;
  return renderProfileDocument(read.profile, profilePlistText(bytes), now);
}
