/**
 * Each key of a target's .entitlements file against the provisioning profile it signs with, and what
 * a dext must not hold. An entitlement outside `com.apple.security.*` (the App Sandbox and hardened
 * runtime keys any signed code may use) is restricted: the profile must grant it, with values that
 * cover what is asked (core/signing/entitlementCoverage). DriverKit entitlements come in a development
 * form (a `*` value) that only development profiles grant, and an approved form with explicit values.
 *
 * Automatic signing that falls back on a wildcard profile is not judged key by key: Xcode registers
 * an explicit App ID and makes a new profile when the entitlements need capabilities.
 */
import { plainValue, type PlistEntry } from '../../plist/plistXml';
import { coverage, grantedPart, isDevelopmentForm, render } from '../../signing/entitlementCoverage';
import { plistValueXml } from '../../plist/plistWrite';
import { describe, matchAppId } from '../../signing/profileChoice';
import type { ProvisioningProfile } from '../../signing/provisioningProfile';
import { finding, type Finding } from '../finding';
import type { RuleInfo } from '../rule';
import type { SigningContext, SigningRule, SigningTarget } from './context';
import { profileData } from './profileRules';
import { grantedValueFix, removeKeyFix } from './signingFixes';
import { signedButNotGranted } from './builtRules';

const DRIVERKIT_PREFIX = 'com.apple.developer.driverkit';
/** App Sandbox device access: for sandboxed apps; a dext holding one is rejected (developer forums thread 680284). */
const SANDBOX_DEVICE_PREFIX = 'com.apple.security.device.';

/** Entitlements any signed code may use without a profile: the App Sandbox and hardened-runtime keys. */
export function needsProfile(key: string): boolean {
  return !key.startsWith('com.apple.security.');
}

/** The profile whose grants are judged key by key: Xcode signs with it as it is. */
function judgedProfile(target: SigningTarget): ProvisioningProfile | undefined {
  const profile = target.choice?.profile;
  if (!profile || !target.signedByXcode || !target.entitlements) return undefined;
  const exact = target.bundleId !== undefined && matchAppId(profile.appId, target.bundleId)?.exact === true;
  return target.choice?.style === 'manual' || exact ? profile : undefined;
}

/** Findings of `judge` for each restricted key of the target's entitlements. */
function eachKey(rule: RuleInfo, { target }: SigningContext, judge: (item: PlistEntry, requested: unknown, allowed: unknown, profile: ProvisioningProfile) => string | undefined): Finding[] {
  const profile = judgedProfile(target);
  const root = target.entitlements?.document.root;
  if (!profile || root?.kind !== 'dict') return [];
  return root.entries.flatMap((item) => {
    if (!needsProfile(item.key)) return [];
    const requested = plainValue(item.value);
    const allowed = profile.entitlements[item.key];
    const message = judge(item, requested, allowed, profile);
    if (message === undefined) return [];
    const granted = grantedPart(requested, allowed);
    const offer: Record<string, string> = granted === undefined ? {} : { granted: plistValueXml(granted), grantedText: render(granted) };
    return [finding(rule, target.entitlements!.path, item.keySpan, message, undefined, { ...profileData(profile), key: item.key, ...offer })];
  });
}

/** Whether the development-form rules own this key's finding. */
function developmentFormMismatch(key: string, requested: unknown, allowed: unknown, profile: ProvisioningProfile): 'in-distribution' | 'missing' | undefined {
  if (!key.startsWith(DRIVERKIT_PREFIX) || !isDevelopmentForm(requested)) return undefined;
  if (profile.kind === 'distribution') return 'in-distribution';
  if (allowed !== undefined && !isDevelopmentForm(allowed) && !coverage(requested, allowed).granted) return 'missing';
  return undefined;
}

export const entitlementNotGranted: SigningRule = {
  id: 'signing.entitlement-not-granted',
  severity: 'error',
  summary: 'An entitlement the target signs with that its provisioning profile does not grant, or grants with other values (USB vendors, userclient-access bundle ids).',
  applies: 'signing',
  check: (context) => [
    ...eachKey(entitlementNotGranted, context, (item, requested, allowed, profile) => {
      if (developmentFormMismatch(item.key, requested, allowed, profile)) return undefined;
      const result = coverage(requested, allowed);
      if (result.granted) return undefined;
      return allowed === undefined
        ? `The provisioning profile ${describe(profile)} does not grant ${item.key}.${item.key.startsWith(DRIVERKIT_PREFIX) ? ' Request the entitlement for the App ID (or add its development capability) and regenerate the profile.' : ''}`
        : `The provisioning profile ${describe(profile)} grants ${item.key} as ${render(allowed)}, which does not cover ${result.missing.join(', ')}.`;
    }),
    ...signedButNotGranted(entitlementNotGranted, context),
  ],
  fix: (request, found) => grantedValueFix(request, found) ?? removeKeyFix(request, found, false),
};

export const developmentVariantInDistribution: SigningRule = {
  id: 'signing.development-variant-in-distribution',
  severity: 'error',
  summary: 'A DriverKit entitlement in its development form (a `*` value) signed with a distribution profile, which grants only the approved form.',
  applies: 'signing',
  check: (context) => eachKey(developmentVariantInDistribution, context, (item, requested, allowed, profile) =>
    developmentFormMismatch(item.key, requested, allowed, profile) === 'in-distribution'
      ? `${item.key} is in its development form (${render(requested)}), which only development-signed builds may use; the distribution profile ${describe(profile)} grants ${allowed === undefined ? 'no form of it' : render(allowed)}. List the approved values instead.`
      : undefined),
  fix: (request, found) => grantedValueFix(request, found),
};

export const developmentVariantMissing: SigningRule = {
  id: 'signing.development-variant-missing',
  severity: 'error',
  summary: 'A DriverKit entitlement in its development form (a `*` value) whose development profile grants only approved, explicit values.',
  applies: 'signing',
  check: (context) => eachKey(developmentVariantMissing, context, (item, requested, allowed, profile) =>
    developmentFormMismatch(item.key, requested, allowed, profile) === 'missing'
      ? `${item.key} is in its development form (${render(requested)}), but the profile ${describe(profile)} grants only the approved values ${render(allowed)}. Add the DriverKit development capability to the App ID and regenerate the profile, or list the approved values.`
      : undefined),
  fix: (request, found) => grantedValueFix(request, found),
};

export const sandboxKeyInDext: SigningRule = {
  id: 'signing.sandbox-key-in-dext',
  severity: 'error',
  summary: 'An App Sandbox device entitlement (com.apple.security.device.*) in a driver extension, which the system rejects.',
  applies: 'signing',
  check: ({ target }) => {
    const root = target.entitlements?.document.root;
    if (target.role !== 'dext' || root?.kind !== 'dict') return [];
    return root.entries
      .filter((e) => e.key.startsWith(SANDBOX_DEVICE_PREFIX) && (e.value.kind !== 'boolean' || e.value.value))
      .map((e) => finding(sandboxKeyInDext, target.entitlements!.path, e.keySpan,
        `${e.key} is an App Sandbox key for apps; in a driver extension it gets the dext rejected. A dext reaches its device through its DriverKit transport entitlement: remove this key.`, undefined, { key: e.key }));
  },
  fix: (request, found) => removeKeyFix(request, found, true),
};
