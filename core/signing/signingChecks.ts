/**
 * The signing checks of one target: its `.entitlements` file (parsed with positions) against the
 * provisioning profile it signs with, the profile's own validity, and what a dext or a host app
 * must and must not hold. Pure: the caller supplies the parsed file, the target's settings, the
 * chosen profile and "now" (never read from the clock here). Findings sit on the key they are about;
 * findings about the profile as a whole sit on the file's root `<dict>` tag.
 */
import type { Span } from '../model/span';
import { entry, plainValue, type PlistDocument, type PlistEntry } from '../plist/plistXml';
import type { Finding } from '../rules/finding';
import { coverage, isDevelopmentForm, render } from './entitlementCoverage';
import { appIdTeam, describe, matchAppId, signingSetting, type ProfileChoice, type SigningSettings } from './profileChoice';
import type { ProvisioningProfile } from './provisioningProfile';
import { SIGNING_RULES, signingFinding } from './signingRules';

export const SYSTEM_EXTENSION_INSTALL = 'com.apple.developer.system-extension.install';
export const EXPIRY_WARNING_DAYS = 14;
const DAY = 24 * 60 * 60 * 1000;
const DRIVERKIT_PREFIX = 'com.apple.developer.driverkit';
/** App Sandbox device access: meaningful for sandboxed apps, rejected in a dext (forums thread/680284). */
const SANDBOX_DEVICE_PREFIX = 'com.apple.security.device.';

/**
 * Entitlements macOS lets any signed code use without a profile (unrestricted), so a profile never
 * has to grant them: the App Sandbox and hardened-runtime keys (`com.apple.security.*`).
 */
function needsProfile(key: string): boolean {
  return !key.startsWith('com.apple.security.');
}

export interface SigningTarget {
  readonly role: 'dext' | 'app';
  /** The `.entitlements` file the target signs with (CODE_SIGN_ENTITLEMENTS). */
  readonly entitlementsPath: string;
  readonly entitlements: PlistDocument;
  readonly settings: SigningSettings;
  /** PRODUCT_BUNDLE_IDENTIFIER, resolved. */
  readonly bundleId?: string;
  readonly choice: ProfileChoice;
}

export function checkSigning(target: SigningTarget, now: number): Finding[] {
  const root = target.entitlements.root;
  if (root?.kind !== 'dict') return [];
  const anchor: Span = { start: root.span.start, end: root.span.start + '<dict>'.length };
  const out: Finding[] = [];
  const profile = target.choice.profile;
  if (!profile) {
    const specifier = signingSetting(target.settings, 'PROVISIONING_PROFILE_SPECIFIER') ?? signingSetting(target.settings, 'PROVISIONING_PROFILE');
    if (target.choice.style === 'manual' && specifier) {
      out.push(signingFinding(SIGNING_RULES.profileMissing, target.entitlementsPath, anchor, target.choice.reason, { specifier }));
    }
  } else {
    out.push(...checkProfile(target, profile, anchor, now));
    for (const item of root.entries) out.push(...checkGranted(target, profile, item));
  }
  if (target.role === 'dext') out.push(...checkDextKeys(target, root.entries));
  return out;
}

/** The profile as a whole: expiry, certificates, team and app ID. */
function checkProfile(target: SigningTarget, profile: ProvisioningProfile, anchor: Span, now: number): Finding[] {
  const path = target.entitlementsPath;
  const data = profileData(profile);
  const out: Finding[] = [];
  if (profile.expires !== undefined && profile.expires <= now) {
    out.push(signingFinding(SIGNING_RULES.profileExpired, path, anchor, `The provisioning profile ${describe(profile)} has expired; download or regenerate it (Xcode › Settings › Accounts › Download Manual Profiles).`, data));
  } else if (profile.expires !== undefined && profile.expires - now <= EXPIRY_WARNING_DAYS * DAY) {
    const days = Math.max(0, Math.ceil((profile.expires - now) / DAY));
    out.push(signingFinding(SIGNING_RULES.profileExpiring, path, anchor, `The provisioning profile ${describe(profile)} expires in ${days} day${days === 1 ? '' : 's'}.`, data));
  }
  if (profile.certificates.length > 0 && profile.certificates.every((c) => c.notAfter <= now)) {
    const names = profile.certificates.map((c) => `"${c.commonName}" (expired ${new Date(c.notAfter).toISOString().slice(0, 10)})`).join(', ');
    out.push(signingFinding(SIGNING_RULES.certificateExpired, path, anchor, `Every certificate the profile ${describe(profile)} allows has expired: ${names}. Create a new certificate and a profile that includes it.`, data));
  }
  const team = signingSetting(target.settings, 'DEVELOPMENT_TEAM');
  const profileTeam = appIdTeam(profile.appId) ?? profile.teamIds[0];
  if (team && profileTeam && team !== profileTeam && !profile.teamIds.includes(team)) {
    out.push(signingFinding(SIGNING_RULES.teamMismatch, path, anchor, `DEVELOPMENT_TEAM is ${team}, but the profile ${describe(profile)} belongs to team ${profileTeam}.`, { ...data, team, profileTeam }));
  }
  if (target.bundleId && profile.appId && !matchAppId(profile.appId, target.bundleId)) {
    out.push(signingFinding(SIGNING_RULES.appIdMismatch, path, anchor, `The profile ${describe(profile)} is for the app ID ${profile.appId}, which does not cover the bundle identifier ${target.bundleId}.`, { ...data, appId: profile.appId, bundleId: target.bundleId }));
  }
  return out;
}

