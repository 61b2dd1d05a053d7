/**
 * The messages macOS writes when a dext fails to activate, load or open its user client — the real
 * strings, as the system logs them — each with its cause and fix in plain words. Grown from public
 * reports; `source` names where each string was seen (xnu is apple-oss-distributions/xnu, "thread"
 * is developer.apple.com/forums/thread). Explanations are ours.
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
  /** A failure, or a state worth knowing (waiting for approval). */
  readonly failure: boolean;
  readonly title: string;
  readonly cause: string;
  readonly fixes: readonly Fix[];
  readonly source: string;
}

const fix = (kind: FixKind, label: string, more: Partial<Fix> = {}): Fix => ({ kind, label, ...more });
const REBOOT = fix('reboot-or-reset', 'Restart the Mac (or run `systemextensionsctl reset` with SIP relaxed), then activate again.');
const BUMP = fix('bump-bundle-version', 'Raise the dext\'s CFBundleVersion, rebuild, and activate again.');

export const KNOWN_FAILURES: readonly KnownFailure[] = [
  {
    id: 'dk-entitlements-check-failed',
    pattern: /\bDK: (\S+)::exit\(Entitlements check failed\)/,
    processes: ['kernel'],
    failure: true,
    title: 'The kernel refused the dext\'s entitlements',
    cause: 'The dext matched a device, but it lacks the transport entitlement for the provider (USB, PCI, HID) or the family entitlement for its IOClass, or the transport entitlement does not cover this device (for USB: its idVendor). The kernel stops the dext process.',
    fixes: [fix('open-entitlement', 'Check the dext\'s transport entitlement against the personality\'s provider and vendor.', { key: 'com.apple.developer.driverkit.transport.usb', target: 'dext' })],
    source: 'xnu iokit/Kernel/IOService.cpp (userServer->exit("Entitlements check failed")); stackoverflow 61634322',
  },
  {
    id: 'dk-provider-entitlements',
    pattern: /\bDK: (\S+): provider entitlements check failed/,
    processes: ['kernel'],
    failure: true,
    title: 'The transport entitlement does not allow this device',
    cause: 'The provider (the USB device or interface, the PCI device, the HID interface) demands a transport entitlement, and the dext\'s does not name it: the key is missing, or its values (USB idVendor, PCI match) do not match the device.',
    fixes: [fix('open-entitlement', 'Add the device\'s vendor to the transport entitlement (and to the profile).', { key: 'com.apple.developer.driverkit.transport.usb', target: 'dext' })],
    source: 'xnu iokit/Kernel/IOUserServer.cpp IOUserServer::checkEntitlements',
  },
  {
    id: 'dk-family-entitlements',
    pattern: /\bDK: (\S+): family entitlements check failed/,
    processes: ['kernel'],
    failure: true,
    title: 'The family entitlement is missing',
    cause: 'The dext\'s IOClass (for example AppleUserHIDDevice, IOUserSerial, IOUserNetworkEthernet) demands its family entitlement (family.hid.device, family.serial, family.networking …), and the dext does not have it.',
    fixes: [fix('open-entitlement', 'Add the family entitlement the personality\'s IOClass needs.', { key: 'com.apple.developer.driverkit.family.hid.device', target: 'dext' })],
    source: 'xnu iokit/Kernel/IOUserServer.cpp IOUserServer::checkEntitlements',
  },
  {
    id: 'dk-driverkit-entitlement',
    pattern: /com\.apple\.developer\.driverkit entitlement check failed for (\S+)\[(\d+)\]/,
    processes: ['kernel'],
    failure: true,
    title: 'The dext lacks com.apple.developer.driverkit',
    cause: 'Every dext must be signed with com.apple.developer.driverkit = true; this one was not, so the kernel refuses to run it.',
    fixes: [fix('open-entitlement', 'Add com.apple.developer.driverkit = true to the dext\'s entitlements.', { key: 'com.apple.developer.driverkit', target: 'dext' })],
    source: 'xnu iokit/Kernel/IOUserServer.cpp IOUserServer::launchUserServer',
  },
  {
    id: 'dk-cdhash',
    pattern: /\bDK: (\S+)::exit\(CDHash check failed\)/,
    processes: ['kernel'],
    failure: true,
    title: 'The running dext is not the build the system registered',
    cause: 'The code hash of the dext process differs from the one recorded with its personalities: the dext was rebuilt or re-signed under the same version, so the system still holds the old one (macOS 10.15–11.0).',
    fixes: [BUMP, REBOOT],
    source: 'xnu-6153 iokit/Kernel/IOService.cpp (serviceMatchesCDHash); stackoverflow 61634322',
  },
  {
    id: 'dk-check-in-token',
    pattern: /\bDK: (\S+)::exit\(Check In Token verification failed\)/,
    processes: ['kernel'],
    failure: true,
    title: 'The dext process does not belong to this launch',
    cause: 'The process that checked in is not the one the kernel launched for this device (a stale instance or a replaced copy); the kernel stops it. It follows an upgrade under an unchanged version or a half-finished replacement.',
    fixes: [BUMP, REBOOT],
    source: 'xnu iokit/Kernel/IOService.cpp (userServer->exit("Check In Token verification failed"), macOS 11.1 and later)',
  },
  {
    id: 'dk-third-party-hardware',
    pattern: /\bDK: (\S+)::exit\(Third party driver may only match real hardware\)/,
    processes: ['kernel'],
    failure: true,
    title: 'A third-party dext matched IOUserResources outside development',
    cause: 'On iPadOS a third-party dext may match IOUserResources/IOResources only when it is development-signed; this one is distribution-signed.',
    fixes: [fix('check-signing', 'Match real hardware, or sign the build for development while testing.')],
    source: 'xnu iokit/Kernel/IOService.cpp (non-macOS release kernels)',
  },
  {
    id: 'uc-userclient-access',
    pattern: /\bDK: (\S+):UC failed userclient-access check, needed bundle ID (\S+)/,
    processes: ['kernel'],
    failure: true,
    title: 'The app may not open the dext\'s user client',
    cause: 'The app\'s com.apple.developer.driverkit.userclient-access does not list the dext\'s bundle id (or the app has no such entitlement), and the dext does not allow any client. IOServiceOpen fails with kIOReturnNotPermitted.',
    fixes: [fix('open-entitlement', 'List the dext\'s bundle id in the app\'s userclient-access (and in its profile), or give the dext allow-any-userclient-access.', { key: 'com.apple.developer.driverkit.userclient-access', target: 'app' })],
    source: 'xnu iokit/Kernel/IOUserServer.cpp; thread/774297',
  },
  {
    id: 'uc-communicates-with-drivers',
    pattern: /\bDK: (\S+):UC entitlement check failed, app does not have com\.apple\.developer\.driverkit\.communicates-with-drivers entitlement/,
    processes: ['kernel'],
    failure: true,
    title: 'The iPadOS app lacks communicates-with-drivers',
    cause: 'On iPadOS an app must hold com.apple.developer.driverkit.communicates-with-drivers to open a third-party dext\'s user client.',
    fixes: [fix('open-entitlement', 'Add com.apple.developer.driverkit.communicates-with-drivers to the app.', { key: 'com.apple.developer.driverkit.communicates-with-drivers', target: 'app' })],
    source: 'xnu iokit/Kernel/IOUserServer.cpp (XNU_TARGET_OS_IOS)',
  },
  {
    id: 'uc-team-id',
    pattern: /\bDK: (\S+):UC failed team ID check\. client team=(\S+), driver team=(\S+)/,
    processes: ['kernel'],
    failure: true,
    title: 'The app and the dext belong to different teams',
    cause: 'The app is signed by another team than the dext, and the dext does not allow third-party clients.',
    fixes: [fix('open-entitlement', 'Give the dext com.apple.developer.driverkit.allow-third-party-userclients, or sign both with one team.', { key: 'com.apple.developer.driverkit.allow-third-party-userclients', target: 'dext' })],
    source: 'xnu iokit/Kernel/IOUserServer.cpp (XNU_TARGET_OS_IOS)',
  },
  {
    id: 'uc-entitlements',
    pattern: /\bDK: (\S+):UC entitlements check failed/,
    processes: ['kernel'],
    failure: true,
    title: 'The user client\'s entitlement check failed',
    cause: 'Opening the dext\'s user client was refused: the app lacks the entitlement the dext demands (userclient-access naming the dext, or what the user client\'s IOServiceDEXTEntitlements asks for).',
    fixes: [fix('open-entitlement', 'Check the app\'s userclient-access against the dext\'s bundle id.', { key: 'com.apple.developer.driverkit.userclient-access', target: 'app' })],
    source: 'xnu iokit/Kernel/IOUserServer.cpp; thread/774297',
  },
  {
    id: 'amfi-no-matching-profile',
    pattern: /Restricted entitlements not validated, bailing out\..*Code=-413 "No matching profile found"|not valid: Error Domain=AppleMobileFileIntegrityError Code=-413/,
    processes: ['amfid'],
    failure: true,
    title: 'No provisioning profile allows these entitlements',
    cause: 'The code is signed with restricted entitlements (DriverKit, system-extension.install, …) and no embedded profile grants them, or the embedded profile does not match the signing certificate, team or app ID. AMFI refuses to run it.',
    fixes: [fix('check-signing', 'Sign with a profile that grants every restricted entitlement (see the signing checks on the .entitlements files).')],
    source: 'thread/744377 (amfid lines)',
  },
  {
    id: 'unsatisfied-entitlements',
    pattern: /Unsatisfied [Ee]ntitlements:\s*(.+)/,
    processes: ['taskgated-helper', 'kernel'],
    failure: true,
    title: 'Entitlements the profile does not grant',
    cause: 'The listed entitlements are in the signature but not granted by the embedded provisioning profile.',
    fixes: [fix('check-signing', 'Remove the listed entitlements or use a profile that grants them.')],
    source: 'thread/744377 (taskgated-helper and kernel lines)',
  },
  {
    id: 'amfi-restricted-entitlements',
    pattern: /AMFI: bailing out because of restricted entitlements|Code has restricted entitlements, but the validation of its code signature failed/,
    processes: ['kernel'],
    failure: true,
    title: 'The signature does not validate the restricted entitlements',
    cause: 'AMFI stopped the process: its restricted entitlements need a valid signature and a matching profile, and one of them is missing or wrong.',
    fixes: [fix('check-signing', 'Check the certificate, the embedded profile and the entitlements with `codesign -d --entitlements - --xml`.')],
    source: 'thread/744377; thread/791996',
  },
  {
    id: 'realize-stalled',
    pattern: /attempting to realize extension with identifier (\S+)/,
    processes: ['sysextd'],
    failure: false,
    title: 'sysextd started realizing the extension',
    cause: 'sysextd accepted the activation request and began to check and install the dext. If nothing follows, the check failed silently: look at the amfid, syspolicyd and kernelmanagerd lines around it (signature, profile, notarization), and at the extensions database for a stale entry.',
    fixes: [fix('check-signing', 'Check the dext\'s signature and profile (signing checks, `codesign -dvvv`).'), REBOOT],
    source: 'thread/824746',
  },
  {
    id: 'activate-found-two',
    pattern: /Activate found (\d+) extensions in active state/,
    processes: ['sysextd'],
    failure: true,
    title: 'The extensions database holds the dext twice',
    cause: 'sysextd found more than one active copy of the extension in its database and stopped (sysextd itself may crash). The database is stuck until it is reset.',
    fixes: [fix('reboot-or-reset', 'Run `systemextensionsctl reset` (SIP relaxed) and activate again; a restart alone may not clear it.')],
    source: 'pqrs-org/Karabiner-DriverKit-VirtualHIDDevice DEVELOPMENT.md',
  },
  {
    id: 'failed-to-validate',
    pattern: /(\S+):\s*extension failed to validate! uninstalling|uninstalling invalid extension (\S+)/,
    processes: ['sysextd'],
    failure: true,
    title: 'sysextd found the extension invalid and removed it',
    cause: 'The dext did not pass sysextd\'s validation (signature, notarization, Info.plist). A distribution build installed without network access fails this when its notarization ticket is not stapled.',
    fixes: [fix('check-signing', 'Notarize the app and staple the ticket (`xcrun stapler staple`), or check the dext\'s signature and Info.plist.')],
    source: 'thread/761454',
  },
  {
    id: 'not-in-applications',
    pattern: /App containing System Extension to be activated must be in \/Applications folder/,
    processes: ['sysextd'],
    failure: true,
    title: 'The host app is not in /Applications — or is quarantined',
    cause: 'With SIP on, the host app must run from /Applications. The same error (OSSystemExtensionErrorDomain code 3) appears for an app that is in /Applications but still carries the com.apple.quarantine attribute.',
    fixes: [fix('move-to-applications', 'Copy the app to /Applications and launch it from there (or turn on `systemextensionsctl developer on` while developing).'), fix('remove-quarantine', 'Remove the quarantine attribute from the app bundle.')],
    source: 'client/src/system/extensionErrors.ts; rymc.io "DriverKit, /Applications, and Quarantine" (2021)',
  },
  {
    id: 'being-replaced',
    pattern: /Dext .* is being replaced and cannot be terminated right away|a category delegate declined to terminate extension with identifier/,
    processes: ['kernelmanagerd', 'sysextd'],
    failure: false,
    title: 'The upgrade waits for a restart',
    cause: 'The old version of the dext is still running and could not be stopped now, so the new version is installed but starts only after the next restart.',
    fixes: [fix('reboot-or-reset', 'Restart the Mac to finish the upgrade.')],
    source: 'thread/836344',
  },
  {
    id: 'policy-would-not-allow',
    pattern: /ASP: Security policy would not allow process/,
    processes: ['kernel'],
    failure: true,
    title: 'The security policy blocked the process',
    cause: 'Gatekeeper / AppleSystemPolicy refused to run the code: it is not notarized, its signature is broken, or it is quarantined and was never approved.',
    fixes: [fix('check-signing', 'Notarize and staple the app, or remove the quarantine attribute of a development build.'), fix('remove-quarantine', 'Remove the quarantine attribute from the app bundle.')],
    source: 'thread/782415',
  },
];

export interface FailureMatch {
  readonly failure: KnownFailure;
  /** The captured parts of the message (the dext name, the needed bundle id, …). */
  readonly captures: readonly string[];
}

/** The known failure a log message is, if any. `process` narrows the table when it is known. */
export function matchKnownFailure(message: string, process = ''): FailureMatch | undefined {
  for (const failure of KNOWN_FAILURES) {
    if (process && failure.processes.length > 0 && !failure.processes.includes(process)) continue;
    const m = failure.pattern.exec(message);
    if (m) return { failure, captures: m.slice(1).filter((c): c is string => c !== undefined) };
  }
  return undefined;
}
