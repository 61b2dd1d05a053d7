/**
 * Which provisioning profile signs a target, chosen the way Xcode chooses it, with the reason in
 * words (for hover and the CLI):
 * - manual signing (`CODE_SIGN_STYLE = Manual`) names it: `PROVISIONING_PROFILE_SPECIFIER` (a
 *   profile's name or UUID, optionally `TEAMID/` first) or the older `PROVISIONING_PROFILE` (UUID);
 * - automatic signing takes, among the profiles whose app ID covers the bundle id (explicit
 *   `TEAMID.com.example.app` before wildcards `TEAMID.com.example.*`, before `TEAMID.*`), of the
 *   target's team, the newest unexpired one of the wanted kind: development unless the signing
 *   identity is a distribution one (Xcode's automatic builds sign for development and re-sign on export).
 * Input is a plain settings record (core/xcode/buildSettings `settingsFor`), so `$(VAR)` values are
 * expanded here with the same expander the checker uses.
 */
import { resolveSetting } from '../xcode/settingExpansion';
import type { ProfileKind, ProvisioningProfile } from './provisioningProfile';

export type SigningSettings = Readonly<Record<string, string>>;

export interface ProfileChoice {
  readonly profile?: ProvisioningProfile;
  readonly style: 'automatic' | 'manual';
  /** Why this profile, or why none: one or two sentences. */
  readonly reason: string;
}

export interface ChoiceInput {
  readonly settings: SigningSettings;
  /** The target's resolved bundle id (PRODUCT_BUNDLE_IDENTIFIER). */
  readonly bundleId: string;
  readonly profiles: readonly ProvisioningProfile[];
  /** Epoch milliseconds; checks never read the clock. */
  readonly now: number;
  /** `OSX` or `iOS`: profiles for other platforms are passed over. Undefined: any. */
  readonly platform?: string;
}

/** A setting's value with `$(VAR)` expanded, or undefined when unset, empty or unresolvable. */
export function signingSetting(settings: SigningSettings, name: string): string | undefined {
  const raw = settings[name];
  if (raw === undefined) return undefined;
  const value = resolveSetting(raw, settings)?.trim();
  return value ? value : undefined;
}

export type AppIdMatch = { readonly exact: boolean; /** Characters of the bundle id the pattern fixes. */ readonly specificity: number };

/** Whether a profile's app ID (`TEAM.bundle`, `TEAM.*`, `TEAM.com.example.*`) covers `bundleId`. */
export function matchAppId(appId: string | undefined, bundleId: string): AppIdMatch | undefined {
  if (!appId) return undefined;
  const dot = appId.indexOf('.');
  if (dot < 0) return undefined;
  const pattern = appId.slice(dot + 1);
  if (pattern === bundleId) return { exact: true, specificity: bundleId.length };
  if (pattern.endsWith('*') && bundleId.startsWith(pattern.slice(0, -1))) return { exact: false, specificity: pattern.length - 1 };
  return undefined;
}

/** The team an app ID belongs to (its prefix). */
export function appIdTeam(appId: string | undefined): string | undefined {
  const dot = appId?.indexOf('.') ?? -1;
  return dot > 0 ? appId!.slice(0, dot) : undefined;
}

const DISTRIBUTION_IDENTITY = /\b(?:Developer ID|Distribution|3rd Party Mac Developer)\b/i;

/** The kind of profile the settings sign with: distribution for a distribution identity, else development. */
export function wantedKind(settings: SigningSettings): ProfileKind {
  const identity = signingSetting(settings, 'CODE_SIGN_IDENTITY') ?? '';
  return DISTRIBUTION_IDENTITY.test(identity) ? 'distribution' : 'development';
}

export function chooseProfile(input: ChoiceInput): ProfileChoice {
  const { settings } = input;
  const manual = (signingSetting(settings, 'CODE_SIGN_STYLE') ?? 'Automatic').toLowerCase() === 'manual';
  if (signingSetting(settings, 'CODE_SIGN_IDENTITY') === '-') {
    return { style: manual ? 'manual' : 'automatic', reason: 'Signed to run locally (CODE_SIGN_IDENTITY = "-"): an ad hoc signature without a provisioning profile, so macOS accepts restricted entitlements such as the DriverKit ones only with System Integrity Protection relaxed.' };
  }
  const specifier = signingSetting(settings, 'PROVISIONING_PROFILE_SPECIFIER') ?? signingSetting(settings, 'PROVISIONING_PROFILE');
  // A manual target without a specifier signs without a profile; an automatic one ignores it.
  if (manual) return chooseNamed(input, specifier);
  return chooseAutomatic(input);
}

