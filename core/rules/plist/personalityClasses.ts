/**
 * The classes a personality names: IOClass, the kernel class that hosts the dext's service;
 * IOProviderClass, what it attaches to; IOUserClass, the dext's own class, which iig must have seen.
 */
import { classChain, chainIncludes } from '../../hierarchy/classChain';
import { APPLE_DEXT_USER_CLASSES, FAMILY_IOCLASS_BY_BASE, IOCLASS_FAMILIES, VIRTUAL_PROVIDER } from '../../plist/plistKeys';
import { resolvedString, valueSpan } from '../../plist/plistContext';
import { entry, type PlistNode } from '../../plist/plistXml';
import { closest } from '../../util/closest';
import { finding, type Finding } from '../finding';
import type { InfoPlistContext, InfoPlistRule } from './context';
import { dextPersonalities, nestedDicts, type Personality } from './personalities';
import { useGuessFix } from './plistFixValues';

const isIig = (path: string): boolean => /\.iig$/i.test(path);

/** Each personality and each of its nested user-client dicts. */
function classDicts(root: PlistNode | undefined): Personality[] {
  return dextPersonalities(root).flatMap((p) => [p, ...nestedDicts(p)]);
}

export const unknownUserClass: InfoPlistRule = {
  id: 'plist.personality.unknown-user-class',
  severity: 'error',
  summary: 'IOUserClass naming no class of the workspace\'s .iig files (or one only a plain .h declares).',
  applies: 'info-plist',
  check: ({ file, resolver, lookup, catalog }) => {
    const out: Finding[] = [];
    const iigClasses = lookup.allClasses().filter((c) => isIig(c.path)).map((c) => c.item.name);
    if (iigClasses.length === 0 && !lookup.allClasses().length) return out; // no classes to compare with
    for (const { dict } of classDicts(file.document.root)) {
      const userClassEntry = entry(dict, 'IOUserClass');
      const userClass = resolvedString(dict, 'IOUserClass', resolver);
      if (!userClassEntry || userClass === undefined || catalog.classNamed(userClass)) continue;
      const declarations = lookup.declarationsOf(userClass);
      if (declarations.some((d) => isIig(d.path))) continue;
      if (declarations.length > 0) {
        out.push(finding(unknownUserClass, file.path, valueSpan(userClassEntry), `${userClass} is declared only in ${declarations[0].path.split(/[\\/]/).pop()}, a plain header iig never reads, so the dext has no such class to run. Declare it in a .iig.`));
        continue;
      }
      // A name the SDK might know (a family's own user client, IOUserAudioDriverUserClient) is not judged.
      if (/^(IOUser|Apple)/.test(userClass)) continue;
      const guess = closest(userClass, iigClasses);
      if (!guess && iigClasses.length === 0) continue;
      out.push(finding(unknownUserClass, file.path, valueSpan(userClassEntry), `No .iig in the workspace declares a class '${userClass}'.${guess ? ` Did you mean '${guess}'?` : ''}`, undefined, guess ? { guess } : undefined));
    }
    return out;
  },
  fix: useGuessFix('IOUserClass'),
};

export const userClassBase: InfoPlistRule = {
  id: 'plist.personality.user-class-base',
  severity: 'warning',
  summary: 'The IOUserClass class does not derive from what IOClass runs (or a HID, serial, network or SCSI class is published as IOUserService).',
  applies: 'info-plist',
  check: ({ file, resolver, lookup, catalog }) => {
    const out: Finding[] = [];
    for (const { dict } of classDicts(file.document.root)) {
      const userClassEntry = entry(dict, 'IOUserClass');
      const userClass = resolvedString(dict, 'IOUserClass', resolver);
      if (!userClassEntry || userClass === undefined || !lookup.classNamed(userClass)) continue;
      const chain = classChain(lookup, catalog, userClass);
      if (chain.unknown) continue;
      const ioClass = resolvedString(dict, 'IOClass', resolver);
      const family = ioClass ? IOCLASS_FAMILIES[ioClass] : undefined;
      if (family && !chainIncludes(chain, family.base)) {
        out.push(finding(userClassBase, file.path, valueSpan(userClassEntry), `IOClass ${ioClass} runs an ${family.base}, but ${userClass} does not derive from ${family.base}.`));
        continue;
      }
      if (ioClass === 'IOUserService') {
        const needed = Object.entries(FAMILY_IOCLASS_BY_BASE).find(([base]) => chainIncludes(chain, base));
        if (needed) out.push(finding(userClassBase, file.path, valueSpan(userClassEntry), `${userClass} is an ${needed[0]}: publish it with IOClass ${needed[1]}, not IOUserService.`));
      }
    }
    return out;
  },
};

