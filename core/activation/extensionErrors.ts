/**
 * Plain-language explanations of system extension failures: the `OSSystemExtensionError` codes a host
 * app receives when it asks to activate a dext, and the log lines sysextd, AMFI and the kernel write
 * about dexts. Pure. The log patterns are best-effort: an unrecognised line yields `undefined`.
 */
import { ioReturnInfo } from '../crash/ioReturn';

export interface ExtensionErrorExplanation {
  readonly name: string;
  readonly explanation: string;
}

const ERRORS: Readonly<Record<number, ExtensionErrorExplanation>> = {
  1: {
    name: 'unknown',
    explanation: 'macOS could not say what went wrong. Look at the sysextd lines in Console (or `log show --predicate \'process == "sysextd"\' --last 5m`) for the real cause.',
  },
  2: {
    name: 'missingEntitlement',
    explanation: 'The host app is not allowed to install system extensions. Give the app the `com.apple.developer.system-extension.install` entitlement (and a provisioning profile that grants it), then sign it again.',
  },
  3: {
    name: 'unsupportedParentBundleLocation',
    explanation: 'The host app is not in /Applications. Copy the app to /Applications (not a subfolder of your build directory) and launch it from there; with `systemextensionsctl developer on` this check is relaxed for development.',
  },
  4: {
    name: 'extensionNotFound',
    explanation: 'No extension with that bundle id was found inside the app. Check that the dext is embedded in `Contents/Library/SystemExtensions/` and that the identifier passed to the activation request equals the dext\'s CFBundleIdentifier.',
  },
  5: {
    name: 'extensionMissingIdentifier',
    explanation: 'The dext bundle has no CFBundleIdentifier. Add it to the dext\'s Info.plist (usually `$(PRODUCT_BUNDLE_IDENTIFIER)`).',
  },
  6: {
    name: 'duplicateExtensionIdentifer',
    explanation: 'More than one extension in the app uses the same bundle id. Give every embedded extension its own identifier.',
  },
  7: {
    name: 'unknownExtensionCategory',
    explanation: 'macOS does not recognise what kind of extension this is. Make sure the bundle is a real dext (its Info.plist has the DriverKit keys and `IOKitPersonalities`) and that it was built with the DriverKit SDK.',
  },
  8: {
    name: 'codeSignatureInvalid',
    explanation: 'The dext\'s code signature is missing, broken or does not match its team. Sign the dext and the app with the same team, with a profile that grants the DriverKit entitlements, and do not change files after signing. `codesign -dvvv --entitlements - X.dext` shows what was signed.',
  },
  9: {
    name: 'validationFailed',
    explanation: 'The dext did not pass macOS\'s checks: usually an entitlement the profile does not grant, a personality that asks for a transport it is not entitled to, or an invalid Info.plist. The sysextd and kernel log lines name the failing part.',
  },
  10: {
    name: 'forbiddenBySystemPolicy',
    explanation: 'A system policy blocks this extension, for example a management (MDM) profile or a security setting. Ask the Mac\'s administrator, or check System Settings › Privacy & Security.',
  },
  11: {
    name: 'requestCanceled',
    explanation: 'The request was cancelled before it finished, for example because the host app quit or a deactivation was requested. Send the request again.',
  },
  12: {
    name: 'requestSuperseded',
    explanation: 'macOS was still working on an earlier request for the same extension, so this one was turned away. Wait for the first request to finish (or the Mac to restart if a change is pending), then ask again; an app that sends several requests at launch sees this.',
  },
  13: {
    name: 'authorizationRequired',
    explanation: 'The user has to approve this change. Open System Settings › Privacy & Security (or General › Login Items & Extensions) and allow the extension; an administrator password may be needed.',
  },
};

/** The constant as the SDK spells it, e.g. `OSSystemExtensionErrorCodeSignatureInvalid` (note the SDK's `Identifer`). */
export function systemExtensionErrorConstant(code: number): string | undefined {
  const known = ERRORS[code];
  return known ? `OSSystemExtensionError${known.name[0].toUpperCase()}${known.name.slice(1)}` : undefined;
}

/**
 * The code of an error written by name: the Objective-C constant (`OSSystemExtensionErrorRequestCanceled`),
 * the Swift case (`OSSystemExtensionError.Code.requestCanceled`, `.requestCanceled`) or the bare name.
 */
export function systemExtensionErrorCode(name: string): number | undefined {
  const bare = name.trim().replace(/^(?:SystemExtensions\.)?OSSystemExtensionError(?:\.Code)?\.?/, '').replace(/^\./, '').toLowerCase();
  for (const [code, e] of Object.entries(ERRORS)) if (e.name.toLowerCase() === bare) return Number(code);
  return undefined;
}