function chooseNamed(input: ChoiceInput, specifier: string | undefined): ProfileChoice {
  if (!specifier) return { style: 'manual', reason: 'Manual signing without PROVISIONING_PROFILE_SPECIFIER or PROVISIONING_PROFILE: the target is signed without a provisioning profile, so restricted entitlements such as the DriverKit ones are not allowed.' };
  const slash = specifier.indexOf('/');
  const team = slash > 0 ? specifier.slice(0, slash) : undefined;
  const wanted = slash > 0 ? specifier.slice(slash + 1) : specifier;
  const named = input.profiles.filter((p) => (p.uuid.toLowerCase() === wanted.toLowerCase() || p.name === wanted) && (!team || p.teamIds.includes(team)));
  const profile = newest(named);
  if (!profile) return { style: 'manual', reason: `Manual signing names the profile "${specifier}", and none of the ${input.profiles.length} profiles read has that name or UUID.` };
  const others = named.length > 1 ? ` (the newest of ${named.length} profiles with that name)` : '';
  return { style: 'manual', profile, reason: `Manual signing names "${specifier}": ${describe(profile)}${others}.` };
}

function chooseAutomatic(input: ChoiceInput): ProfileChoice {
  const { settings, bundleId, now } = input;
  const team = signingSetting(settings, 'DEVELOPMENT_TEAM');
  const kind = wantedKind(settings);
  const matching = input.profiles
    .filter((p) => !input.platform || p.platforms.length === 0 || p.platforms.includes(input.platform))
    .filter((p) => !team || p.teamIds.includes(team) || appIdTeam(p.appId) === team)
    .map((p) => ({ profile: p, match: matchAppId(p.appId, bundleId) }))
    .filter((c): c is { profile: ProvisioningProfile; match: AppIdMatch } => c.match !== undefined);
  const teamWords = team ? ` of team ${team}` : '';
  if (matching.length === 0) {
    return { style: 'automatic', reason: `Automatic signing: none of the ${input.profiles.length} profiles read${teamWords} has an app ID that covers ${bundleId}.` };
  }
  const valid = matching.filter((c) => c.profile.expires === undefined || c.profile.expires > now);
  const pool = valid.length > 0 ? valid : matching;
  pool.sort((a, b) =>
    Number(b.match.exact) - Number(a.match.exact) ||
    b.match.specificity - a.match.specificity ||
    Number(b.profile.kind === kind) - Number(a.profile.kind === kind) ||
    (b.profile.created ?? 0) - (a.profile.created ?? 0));
  const best = pool[0];
  const how = best.match.exact ? `its app ID ${best.profile.appId} names ${bundleId} exactly` : `its wildcard app ID ${best.profile.appId} covers ${bundleId}`;
  const rule = valid.length > 0
    ? `Automatic signing takes the newest unexpired ${kind} profile${teamWords} whose app ID covers the bundle id, explicit before wildcard`
    : 'Automatic signing found only expired profiles for this bundle id; Xcode would fail to sign with any of them';
  const kindNote = best.profile.kind !== kind ? ` No ${kind} profile matches, so this ${best.profile.kind} profile is used.` : '';
  const rest = matching.length - 1;
  return {
    style: 'automatic',
    profile: best.profile,
    reason: `${rule}: ${describe(best.profile)}; ${how}.${kindNote}${rest > 0 ? ` ${rest} other matching profile${rest === 1 ? '' : 's'} ranked lower.` : ''}`,
  };
}

function newest(profiles: readonly ProvisioningProfile[]): ProvisioningProfile | undefined {
  return [...profiles].sort((a, b) => (b.created ?? 0) - (a.created ?? 0))[0];
}

/** `"Name" (UUID, development, expires 2026-03-01)` */
export function describe(profile: ProvisioningProfile): string {
  const expires = profile.expires !== undefined ? `, expires ${new Date(profile.expires).toISOString().slice(0, 10)}` : '';
  return `"${profile.name}" (${profile.uuid}, ${profile.kind}${expires})`;
}
