/**
 * The `OSSystemExtensionError` codes a host app receives when it asks to activate a dext, each with
 * its name and a plain-language explanation. Pure. The log messages that stand for a code are in
 * knownFailures.ts, which explains them with these texts.
 */

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
    explanation: 'The host app is not in /Applications. Copy the app to /Applications (not a subfolder of your build directory) and launch it from there; with `systemextensionsctl developer on` this check is relaxed for development. The same error comes for an app that is in /Applications but still carries the com.apple.quarantine attribute (a downloaded or copied build): remove it with `xattr -r -d com.apple.quarantine`.',
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
    explanation: 'The dext did not pass macOS\'s checks: usually an entitlement the profile does not grant, a personality that asks for a transport it is not entitled to, or an invalid Info.plist; a distribution build installed without network access fails them when its notarization ticket is not stapled (`xcrun stapler staple`). The sysextd and kernel log lines name the failing part.',
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
