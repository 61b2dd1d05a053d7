/**
 * The shape of the known-failure table (knownFailures.ts) and the fixes its entries share: what the
 * activation report offers to do about a failure, and what to do about each OSSystemExtensionError code.
 */
/** What the report offers to do about a failure. */
export type FixKind =
  /** Open the entitlement key in the dext's or the app's .entitlements file. */
  | 'open-entitlement'
  /** Raise CFBundleVersion so the system takes the new build for a new version. */
  | 'bump-bundle-version'
  | 'remove-quarantine'
  /** A restart, or `systemextensionsctl reset` (which needs SIP relaxed). */
  | 'reboot-or-reset'
  | 'move-to-applications'
  | 'approve-in-settings'
  /** Fix signing: the profile, the certificate, notarization. */
  | 'check-signing'
  | 'embed-dext'
  /** Look at the dext's own code (Start, init) and its crash reports. */
  | 'check-dext-code';

export interface Fix {
  readonly kind: FixKind;
  /** What to do, in words. */
  readonly label: string;
  /** For open-entitlement: the key; `target` says whose file. */
  readonly key?: string;
  readonly target?: 'dext' | 'app';
}

export interface KnownFailure {
  readonly id: string;
  /** Matched against the log message. */
  readonly pattern: RegExp;
  /** Processes that write it (`kernel`, `sysextd`, …); empty: any. */
  readonly processes: readonly string[];
  /** A failure, or a state worth knowing (waiting for approval); a pattern: a failure when the line also matches it. */
  readonly failure: boolean | RegExp;
  readonly title: string;
  /** The cause in words; a message that stands for an error code takes the code's explanation instead. */
  readonly cause?: string;
  /** The OSSystemExtensionError code the message stands for, fixed or read from the match. */
  readonly code?: number | ((m: RegExpExecArray) => number | undefined);
  /** A cause naming what the line names (the class, the registry id, the IOReturn). */
  readonly explain?: (m: RegExpExecArray, line: string) => string;
  readonly fixes: readonly Fix[];
  readonly source: string;
}


export const fix = (kind: FixKind, label: string, more: Partial<Fix> = {}): Fix => ({ kind, label, ...more });
export const REBOOT = fix('reboot-or-reset', 'Restart the Mac (or run `systemextensionsctl reset` with SIP relaxed), then activate again.');
export const BUMP = fix('bump-bundle-version', 'Raise the dext\'s CFBundleVersion, rebuild, and activate again.');
export const MOVE = fix('move-to-applications', 'Copy the app to /Applications and launch it from there (or turn on `systemextensionsctl developer on` while developing).');
export const UNQUARANTINE = fix('remove-quarantine', 'Remove the quarantine attribute from the app bundle.');
export const EMBED = fix('embed-dext', 'Embed the dext in Contents/Library/SystemExtensions and request its exact bundle id.');
export const SIGNING = fix('check-signing', 'Check the dext\'s signature, profile and entitlements (the signing checks).');

/** What to do about each OSSystemExtensionError code. */
export const CODE_FIXES: Readonly<Record<number, readonly Fix[]>> = {
  2: [fix('open-entitlement', 'Add com.apple.developer.system-extension.install to the host app.', { key: 'com.apple.developer.system-extension.install', target: 'app' })],
  3: [MOVE, UNQUARANTINE],
  4: [EMBED],
  8: [SIGNING],
  9: [SIGNING],
  12: [fix('reboot-or-reset', 'Wait for the earlier request, or restart the Mac, then activate again.')],
  13: [fix('approve-in-settings', 'Allow the extension in System Settings › Privacy & Security.')],
};