export function explainSystemExtensionError(code: number): ExtensionErrorExplanation {
  const known = ERRORS[code];
  if (known) return known;
  return {
    name: `code ${code}`,
    explanation: `OSSystemExtensionErrorDomain code ${code} is not one this extension knows. Look at the sysextd lines in Console for details.`,
  };
}

function ioReturnWords(line: string): string {
  const m = /0x(e00002[0-9a-f]{2})\b/i.exec(line);
  if (!m) return '';
  const info = ioReturnInfo(parseInt(m[1], 16));
  return info ? ` The error is ${info.name}: ${info.meaning}.` : ` The error code is 0x${m[1].toLowerCase()}.`;
}

/** What a log line was recognised as. */
export interface SysextMessageMatch {
  /** What was recognised, stable across lines: `code-8` for error 8 however written, `dk-start-failed`, ... */
  readonly id: string;
  readonly explanation: string;
  /** The OSSystemExtensionError code, when the line names one (by number or by name). */
  readonly code?: number;
  /** A failure, as opposed to a state such as "waiting for the user" or a normal exit. */
  readonly isError: boolean;
  /** UTF-16 offsets of the recognised text in the line. */
  readonly start: number;
  readonly end: number;
}

interface LogRule {
  readonly id: string;
  readonly pattern: RegExp;
  /** `true`, `false`, or a pattern the line must also match to count as a failure. */
  readonly error: boolean | RegExp;
  /** Undefined: the pattern matched something this rule does not know after all; later rules are tried. */
  readonly explain: (m: RegExpExecArray, line: string) => { explanation: string; code?: number } | undefined;
}

/** `DK: MyDriver-0x100000a2b` — the dext class and its registry id. */
const DK = /\bDK: ([A-Za-z_][\w]*)-0x([0-9a-f]+)\b/i;

function activationFailed(code: number | undefined): { explanation: string; code: number } | undefined {
  if (code === undefined) return undefined;
  const e = explainSystemExtensionError(code);
  return { explanation: `Activation failed with ${e.name}: ${e.explanation}`, code };
}

/** A message sysextd writes for one of the codes: explained as that code, and counted as it. */
function sameAsCode(code: number): (m: RegExpExecArray) => { explanation: string; code: number } {
  return () => ({ explanation: explainSystemExtensionError(code).explanation, code });
}

