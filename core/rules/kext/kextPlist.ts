/**
 * A kext's Info.plist: the keys the kernel's loader needs, personalities naming a class the kext
 * defines, and the family libraries its code links against. Judged only where the kext's own sources
 * are known (those its target builds, else those in the Info.plist's folder) and only on what they say for certain.
 */
import { entry, type PlistEntry } from '../../plist/plistXml';
import { openTag, resolvedString, valueSpan, type SettingsResolver } from '../../plist/plistContext';
import { personalitiesOf } from '../plist/dextPlists';
import { validKextVersion } from '../plist/topLevel';
import { closest } from '../../util/closest';
import { finding, type Finding } from '../finding';
import { replaceWithSuggestion, type KextPlistContext, type KextPlistRule } from './context';
import { familyNeeds } from './families';

function present({ file, resolver }: KextPlistContext, key: string): boolean {
  return !!entry(file.document.root, key) || resolver.generatedKeys.has(key) || resolver.incomplete !== undefined;
}

export const kextMissingKey: KextPlistRule = {
  id: 'kext.missing-key',
  severity: 'error',
  summary: 'A kext Info.plist without CFBundleIdentifier or CFBundleVersion, or with an executable and no OSBundleLibraries (the kext does not load).',
  applies: 'kext-plist',
  check: (context) => {
    const root = context.file.document.root;
    if (root?.kind !== 'dict') return [];
    const at = openTag(context.file.text, root);
    const missing = ['CFBundleIdentifier', 'CFBundleVersion'].filter((key) => !present(context, key));
    // A kext with code links against the kernel only through the libraries it declares.
    if (present(context, 'CFBundleExecutable') && !present(context, 'OSBundleLibraries') && !root.entries.some((e) => e.key.startsWith('OSBundleLibraries_'))) missing.push('OSBundleLibraries');
    return missing.map((key) =>
      finding(kextMissingKey, context.file.path, at, key === 'OSBundleLibraries'
        ? 'The kext has an executable but no OSBundleLibraries: it links against nothing and does not load. Declare at least com.apple.kpi.iokit and com.apple.kpi.libkern.'
        : `The kext's Info.plist has no ${key}; the kernel's loader refuses a kext without it.`, undefined, { key }),
    );
  },
};

export const kextInvalidVersion: KextPlistRule = {
  id: 'kext.invalid-version',
  severity: 'error',
  summary: 'A kext CFBundleVersion that is not a kext version (the kext does not load).',
  applies: 'kext-plist',
  check: ({ file, resolver }) => {
    const version = entry(file.document.root, 'CFBundleVersion');
    if (version?.value.kind !== 'string') return [];
    const built = resolver.generated?.CFBundleVersion ?? resolver.resolve(version.value.value.trim());
    if (built === undefined || validKextVersion(built)) return [];
    return [finding(kextInvalidVersion, file.path, valueSpan(version), `CFBundleVersion '${built}' is not a kext version (up to three numbers of at most four digits, as in 1.2.3, optionally followed by d, a, b or fc and a number up to 255): the kext does not load.`)];
  },
};

export const kextPersonalityClass: KextPlistRule = {
  id: 'kext.personality-class',
  fix: replaceWithSuggestion,
  severity: 'error',
  summary: 'A kext personality whose IOClass is no class the kext defines with OSDefineMetaClassAndStructors.',
  applies: 'kext-plist',
  check: ({ file, resolver, kext, sources }) => {
    const root = file.document.root;
    // A kext without code (only personalities) names Apple's classes; nothing to compare with.
    if (root?.kind !== 'dict' || !entry(root, 'CFBundleExecutable') || kext.hasWrappedMetaClasses) return [];
    const own = kext.definedClasses(sources);
    if (own.size === 0) return [];
    const everywhere = kext.definedClasses();
    const bundle = idOf(entry(root, 'CFBundleIdentifier'), resolver);
    const found: Finding[] = [];
    for (const personality of personalitiesOf(root)) {
      const ioClass = entry(personality, 'IOClass');
      if (ioClass?.value.kind !== 'string') continue;
      const name = resolvedString(personality, 'IOClass', resolver);
      if (name === undefined || name === '' || [...kext.spellings(name)].some((n) => everywhere.has(n))) continue;
      // A personality may start a class of another bundle (it then names that bundle).
      const target = idOf(entry(personality, 'CFBundleIdentifier'), resolver);
      if (target !== undefined && target !== bundle) continue;
      // Suggested as the kernel knows the class: through its #define alias, if it has one.
      const near = closest(name, own);
      const meant = near === undefined ? undefined : kext.resolve(near);
      // Only a near miss of ours is judged. Anything else may be the kernel's own class (IO…, Apple…),
      // a vendor library's, or ours under a name we cannot see: kexts rename their classes with
      // `#define Foo com_vendor_Foo` in headers that declare no class, prefix headers or build settings.
      if (meant === undefined) continue;
      found.push(
        finding(
          kextPersonalityClass,
          file.path,
          valueSpan(ioClass),
          `IOClass '${name}' is no class this kext defines; did you mean '${meant}'? The kernel finds no class of that name and never starts the driver.`,
          undefined,
          { replacement: meant },
        ),
      );
    }
    return found;
  },
};

/** A bundle identifier as written, resolved where it can be (two unresolved ones compare as written). */
function idOf(e: PlistEntry | undefined, resolver: SettingsResolver): string | undefined {
  if (e?.value.kind !== 'string') return undefined;
  const written = e.value.value.trim();
  return resolver.resolve(written) ?? written;
}

export const kextMissingLibrary: KextPlistRule = {
  id: 'kext.missing-library',
  severity: 'error',
  summary: 'OSBundleLibraries without the family whose classes the kext subclasses or casts to (e.g. IOPCIFamily for IOPCIDevice): the kext does not link.',
  applies: 'kext-plist',
  check: ({ file, kext, sources, resolver }) => {
    const root = file.document.root;
    const libraries = entry(root, 'OSBundleLibraries');
    if (root?.kind !== 'dict' || libraries?.value.kind !== 'dict' || root.entries.some((e) => e.key.startsWith('OSBundleLibraries_'))) return [];
    const declared = new Set(libraries.value.entries.map((e) => e.key));
    // A library of the vendor's own may stand for what we cannot see: only Apple-only lists are judged.
    if ([...declared].some((id) => !id.startsWith('com.apple.'))) return [];
    const found: Finding[] = [];
    // The family kext itself provides its classes.
    const bundle = idOf(entry(root, 'CFBundleIdentifier'), resolver);
    for (const need of familyNeeds(kext, sources)) {
      if (need.accepted.some((id) => declared.has(id) || id === bundle)) continue;
      found.push(finding(kextMissingLibrary, file.path, libraries.keySpan, `The kext uses ${need.className} (${need.how}) but OSBundleLibraries does not declare ${need.accepted[0]}, which provides it: the kext fails to link when loaded. Add ${need.accepted[0]}.`, undefined, { library: need.accepted[0] }));
    }
    return found;
  },
};
