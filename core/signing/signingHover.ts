/**
 * Hover text for an entitlement key in a `.entitlements` file: which provisioning profile grants it,
 * with what value, or why it is not granted — and why that profile is the one that signs.
 */
import { coverage, isDevelopmentForm, render } from './entitlementCoverage';
import { describe, type ProfileChoice } from './profileChoice';

/** Markdown for a hover on `key` whose value (as plain data) is `requested`. */
export function entitlementHover(key: string, requested: unknown, choice: ProfileChoice): string {
  const profile = choice.profile;
  if (!profile) return `**${key}**: no provisioning profile signs this target. ${choice.reason}`;
  if (key.startsWith('com.apple.security.')) return `**${key}** needs no provisioning profile (an App Sandbox or hardened-runtime key).\n\n*Signing profile:* ${choice.reason}`;
  const allowed = profile.entitlements[key];
  const result = coverage(requested, allowed);
  const form = key.startsWith('com.apple.developer.driverkit') && isDevelopmentForm(allowed) ? ' (its development form: development-signed builds only)' : '';
  const verdict = allowed === undefined
    ? `Not granted: ${describe(profile)} does not list this entitlement.`
    : result.granted
      ? `Granted by ${describe(profile)} as \`${render(allowed)}\`${form}.`
      : `Not covered: ${describe(profile)} grants \`${render(allowed)}\`, not ${result.missing.join(', ')}.`;
  return `**${key}** — ${verdict}\n\n*Why this profile:* ${choice.reason}`;
}
