/**
 * The signing rules as records: a stable id, a severity and a one-line summary (README, CLI --list).
 * Registered in the checker's rule catalog by the caller; the checks in this folder refer to them
 * by constant, never by string.
 */
import type { Finding } from '../rules/finding';
import type { Severity } from '../rules/ruleCatalog';
import type { Span } from '../model/span';

export interface SigningRule {
  readonly id: string;
  readonly severity: Severity;
  readonly summary: string;
}

const rule = (id: string, severity: Severity, summary: string): SigningRule => ({ id, severity, summary });

export const SIGNING_RULES = {
  profileUnreadable: rule('signing.profile-unreadable', 'warning', 'A provisioning profile file that cannot be read (truncated, not CMS, malformed plist, too large).'),
  profileMissing: rule('signing.profile-missing', 'warning', 'Manual signing names a provisioning profile that is not among the profiles found.'),
  notGranted: rule('signing.entitlement-not-granted', 'error', 'An entitlement the target signs with that its provisioning profile does not grant, or grants with other values.'),
  developmentVariantInDistribution: rule('signing.development-variant-in-distribution', 'error', 'A DriverKit entitlement in its development form (a `*` value) signed with a distribution profile, which only grants the approved form.'),
  developmentVariantMissing: rule('signing.development-variant-missing', 'error', 'A DriverKit entitlement in its development form (a `*` value) whose development profile grants only the approved, explicit values.'),
  profileExpired: rule('signing.profile-expired', 'error', 'The provisioning profile has expired.'),
  profileExpiring: rule('signing.profile-expiring', 'warning', 'The provisioning profile expires within 14 days.'),
  certificateExpired: rule('signing.certificate-expired', 'error', 'Every certificate the provisioning profile allows has expired, so nothing can sign with it.'),
  teamMismatch: rule('signing.team-mismatch', 'error', 'The provisioning profile belongs to another team than the target\'s DEVELOPMENT_TEAM.'),
  appIdMismatch: rule('signing.app-id-mismatch', 'error', 'The provisioning profile\'s app ID does not cover the target\'s bundle identifier.'),
  sandboxKeyInDext: rule('signing.sandbox-key-in-dext', 'error', 'An app-sandbox device entitlement (com.apple.security.device.*) in a driver extension, which the system rejects.'),
  hostMissingInstall: rule('signing.host-missing-install', 'error', 'A host app that embeds a dext without com.apple.developer.system-extension.install, so it cannot activate it.'),
  dextNotEmbedded: rule('signing.dext-not-embedded', 'error', 'No build phase of the host app copies the dext into Contents/Library/SystemExtensions.'),
  signedDiffers: rule('signing.signed-differs', 'warning', 'The built product was signed with other entitlements than its .entitlements file holds.'),
} as const satisfies Record<string, SigningRule>;

export const ALL_SIGNING_RULES: readonly SigningRule[] = Object.values(SIGNING_RULES);

/** A finding of a signing rule; `data` carries what a quick fix needs (the key to add or remove, the profile). */
export function signingFinding(rule: SigningRule, path: string, span: Span, message: string, data?: Record<string, string>): Finding {
  return { path, span, code: rule.id, severity: rule.severity, message, ...(data ? { data } : {}) };
}
