/**
 * A built product against its sources: what the bundle was signed with is what macOS judges. The
 * signature may lack a key the .entitlements file holds (the file changed after the build, or
 * CODE_SIGN_ENTITLEMENTS names another file), hold one it does not, or hold other values; and it may
 * hold entitlements the profile embedded in the bundle does not grant, which the system refuses.
 * Findings sit on the key in the .entitlements file (on its root dict for a key it lacks).
 */
import { openTag } from '../../plist/plistContext';
import { entry } from '../../plist/plistXml';
import { describe } from '../../signing/profileChoice';
import { compareSigned } from '../../signing/signedProducts';
import { finding, type Finding } from '../finding';
import type { RuleInfo } from '../rule';
import type { SigningContext, SigningRule } from './context';

/** The built bundle and its readable signature, with the place findings go. */
function builtOf({ target }: SigningContext) {
  const file = target.entitlements;
  const root = file?.document.root;
  const built = target.built;
  if (!file || root?.kind !== 'dict' || !built?.signed.ok) return undefined;
  const at = (key: string) => entry(root, key)?.keySpan ?? openTag(file.text, root);
  const comparison = compareSigned(file.document, built.signed.entitlements, built.embedded);
  return { file, built, at, comparison };
}

export const signedDiffers: SigningRule = {
  id: 'signing.signed-differs',
  severity: 'warning',
  summary: 'The built product was signed with other entitlements than its .entitlements file holds (read with codesign).',
  applies: 'signing',
  check: (context) => {
    const found = builtOf(context);
    if (!found) return [];
    const { file, built, at, comparison } = found;
    const data = (key: string) => ({ key, bundle: built.bundle });
    // Xcode adds the DriverKit entitlement to every driver-extension target it signs.
    const extra = comparison.extra.filter((key) => !(context.target.role === 'dext' && key === 'com.apple.developer.driverkit'));
    return [
      ...comparison.missing.map((key) => finding(signedDiffers, file.path, at(key), `${built.bundle} was signed without ${key}: rebuild it, or check that CODE_SIGN_ENTITLEMENTS names this file.`, undefined, data(key))),
      ...extra.map((key) => finding(signedDiffers, file.path, at(key), `${built.bundle} was signed with ${key}, which this file does not hold.`, undefined, data(key))),
      ...comparison.differing.map((d) => finding(signedDiffers, file.path, at(d.key), `${built.bundle} was signed with ${d.key} = ${d.signed}, not ${d.source} as written here: rebuild it.`, undefined, data(d.key))),
    ];
  },
};

/** Signed entitlements the bundle's embedded profile does not grant, as findings of `rule`. */
export function signedButNotGranted(rule: RuleInfo, context: SigningContext): Finding[] {
  const found = builtOf(context);
  if (!found?.built.embedded) return [];
  const { file, built, at, comparison } = found;
  const by = `its embedded profile ${describe(found.built.embedded)}`;
  return comparison.notGranted.map((g) => finding(rule, file.path, at(g.key), `${built.bundle} is signed with ${g.key} (${g.missing.join(', ')}), which ${by} does not grant: the system will refuse it.`, undefined, { key: g.key, bundle: built.bundle, profilePath: built.embedded!.path }));
}