const RULES: readonly LogRule[] = [
  {
    id: 'code',
    pattern: /OSSystemExtensionErrorDomain\b.*?(?:code|Code=|error)\s*[:=]?\s*(\d+)/,
    error: true,
    explain: (m) => activationFailed(Number(m[1])),
  },
  {
    id: 'code',
    // `OSSystemExtensionErrorRequestCanceled`, `OSSystemExtensionError.Code.requestCanceled`, `OSSystemExtensionError.requestCanceled`
    pattern: /\bOSSystemExtensionError(?!Domain\b)(?:\.Code)?\.?([A-Za-z]+)\b/,
    error: true,
    explain: (m) => activationFailed(systemExtensionErrorCode(m[1])),
  },
  {
    id: 'dk-start-failed',
    pattern: /\bDK: ([A-Za-z_]\w*)-0x([0-9a-f]+).*\b(?:start\w*.*\bfail\w*|fail\w*.*\bstart)/i,
    error: true,
    explain: (m, line) => ({
      explanation: `${m[1]} (registry id 0x${m[2]}) refused to start: its Start returned an error, so macOS stopped the service.${ioReturnWords(line)} Check that Start calls SUPERDISPATCH first and look for the dext's own log lines just before this one.`,
    }),
  },
  {
    id: 'dk-exited',
    pattern: /\bDK: ([A-Za-z_]\w*)-0x([0-9a-f]+).*\b(?:crash\w*|exit(?:ed)?|terminat\w*|died)\b/i,
    error: /\bcrash/i,
    explain: (m) => ({ explanation: `The process serving ${m[1]} (registry id 0x${m[2]}) ended. If this was not an unplug or an upgrade, look for a crash report of the dext in Console › Crash Reports.` }),
  },
  {
    id: 'dk-entitlement',
    pattern: /\bDK: ([A-Za-z_]\w*)-0x([0-9a-f]+).*\b(?:entitle\w*)/i,
    error: true,
    explain: (m) => ({ explanation: `${m[1]} (registry id 0x${m[2]}) is missing an entitlement it needs for this device or family. Compare the dext's entitlements with its personality's IOProviderClass and IOClass, and make sure the provisioning profile grants them.` }),
  },
  {
    id: 'code',
    pattern: /App containing System Extension to be activated must be in \/Applications|cannot allow apps outside \/Applications/i,
    error: true,
    explain: sameAsCode(3),
  },
  {
    id: 'code',
    pattern: /Extension not found in App bundle|Unable to find any matched extension with identifier/i,
    error: true,
    explain: sameAsCode(4),
  },
  {
    id: 'code',
    pattern: /\bfailed to validate\b|\buninstalling invalid extension\b/i,
    error: true,
    explain: sameAsCode(9),
  },
  {
    id: 'kext-version',
    pattern: /must be a valid kext version/i,
    error: true,
    explain: () => ({
      explanation: 'CFBundleVersion is not a version macOS accepts for a dext: it must be one to three dot-separated numbers of at most four digits (so 9999 is the largest single number), optionally followed by a stage letter (d, a, b, f or fc) and a number up to 255, for example `1.2.3` or `1.0d4`.',
    }),
  },
  {
    id: 'not-approved',
    pattern: /\b(?:not approved|needs? (?:user )?approval|waiting for user|user approval (?:is )?required|not (?:been )?allowed by (?:the )?user)\b/i,
    error: false,
    explain: () => ({
      explanation: 'The user has not allowed this extension yet. Open System Settings › Privacy & Security (or General › Login Items & Extensions › Driver Extensions) and allow it; `systemextensionsctl list` shows `[activated waiting for user]` until then.',
    }),
  },
  {
    id: 'entitlement-rejected',
    pattern: /\b(?:restricted entitlements? (?:not validated|not allowed)|not (?:permitted|allowed) to use (?:the )?(?:restricted )?entitlement|unsatisfied entitlements?|entitlement .* (?:not permitted|not granted|missing|denied)|missing entitlement)/i,
    error: true,
    explain: () => ({
      explanation: 'An entitlement was rejected: the dext (or app) claims an entitlement its provisioning profile does not grant. Request the DriverKit entitlements for your team, use a profile that includes them, or, for local testing only, relax SIP and turn on `systemextensionsctl developer on`.',
    }),
  },
  {
    id: 'signature-rejected',
    pattern: /\b(?:code ?signature (?:invalid|not valid|is invalid)|invalid (?:code )?signature|codesigning|code signing|CMS blob|not signed|signature .* (?:invalid|rejected)|cdhash .* (?:not|mismatch))/i,
    error: true,
    explain: () => ({
      explanation: 'The code signature was rejected. Sign the dext and its host app with the same team and a valid certificate, sign the dext before the app, and do not modify the bundle afterwards. `codesign --verify --deep --strict --verbose=2 MyApp.app` shows what is wrong.',
    }),
  },
  {
    id: 'developer-mode-off',
    pattern: /\b(?:developer mode|systemextensionsctl developer)\b.*\b(?:off|disabled|required)\b/i,
    error: true,
    explain: () => ({ explanation: 'Developer mode for system extensions is off. To load a dext from outside /Applications or without notarization while developing, relax SIP and run `systemextensionsctl developer on`.' }),
  },
  {
    id: 'personalities-rejected',
    pattern: /\b(?:no personalities|IOKitPersonalities .* (?:missing|invalid)|personality .* (?:invalid|rejected))\b/i,
    error: true,
    explain: () => ({ explanation: 'The dext\'s IOKitPersonalities were rejected. Check that each personality has IOClass, IOUserClass, IOUserServerName and a CFBundleIdentifier equal to the dext\'s bundle id.' }),
  },
];

/** What the first rule that knows this sysextd / AMFI / kernel line says about it, with where it matched. */
export function matchSysextMessage(line: string): SysextMessageMatch | undefined {
  for (const rule of RULES) {
    const m = rule.pattern.exec(line);
    const result = m ? rule.explain(m, line) : undefined;
    if (!m || !result) continue;
    const isError = typeof rule.error === 'boolean' ? rule.error : rule.error.test(line);
    const id = result.code !== undefined ? `code-${result.code}` : rule.id;
    return { id, explanation: result.explanation, code: result.code, isError, start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

/** A plain-words explanation of a sysextd / AMFI / kernel log line about a dext, or undefined. */
export function explainSysextMessage(line: string): string | undefined {
  return matchSysextMessage(line)?.explanation;
}

/** The dext class and registry id named by a `DK:` kernel line. */
export function dkSubject(line: string): { className: string; registryId: string } | undefined {
  const m = DK.exec(line);
  return m ? { className: m[1], registryId: `0x${m[2].toLowerCase()}` } : undefined;
}
