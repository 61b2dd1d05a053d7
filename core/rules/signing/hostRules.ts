/**
 * The host app and its dexts, as the project builds them: an app that embeds a dext in
 * `Contents/Library/SystemExtensions` must hold com.apple.developer.system-extension.install to
 * submit the activation request (else OSSystemExtensionErrorDomain code 2, missing entitlement); and
 * a dext the project builds beside its apps must be embedded there by one of them (sysextd finds
 * extensions only in the requesting app's bundle). Judged only from a project.pbxproj (its copy
 * phases are known; an XcodeGen spec's are not), for macOS apps that Xcode signs; a run-script phase
 * that names the SystemExtensions folder may embed what no copy phase does, so it silences the second.
 */
import { openTag } from '../../plist/plistContext';
import { entry } from '../../plist/plistXml';
import { SYSTEM_EXTENSIONS_FOLDER } from '../../xcode/copyPhases';
import type { LinkedTarget } from '../../xcode/projectSettings';
import { finding, type Finding } from '../finding';
import type { SigningProjectRule } from './context';
import { setTrueFix } from './signingFixes';

export const SYSTEM_EXTENSION_INSTALL = 'com.apple.developer.system-extension.install';

/** The .dext files an app copies into its SystemExtensions folder. */
function embeddedDexts(app: LinkedTarget): string[] {
  return (app.products?.copies ?? []).filter((c) => c.intoSystemExtensions && c.file.endsWith('.dext')).map((c) => c.file);
}

/** The `ID /* name *\/ = {` line that defines a target (the file's start when it is written otherwise). */
export function targetSpan(text: string, id: string): { start: number; end: number } {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const definition = new RegExp(`^\\s*${escaped}(?![\\w.])[^\\n]*=\\s*\\{`, 'm').exec(text);
  if (!definition) return { start: 0, end: 0 };
  const start = definition.index + definition[0].indexOf(id);
  return { start, end: start + id.length };
}

export const hostMissingInstall: SigningProjectRule = {
  id: 'signing.host-missing-install',
  severity: 'error',
  summary: 'A macOS app that embeds a dext without com.apple.developer.system-extension.install, so it cannot activate it.',
  applies: 'signing-project',
  check: ({ project, text, targets }) => {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const signing of targets) {
      const app = signing.target;
      if (signing.role !== 'app' || !app || signing.platform !== 'OSX' || !signing.signedByXcode || signing.entitlementsMissing) continue;
      const dexts = embeddedDexts(app);
      if (dexts.length === 0) continue;
      const file = signing.entitlements;
      const where = file?.path ?? app.id;
      if (seen.has(where)) continue;
      seen.add(where);
      const embeds = `${app.name} embeds ${dexts.join(', ')} in ${SYSTEM_EXTENSIONS_FOLDER}`;
      const consequence = 'so its activation request fails with OSSystemExtensionErrorDomain code 2 (missing entitlement)';
      if (!file) {
        // Debug may name a file that Release does not (a configuration that was never finished): say which.
        const bare = targets.filter((t) => t.target === app && !t.entitlements && !t.entitlementsMissing).map((t) => t.configuration ?? '');
        const signedBy = targets.filter((t) => t.target === app).length > bare.length && !bare.includes('') ? `its ${bare.join(' and ')} configuration${bare.length > 1 ? 's are' : ' is'}` : 'it is';
        out.push(finding(hostMissingInstall, project.path, targetSpan(text, app.id), `${embeds}, but ${signedBy} signed without an entitlements file (CODE_SIGN_ENTITLEMENTS) and so without ${SYSTEM_EXTENSION_INSTALL}, ${consequence}.`, undefined, { key: SYSTEM_EXTENSION_INSTALL }));
        continue;
      }
      const root = file.document.root;
      if (root?.kind !== 'dict') continue;
      const install = entry(root, SYSTEM_EXTENSION_INSTALL);
      if (install?.value.kind === 'boolean' && install.value.value) continue;
      const span = install ? install.keySpan : openTag(file.text, root);
      out.push(finding(hostMissingInstall, file.path, span, `${embeds}, but this file ${install ? 'does not set' : 'lacks'} ${SYSTEM_EXTENSION_INSTALL}${install ? ' to true' : ''}, ${consequence}.`, undefined, { key: SYSTEM_EXTENSION_INSTALL }));
    }
    return out;
  },
  fix: setTrueFix,
};

export const dextNotEmbedded: SigningProjectRule = {
  id: 'signing.dext-not-embedded',
  severity: 'error',
  summary: 'A dext no app of its project embeds in Contents/Library/SystemExtensions, so no app can activate it.',
  applies: 'signing-project',
  check: ({ project, text }) => {
    const apps = project.targets.filter((t) => t.kind === 'app' && t.products);
    if (apps.length === 0 || apps.some((app) => app.products!.scriptEmbeds)) return [];
    const out: Finding[] = [];
    for (const dext of project.targets.filter((t) => t.kind === 'dext' && t.products?.product)) {
      const product = dext.products!.product!;
      const copies = apps.flatMap((app) => app.products!.copies.filter((c) => c.file === product).map((copy) => ({ app, copy })));
      if (copies.some((c) => c.copy.intoSystemExtensions)) continue;
      const elsewhere = copies.map((c) => `${c.app.name}'s "${c.copy.phase}" copies it to ${c.copy.destination}`).join('; ');
      const message = elsewhere
        ? `${product} is not copied into ${SYSTEM_EXTENSIONS_FOLDER} of the app (${elsewhere}), so OSSystemExtensionManager cannot find it. Set the phase's destination to System Extensions.`
        : `No build phase of ${apps.map((a) => a.name).join(' or ')} copies ${product} into ${SYSTEM_EXTENSIONS_FOLDER}, so no app of this project can activate it (an activation request fails with "extension not found"). Add it to an "Embed System Extensions" phase of the host app.`;
      out.push(finding(dextNotEmbedded, project.path, targetSpan(text, dext.id), message, undefined, { dext: product, target: dext.name }));
    }
    return out;
  },
};
