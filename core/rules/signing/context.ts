/**
 * What the signing rules see. A signing target is one configuration of an Xcode target that signs
 * (a dext or a host app) with the .entitlements file that configuration names, its settings, the
 * profile Xcode would sign it with and why; a dext without a project is a target too (its Info.plist's
 * bundle id, no settings). Rules never read files or the clock: `now` and the profiles are given.
 */
import type { Fix } from '../../fixes/fix';
import type { PlistFile } from '../../plist/plistContext';
import type { BuiltProduct } from '../../signing/builtProducts';
import type { ProfileChoice, SigningSettings } from '../../signing/profileChoice';
import type { ProfileProblem } from '../../signing/provisioningProfile';
import type { LinkedProject, LinkedTarget } from '../../xcode/projectSettings';
import type { Finding } from '../finding';
import type { PlistFixRequest } from '../plist/context';
import type { RuleInfo } from '../rule';

export interface SigningTarget {
  readonly role: 'dext' | 'app';
  /** The Xcode target's name, or the dext's bundle id when no project builds it. */
  readonly name: string;
  /** The Xcode target, when a project builds it. */
  readonly target?: LinkedTarget;
  /** The configuration (`Debug`, `Release`), when a project says. */
  readonly configuration?: string;
  /** The .entitlements file this configuration signs with, when it names one that was read. */
  readonly entitlements?: PlistFile;
  /** A dext's Info.plist, where findings about the profile go when there is no .entitlements file. */
  readonly infoPlist?: PlistFile;
  /** CODE_SIGN_ENTITLEMENTS names a file that is not there (or not readable). */
  readonly entitlementsMissing?: string;
  readonly settings: SigningSettings;
  readonly bundleId?: string;
  /** `OSX` for a macOS app, `iOS` for an iOS / iPadOS one; undefined for dexts (either). */
  readonly platform?: 'OSX' | 'iOS';
  /** False when Xcode does not sign it (empty identity, CODE_SIGNING_ALLOWED = NO): a script does. */
  readonly signedByXcode: boolean;
  /**
   * The profile Xcode would sign it with, and why; undefined when no provisioning profile was
   * read at all (then nothing about profiles can be said).
   */
  readonly choice?: ProfileChoice;
  /** The built bundle of this configuration, with what it was signed with, when it was read. */
  readonly built?: BuiltProduct;
}

export interface SigningContext {
  readonly target: SigningTarget;
  readonly now: number;
}

/** A project's targets, for what is judged across them (which app embeds which dext). */
export interface SigningProjectContext {
  readonly project: LinkedProject;
  /** The project file's text (findings sit on a target's definition). */
  readonly text: string;
  /** Every signing target of the project (each configuration). */
  readonly targets: readonly SigningTarget[];
}

interface SigningRuleBase<C> extends RuleInfo {
  check(context: C): Finding[];
  fix?(request: PlistFixRequest, finding: Finding): Fix | undefined;
}

/** A rule over one signing target (findings on its .entitlements file). */
export interface SigningRule extends SigningRuleBase<SigningContext> {
  readonly applies: 'signing';
}

/** A rule over one Xcode project's targets. */
export interface SigningProjectRule extends SigningRuleBase<SigningProjectContext> {
  readonly applies: 'signing-project';
}

/** A rule over a provisioning profile file that could not be read. */
export interface ProfileFileRule extends RuleInfo {
  readonly applies: 'profile';
  check(problem: ProfileProblem): Finding[];
}
