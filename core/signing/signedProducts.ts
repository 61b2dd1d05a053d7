/**
 * What a built product was actually signed with — the system judges that, not the sources. Pure
 * parsers of recorded tool output and a comparison with the sources:
 * - `codesign -d --entitlements - --xml <bundle>` prints the signed entitlements as an XML plist on
 *   stdout (and `Executable=…` on stderr; a caller that merges the streams gets it first). The older
 *   `--entitlements :-` form starts with the 8-byte blob header (magic 0xfade7171, length). A bundle
 *   signed without entitlements prints no plist at all.
 * - the bundle's `embedded.provisionprofile` is read with decodeProfile.
 * The command runs only in trusted workspaces on macOS, without a shell (core/tools/runCommand).
 */
import { parsePlist, plainValue, type PlistDocument } from '../plist/plistXml';
import { coverage, render } from './entitlementCoverage';
import type { ProvisioningProfile } from './provisioningProfile';

/** The argument array for codesign (the bundle is one element: no shell ever sees it). */
export function codesignEntitlementsArgs(bundle: string): string[] {
  return ['-d', '--entitlements', '-', '--xml', bundle];
}

export type SignedEntitlements =
  | { readonly ok: true; readonly entitlements: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly message: string };

/** The signed entitlements in codesign's output; an empty dict when the bundle was signed without any. */
export function parseCodesignEntitlements(output: string): SignedEntitlements {
  const start = output.search(/<\?xml|<plist/);
  if (start < 0) {
    if (/\bcode object is not signed\b/i.test(output)) return { ok: false, message: 'The bundle is not signed.' };
    return { ok: true, entitlements: {} };
  }
  const end = output.lastIndexOf('</plist>');
  const document = parsePlist(output.slice(start, end < 0 ? undefined : end + '</plist>'.length));
  if (document.problem) return { ok: false, message: `codesign printed entitlements that cannot be read: ${document.problem.message}` };
  if (document.root?.kind !== 'dict') return { ok: false, message: 'codesign printed entitlements that are not a dictionary.' };
  return { ok: true, entitlements: plainValue(document.root) as Record<string, unknown> };
}

/** Keys Xcode adds while signing, from the profile and the team: never in the sources. */
const ADDED_BY_XCODE: ReadonlySet<string> = new Set([
  'com.apple.application-identifier',
  'application-identifier',
  'com.apple.developer.team-identifier',
  'get-task-allow',
  'keychain-access-groups',
  'com.apple.security.get-task-allow',
]);

export interface SignedComparison {
  /** In the `.entitlements` file, not in the signature. */
  readonly missing: readonly string[];
  /** Signed, not in the file (and not one Xcode adds). */
  readonly extra: readonly string[];
  /** In both, with other values: key → [source, signed], rendered. */
  readonly differing: readonly { key: string; source: string; signed: string }[];
  /** Signed entitlements the embedded profile does not cover (what the system will refuse). */
  readonly notGranted: readonly { key: string; missing: readonly string[] }[];
}

export function compareSigned(source: PlistDocument, signed: Readonly<Record<string, unknown>>, embedded?: ProvisioningProfile): SignedComparison {
  const root = source.root;
  const sourceValues = root?.kind === 'dict' ? (plainValue(root) as Record<string, unknown>) : {};
  const missing = Object.keys(sourceValues).filter((key) => !(key in signed) && sourceValues[key] !== false);
  const extra = Object.keys(signed).filter((key) => !(key in sourceValues) && !ADDED_BY_XCODE.has(key));
  const differing = Object.keys(sourceValues)
    .filter((key) => key in signed && render(sourceValues[key]) !== render(signed[key]))
    .map((key) => ({ key, source: render(sourceValues[key]), signed: render(signed[key]) }));
  const notGranted = embedded
    ? Object.entries(signed)
        .filter(([key]) => !key.startsWith('com.apple.security.'))
        .flatMap(([key, value]) => {
          const result = coverage(value, embedded.entitlements[key]);
          return result.granted ? [] : [{ key, missing: result.missing }];
        })
    : [];
  return { missing, extra, differing, notGranted };
}
