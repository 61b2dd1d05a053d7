/**
 * Broader patterns for what sysextd, AMFI, the kernel and host apps write about system extensions:
 * error codes however an app logs them, the kernel's `DK:` start/exit/entitlement lines, and wordings
 * that vary between releases. Tried after the exact strings (exactFailures.ts), which win.
 */
import { ioReturnInfo } from '../crash/ioReturn';
import { systemExtensionErrorCode } from './extensionErrors';
import { BUMP, EMBED, fix, MOVE, SIGNING, type KnownFailure } from './failureTypes';

/** ` The error is kIOReturnExclusiveAccess: …` for an IOReturn a line carries. */
function ioReturnWords(line: string): string {
  const m = /0x(e00002[0-9a-f]{2})\b/i.exec(line);
  if (!m) return '';
  const info = ioReturnInfo(parseInt(m[1], 16));
  return info ? ` The error is ${info.name}: ${info.meaning}.` : ` The error code is 0x${m[1].toLowerCase()}.`;
}

export const BROAD_FAILURES: readonly KnownFailure[] = [
  {
    id: 'code',
    pattern: /OSSystemExtensionErrorDomain\b.*?(?:code|Code=|error)\s*[:=]?\s*(\d+)/,
    processes: [],
    failure: true,
    title: 'The activation request failed',
    code: (m) => Number(m[1]),
    fixes: [],
    source: 'OSSystemExtensionRequest delegate errors as apps log them',
  },
  {
    id: 'code',
    // `OSSystemExtensionErrorRequestCanceled`, `OSSystemExtensionError.Code.requestCanceled`, `OSSystemExtensionError.requestCanceled`
    pattern: /\bOSSystemExtensionError(?!Domain\b)(?:\.Code)?\.?([A-Za-z]+)\b/,
    processes: [],
    failure: true,
    title: 'The activation request failed',
    code: (m) => systemExtensionErrorCode(m[1]),
    fixes: [],
    source: 'SystemExtensions framework constants',
  },
  {
    id: 'extension-not-found',
    pattern: /Extension not found in App bundle|Unable to find any matched extension with identifier/i,
    processes: ['sysextd'],
    failure: true,
    title: 'The app does not hold the extension it asked for',
    code: 4,
    fixes: [EMBED],
    source: 'sysextd',
  },
  {
    id: 'dk-start-failed',
    pattern: /\bDK: ([A-Za-z_]\w*)-0x([0-9a-f]+).*\b(?:start\w*.*\bfail\w*|fail\w*.*\bstart)/i,
    processes: [],
    failure: true,
    title: 'The dext failed to start',
    explain: (m, line) => `${m[1]} (registry id 0x${m[2]}) refused to start: its Start returned an error, so macOS stopped the service.${ioReturnWords(line)} Check that Start calls SUPERDISPATCH first and look for the dext's own log lines just before this one.`,
    fixes: [fix('check-dext-code', 'Look at the dext\'s Start and its log lines just before this one.')],
    source: 'xnu iokit/Kernel/IOService.cpp (DK: lines)',
  },
  {
    id: 'dk-exited',
    pattern: /\bDK: ([A-Za-z_]\w*)-0x([0-9a-f]+).*\b(?:crash\w*|exit(?:ed)?|terminat\w*|died)\b/i,
    processes: [],
    failure: /\bcrash/i,
    title: 'The dext process ended',
    explain: (m) => `The process serving ${m[1]} (registry id 0x${m[2]}) ended. If this was not an unplug or an upgrade, look for a crash report of the dext in Console › Crash Reports.`,
    fixes: [fix('check-dext-code', 'Open the dext\'s crash reports (DriverKit: Show Crash Reports).')],
    source: 'xnu iokit/Kernel/IOService.cpp (DK: lines)',
  },
  {
    id: 'dk-entitlement',
    pattern: /\bDK: ([A-Za-z_]\w*)-0x([0-9a-f]+).*\b(?:entitle\w*)/i,
    processes: [],
    failure: true,
    title: 'The dext lacks an entitlement',
    explain: (m) => `${m[1]} (registry id 0x${m[2]}) is missing an entitlement it needs for this device or family. Compare the dext's entitlements with its personality's IOProviderClass and IOClass, and make sure the provisioning profile grants them.`,
    fixes: [fix('open-entitlement', 'Compare the dext\'s entitlements with its personality\'s provider and IOClass.', { target: 'dext' })],
    source: 'xnu iokit/Kernel/IOUserServer.cpp',
  },
  {
    id: 'kext-version',
    pattern: /must be a valid kext version/i,
    processes: [],
    failure: true,
    title: 'Invalid CFBundleVersion',
    cause: 'CFBundleVersion is not a version macOS accepts for a dext: it must be one to three dot-separated numbers of at most four digits (so 9999 is the largest single number), optionally followed by a stage letter (d, a, b, f or fc) and a number up to 255, for example `1.2.3` or `1.0d4`.',
    fixes: [BUMP],
    source: 'sysextd',
  },
  {
    id: 'not-approved',
    pattern: /\b(?:not approved|needs? (?:user )?approval|waiting for user|user approval (?:is )?required|not (?:been )?allowed by (?:the )?user)\b/i,
    processes: [],
    failure: false,
    title: 'Waiting for the user\'s approval',
    cause: 'The user has not allowed this extension yet. Open System Settings › Privacy & Security (or General › Login Items & Extensions › Driver Extensions) and allow it; `systemextensionsctl list` shows `[activated waiting for user]` until then.',
    fixes: [fix('approve-in-settings', 'Allow it in System Settings › Privacy & Security.')],
    source: 'sysextd',
  },
  {
    id: 'entitlement-rejected',
    pattern: /\b(?:restricted entitlements? (?:not validated|not allowed)|not (?:permitted|allowed) to use (?:the )?(?:restricted )?entitlement|unsatisfied entitlements?|entitlement .* (?:not permitted|not granted|missing|denied)|missing entitlement)/i,
    processes: [],
    failure: true,
    title: 'Entitlement rejected',
    cause: 'An entitlement was rejected: the dext (or app) claims an entitlement its provisioning profile does not grant. Request the DriverKit entitlements for your team, use a profile that includes them, or, for local testing only, relax SIP and turn on `systemextensionsctl developer on`.',
    fixes: [SIGNING],
    source: 'amfid, taskgated and kernel wordings',
  },
  {
    id: 'signature-rejected',
    pattern: /\b(?:code ?signature (?:invalid|not valid|is invalid)|invalid (?:code )?signature|codesigning|code signing|CMS blob|not signed|signature .* (?:invalid|rejected)|cdhash .* (?:not|mismatch))/i,
    processes: [],
    failure: true,
    title: 'Code signature rejected',
    cause: 'The code signature was rejected. Sign the dext and its host app with the same team and a valid certificate, sign the dext before the app, and do not modify the bundle afterwards. `codesign --verify --deep --strict --verbose=2 MyApp.app` shows what is wrong.',
    fixes: [SIGNING],
    source: 'sysextd and amfid wordings',
  },
  {
    id: 'developer-mode-off',
    pattern: /\b(?:developer mode|systemextensionsctl developer)\b.*\b(?:off|disabled|required)\b/i,
    processes: [],
    failure: true,
    title: 'System extension developer mode is off',
    cause: 'Developer mode for system extensions is off. To load a dext from outside /Applications or without notarization while developing, relax SIP and run `systemextensionsctl developer on`.',
    fixes: [MOVE],
    source: 'sysextd',
  },
  {
    id: 'personalities-rejected',
    pattern: /\b(?:no personalities|IOKitPersonalities .* (?:missing|invalid)|personality .* (?:invalid|rejected))\b/i,
    processes: [],
    failure: true,
    title: 'Personalities rejected',
    cause: 'The dext\'s IOKitPersonalities were rejected. Check that each personality has IOClass, IOUserClass, IOUserServerName and a CFBundleIdentifier equal to the dext\'s bundle id.',
    fixes: [],
    source: 'sysextd and kernelmanagerd wordings',
  },
];
