/**
 * The provisioning profile a target signs with, as a whole: named but not found, expired or about to
 * expire, every certificate expired, another team, an app ID that does not cover the bundle id.
 * Findings sit on the start tag of the target's .entitlements root dict (or its Info.plist's, for a
 * target signed without entitlements), and name the profile; `data.profilePath` lets the editor
 * open the profile's details.
 *
 * Only manual signing is judged here: automatic signing picks a matching profile of the right team
 * by itself, and Xcode renews the profiles it manages when they expire.
 */
import { openTag, type PlistFile } from '../../plist/plistContext';
import { appIdTeam, describe, matchAppId, signingSetting } from '../../signing/profileChoice';
import type { ProvisioningProfile } from '../../signing/provisioningProfile';
import { finding, type Finding } from '../finding';
import type { RuleInfo } from '../rule';
import type { ProfileFileRule, SigningContext, SigningRule, SigningTarget } from './context';

export const EXPIRY_WARNING_DAYS = 14;
const DAY = 24 * 60 * 60 * 1000;

/** Where a finding about the target's profile goes: its entitlements, else its Info.plist. */
export function anchorFile(target: SigningTarget): PlistFile | undefined {
  return [target.entitlements, target.infoPlist].find((file) => file?.document.root?.kind === 'dict');
}

export function profileData(profile: ProvisioningProfile): Record<string, string> {
  return { profile: profile.uuid, profileName: profile.name, profilePath: profile.path };
}

const day = (time: number): string => new Date(time).toISOString().slice(0, 10);

/** One finding about the target's chosen profile, when Xcode signs it and the profile is known. */
function aboutProfile(rule: RuleInfo, { target }: SigningContext, message: (profile: ProvisioningProfile) => string | undefined, extra: Record<string, string> = {}): Finding[] {
  const profile = target.choice?.profile;
  const file = anchorFile(target);
  if (!profile || !file || !target.signedByXcode || target.choice?.style !== 'manual') return [];
  const text = message(profile);
  return text === undefined ? [] : [finding(rule, file.path, openTag(file.text, file.document.root!), text, undefined, { ...profileData(profile), ...extra })];
}

const forWhom = (target: SigningTarget): string => `${target.name}${target.configuration ? ` (${target.configuration})` : ''}`;

export const profileMissing: SigningRule = {
  id: 'signing.profile-missing',
  severity: 'warning',
  summary: 'Manual signing names a provisioning profile that is not among the profiles read.',
  applies: 'signing',
  check: ({ target }) => {
    const file = anchorFile(target);
    const specifier = signingSetting(target.settings, 'PROVISIONING_PROFILE_SPECIFIER') ?? signingSetting(target.settings, 'PROVISIONING_PROFILE');
    if (!file || !target.signedByXcode || !target.choice || target.choice.profile || target.choice.style !== 'manual' || !specifier) return [];
    return [finding(profileMissing, file.path, openTag(file.text, file.document.root!), `${forWhom(target)}: ${target.choice.reason}`, undefined, { specifier })];
  },
};

export const profileExpired: SigningRule = {
  id: 'signing.profile-expired',
  severity: 'error',
  summary: 'The provisioning profile the target signs with has expired.',
  applies: 'signing',
  check: (context) => aboutProfile(profileExpired, context, (profile) =>
    profile.expires !== undefined && profile.expires <= context.now
      ? `${forWhom(context.target)} signs with the provisioning profile ${describe(profile)}, which has expired; download or regenerate it (Xcode › Settings › Accounts › Download Manual Profiles).`
      : undefined),
};

export const profileExpiring: SigningRule = {
  id: 'signing.profile-expiring',
  severity: 'warning',
  summary: `The provisioning profile the target signs with expires within ${EXPIRY_WARNING_DAYS} days.`,
  applies: 'signing',
  check: (context) => aboutProfile(profileExpiring, context, (profile) => {
    if (profile.expires === undefined || profile.expires <= context.now || profile.expires - context.now > EXPIRY_WARNING_DAYS * DAY) return undefined;
    const days = Math.ceil((profile.expires - context.now) / DAY);
    return `${forWhom(context.target)} signs with the provisioning profile ${describe(profile)}, which expires in ${days} day${days === 1 ? '' : 's'}.`;
  }),
};

export const certificateExpired: SigningRule = {
  id: 'signing.certificate-expired',
  severity: 'error',
  summary: 'Every certificate the provisioning profile allows has expired, so nothing can sign with it.',
  applies: 'signing',
  check: (context) => aboutProfile(certificateExpired, context, (profile) => {
    if (profile.certificates.length === 0 || profile.certificates.some((c) => c.notAfter > context.now)) return undefined;
    const names = profile.certificates.map((c) => `"${c.commonName}" (expired ${day(c.notAfter)})`).join(', ');
    return `Every certificate the provisioning profile ${describe(profile)} allows has expired: ${names}. Create a new certificate and a profile that includes it.`;
  }),
};

export const teamMismatch: SigningRule = {
  id: 'signing.team-mismatch',
  severity: 'error',
  summary: 'The provisioning profile belongs to another team than the target\'s DEVELOPMENT_TEAM.',
  applies: 'signing',
  check: (context) => {
    const team = signingSetting(context.target.settings, 'DEVELOPMENT_TEAM');
    return aboutProfile(teamMismatch, context, (profile) => {
      const profileTeam = appIdTeam(profile.appId) ?? profile.teamIds[0];
      return team && profileTeam && team !== profileTeam && !profile.teamIds.includes(team)
        ? `DEVELOPMENT_TEAM of ${forWhom(context.target)} is ${team}, but its provisioning profile ${describe(profile)} belongs to team ${profileTeam}.`
        : undefined;
    });
  },
};

export const appIdMismatch: SigningRule = {
  id: 'signing.app-id-mismatch',
  severity: 'error',
  summary: 'The provisioning profile\'s app ID does not cover the target\'s bundle identifier.',
  applies: 'signing',
  check: (context) => {
    const bundleId = context.target.bundleId;
    return aboutProfile(appIdMismatch, context, (profile) =>
      bundleId && profile.appId && !matchAppId(profile.appId, bundleId)
        ? `The provisioning profile ${describe(profile)} of ${forWhom(context.target)} is for the app ID ${profile.appId}, which does not cover the bundle identifier ${bundleId}.`
        : undefined);
  },
};

export const profileUnreadable: ProfileFileRule = {
  id: 'signing.profile-unreadable',
  severity: 'warning',
  summary: 'A provisioning profile file that cannot be read (truncated, not CMS, a malformed property list, too large).',
  applies: 'profile',
  check: (problem) => [finding(profileUnreadable, problem.path, { start: 0, end: 0 }, problem.message)],
};