/** One key of the .entitlements file against the profile's grant, with the DriverKit forms told apart. */
function checkGranted(target: SigningTarget, profile: ProvisioningProfile, item: PlistEntry): Finding[] {
  const key = item.key;
  if (!needsProfile(key)) return [];
  const requested = plainValue(item.value);
  const allowed = profile.entitlements[key];
  const path = target.entitlementsPath;
  const data = { ...profileData(profile), key };
  const driverKit = key.startsWith(DRIVERKIT_PREFIX);
  if (driverKit && isDevelopmentForm(requested)) {
    if (profile.kind === 'distribution') {
      return [signingFinding(SIGNING_RULES.developmentVariantInDistribution, path, item.keySpan,
        `${key} is in its development form (${render(requested)}), which only development-signed builds may use; the distribution profile ${describe(profile)} grants ${allowed === undefined ? 'no form of it' : render(allowed)}. List the approved values instead.`, data)];
    }
    if (allowed !== undefined && !isDevelopmentForm(allowed) && !coverage(requested, allowed).granted) {
      return [signingFinding(SIGNING_RULES.developmentVariantMissing, path, item.keySpan,
        `${key} is in its development form (${render(requested)}), but the profile ${describe(profile)} grants only the approved values ${render(allowed)}. Add the DriverKit development capability to the App ID and regenerate the profile, or list the approved values.`, data)];
    }
  }
  const result = coverage(requested, allowed);
  if (result.granted) return [];
  const message = allowed === undefined
    ? `The provisioning profile ${describe(profile)} does not grant ${key}.${driverKit ? ' Request the entitlement for the App ID (or add its development capability) and regenerate the profile.' : ''}`
    : `The provisioning profile ${describe(profile)} grants ${key} as ${render(allowed)}, which does not cover ${result.missing.join(', ')}.`;
  return [signingFinding(SIGNING_RULES.notGranted, path, item.keySpan, message, { ...data, missing: result.missing.join(', ') })];
}

/** What a dext must not hold: App Sandbox device keys. */
function checkDextKeys(target: SigningTarget, entries: readonly PlistEntry[]): Finding[] {
  return entries
    .filter((e) => e.key.startsWith(SANDBOX_DEVICE_PREFIX))
    .map((e) => signingFinding(SIGNING_RULES.sandboxKeyInDext, target.entitlementsPath, e.keySpan,
      `${e.key} is an App Sandbox key for apps; in a driver extension it gets the dext rejected. Device access comes from the DriverKit transport entitlement instead; remove this key.`, { key: e.key, fix: 'remove-key' }));
}

export interface HostApp {
  readonly entitlementsPath: string;
  readonly entitlements: PlistDocument;
}

/** A host app that embeds a dext must be allowed to install system extensions. */
export function checkHostApp(host: HostApp, embeddedDexts: readonly string[]): Finding[] {
  const root = host.entitlements.root;
  if (root?.kind !== 'dict' || embeddedDexts.length === 0) return [];
  const install = entry(root, SYSTEM_EXTENSION_INSTALL)?.value;
  if (install?.kind === 'boolean' && install.value) return [];
  const span: Span = install ? install.span : { start: root.span.start, end: root.span.start + '<dict>'.length };
  return [signingFinding(SIGNING_RULES.hostMissingInstall, host.entitlementsPath, span,
    `This app embeds ${embeddedDexts.join(', ')} but ${install ? 'sets' : 'lacks'} ${SYSTEM_EXTENSION_INSTALL}${install ? ' to something other than true' : ''}, so its activation request fails with OSSystemExtensionErrorMissingEntitlement.`,
    { key: SYSTEM_EXTENSION_INSTALL, value: 'true', fix: install ? 'set-true' : 'add-key' })];
}

function profileData(profile: ProvisioningProfile): Record<string, string> {
  return { profile: profile.uuid, profileName: profile.name, profilePath: profile.path };
}
