/**
 * A folder of many real signed profiles (500 by default), made once with openssl and kept in the
 * system's temporary folder (a `done` marker says it is complete), for the discovery test and the
 * pick bench. Among noise profiles of other bundle ids it holds five for TARGET_BUNDLE: the right
 * one for automatic signing and four that must lose (older, expired but newer, wildcard, distribution).
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY, ProfileFactory, type ProfileSpec } from './profiles';

export const TARGET_BUNDLE = 'com.example.target.driver';
export const TARGET_TEAM = 'ABCDE12345';
export const RIGHT_UUID = 'AAAAAAAA-0000-4000-8000-000000000001';
/** The folder's profiles are dated around this instant. */
export const FOLDER_NOW = Date.UTC(2026, 0, 15);
const VERSION = 'v1';

export async function ensureProfileFolder(count = 500): Promise<string> {
  const root = join(tmpdir(), `driverkit-profile-folder-${VERSION}-${count}`);
  const folder = join(root, 'Provisioning Profiles');
  if (existsSync(join(root, 'done'))) return folder;
  rmSync(root, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const factory = new ProfileFactory(join(root, 'work'));
  const at = (days: number) => new Date(FOLDER_NOW + days * DAY);
  const usb = '<key>com.apple.developer.driverkit</key><true/><key>com.apple.developer.driverkit.transport.usb</key><array><dict><key>idVendor</key><integer>1234</integer></dict></array>';
  const specs: ProfileSpec[] = [
    { name: 'Target Driver Development', uuid: RIGHT_UUID, bundleId: TARGET_BUNDLE, created: at(-5), expires: at(300), entitlementsXml: usb },
    { name: 'Target Driver Development (old)', uuid: 'AAAAAAAA-0000-4000-8000-000000000002', bundleId: TARGET_BUNDLE, created: at(-200), expires: at(160), entitlementsXml: usb },
    { name: 'Target Driver Development (expired)', uuid: 'AAAAAAAA-0000-4000-8000-000000000003', bundleId: TARGET_BUNDLE, created: at(-1), expires: at(-0.5), entitlementsXml: usb },
    { name: 'Example Wildcard', uuid: 'AAAAAAAA-0000-4000-8000-000000000004', bundleId: 'com.example.*', created: at(-1), expires: at(300) },
    { name: 'Target Driver Developer ID', uuid: 'AAAAAAAA-0000-4000-8000-000000000005', bundleId: TARGET_BUNDLE, created: at(-1), expires: at(300), development: false, allDevices: true, entitlementsXml: usb },
  ];
  for (let i = specs.length; i < count; i++) {
    const hex = i.toString(16).padStart(12, '0');
    specs.push({ name: `Noise ${i}`, uuid: `BBBBBBBB-0000-4000-8000-${hex}`, bundleId: `com.noise.app${i}`, team: i % 7 === 0 ? 'ZZZZZ99999' : TARGET_TEAM, created: at(-(i % 300)), expires: at(i % 5 === 0 ? -10 : 200), development: i % 3 !== 0, entitlementsXml: i % 2 === 0 ? usb : '' });
  }
  const queue = [...specs];
  const worker = async (): Promise<void> => {
    for (let spec = queue.shift(); spec; spec = queue.shift()) await factory.profileAsync(spec, `${spec.uuid}.provisionprofile`, folder);
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  rmSync(join(root, 'work'), { recursive: true, force: true });
  writeFileSync(join(root, 'done'), '');
  return folder;
}