export const unknownPair: InfoPlistRule = {
  id: 'plist.personality.unknown-pair',
  severity: 'warning',
  summary: 'An IOClass matched on a provider its family never attaches to (IOUserResources suits every one), or a dext on IOResources.',
  applies: 'info-plist',
  check: ({ file, resolver }) => {
    const out: Finding[] = [];
    for (const { dict } of dextPersonalities(file.document.root)) {
      const providerEntry = entry(dict, 'IOProviderClass');
      const provider = resolvedString(dict, 'IOProviderClass', resolver);
      if (!providerEntry || provider === undefined || provider === VIRTUAL_PROVIDER) continue;
      if (provider === 'IOResources') {
        out.push(finding(unknownPair, file.path, valueSpan(providerEntry), `The kernel never matches a dext on IOResources; a virtual dext matches on ${VIRTUAL_PROVIDER}.`, undefined, { guess: VIRTUAL_PROVIDER }));
        continue;
      }
      const ioClass = resolvedString(dict, 'IOClass', resolver);
      const providers = ioClass ? IOCLASS_FAMILIES[ioClass]?.providers : undefined;
      if (!providers || providers.includes(provider)) continue;
      out.push(finding(unknownPair, file.path, valueSpan(providerEntry), `IOClass ${ioClass} attaches to ${[...providers, VIRTUAL_PROVIDER].join(', ')}, not to ${provider}; check the personality's family.`));
    }
    return out;
  },
  fix: useGuessFix('IOProviderClass'),
};

/** What IOClass should be for a user class: its family's kernel class, else IOUserService. */
function hostFor(context: InfoPlistContext, dict: PlistNode): string {
  const userClass = resolvedString(dict, 'IOUserClass', context.resolver);
  const chain = userClass ? classChain(context.lookup, context.catalog, userClass) : undefined;
  const family = chain ? Object.entries(FAMILY_IOCLASS_BY_BASE).find(([base]) => chainIncludes(chain, base)) : undefined;
  return family?.[1] ?? 'IOUserService';
}

export const unknownIoClass: InfoPlistRule = {
  id: 'plist.personality.unknown-ioclass',
  severity: 'error',
  summary: 'A dext personality whose IOClass is a misspelt kernel class, the dext\'s own class, or a user class of Apple\'s HID dext (IOClass names the kernel class that hosts it).',
  applies: 'info-plist',
  check: (context) => {
    const out: Finding[] = [];
    const { file, resolver, lookup } = context;
    for (const { entry: named, dict } of dextPersonalities(file.document.root)) {
      const ioClassEntry = entry(dict, 'IOClass');
      const ioClass = resolvedString(dict, 'IOClass', resolver);
      if (!ioClassEntry || ioClass === undefined || IOCLASS_FAMILIES[ioClass]) continue;
      const kernelClass = Object.prototype.hasOwnProperty.call(APPLE_DEXT_USER_CLASSES, ioClass) ? APPLE_DEXT_USER_CLASSES[ioClass] : undefined;
      if (kernelClass) {
        out.push(finding(unknownIoClass, file.path, valueSpan(ioClassEntry), `IOClass '${ioClass}' is the user class inside Apple's own HID dext, not a kernel class; the kernel class that hosts a HID dext is ${kernelClass}.`, undefined, { guess: kernelClass }));
        continue;
      }
      if (lookup.declarationsOf(ioClass).length > 0) {
        const host = hostFor(context, dict);
        out.push(finding(unknownIoClass, file.path, valueSpan(ioClassEntry), `IOClass '${ioClass}' is the dext's own class; IOClass names the kernel class that hosts it (${host}), and IOUserClass names yours.`, undefined, { guess: host }));
        continue;
      }
      const guess = closest(ioClass, Object.keys(IOCLASS_FAMILIES), 2);
      if (guess) out.push(finding(unknownIoClass, file.path, valueSpan(ioClassEntry), `The personality '${named.key}' has IOClass '${ioClass}', which is no kernel class that hosts a dext. Did you mean '${guess}'?`, undefined, { guess }));
    }
    return out;
  },
  fix: useGuessFix('IOClass'),
};
