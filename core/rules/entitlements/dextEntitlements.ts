/**
 * A dext's entitlements against its personalities: the DriverKit entitlement, the transport each
 * provider needs (transport.usb as an array of dicts covering the personality's idVendor), the family
 * each IOClass needs. An Xcode driver-extension target is signed with com.apple.developer.driverkit
 * whatever its file says (the product type adds it), so that one is only demanded of dexts built
 * another way.
 */
import { classChain, chainIncludes } from '../../hierarchy/classChain';
import { IOCLASS_FAMILIES, TRANSPORT_BY_PROVIDER } from '../../plist/plistKeys';
import { openTag, resolvedString, type PlistFile, type SettingsResolver } from '../../plist/plistContext';
import { entry, type PlistNode } from '../../plist/plistXml';
import type { ClassLookup } from '../../model/workspaceIndex';
import type { SdkCatalog } from '../../sdk/sdkCatalog';
import { finding, type Finding } from '../finding';
import type { EntitlementsRule } from '../plist/context';
import { dextPersonalities } from '../plist/personalities';
import { addEntitlementFix, usbArrayFix } from '../plist/plistFixValues';

export const DRIVERKIT = 'com.apple.developer.driverkit';
export const USB = 'com.apple.developer.driverkit.transport.usb';

export const missingDriverKit: EntitlementsRule = {
  id: 'entitlements.missing-driverkit',
  severity: 'error',
  summary: 'A dext\'s entitlements without com.apple.developer.driverkit (when no Xcode dext target adds it).',
  applies: 'entitlements',
  check: ({ project, file }) => {
    const root = file.document.root;
    if (root?.kind !== 'dict' || entry(root, DRIVERKIT) || project.target?.kind === 'dext') return [];
    return [finding(missingDriverKit, file.path, openTag(file.text, root), `Every driver extension needs the ${DRIVERKIT} entitlement.`, undefined, { key: DRIVERKIT })];
  },
  fix: addEntitlementFix,
};

export const usbBool: EntitlementsRule = {
  id: 'entitlements.usb-bool',
  severity: 'error',
  summary: 'transport.usb written as a boolean; it is an array of dicts with idVendor.',
  applies: 'entitlements',
  check: ({ file }) => usbBoolFindings(file),
  fix: usbArrayFix,
};

/**
 * transport.usb as a boolean, judged from the file alone: it is wrong whoever signs with it, so it is
 * also looked for in an .entitlements file no dext target names (a script may sign the dext with it).
 */
export function usbBoolFindings(file: PlistFile): Finding[] {
  const usb = entry(file.document.root, USB);
  if (usb?.value.kind !== 'boolean') return [];
  return [finding(usbBool, file.path, usb.value.span, `${USB} is an array of dicts naming the idVendor values the dext may match, not a boolean.`)];
}

/** The transport and family entitlements a dext's personalities need, each with the reason. */
export function neededEntitlements(root: PlistNode | undefined, resolver: SettingsResolver, lookup: ClassLookup, catalog: SdkCatalog): { key: string; why: string; family: boolean }[] {
  const out = new Map<string, { key: string; why: string; family: boolean }>();
  for (const { dict } of dextPersonalities(root)) {
    const provider = resolvedString(dict, 'IOProviderClass', resolver);
    const transport = provider ? TRANSPORT_BY_PROVIDER[provider] : undefined;
    if (transport && !out.has(transport)) out.set(transport, { key: transport, why: `A personality matches on ${provider}`, family: false });
    const ioClass = resolvedString(dict, 'IOClass', resolver);
    const familyKey = ioClass ? IOCLASS_FAMILIES[ioClass]?.entitlement : undefined;
    if (familyKey && !out.has(familyKey)) out.set(familyKey, { key: familyKey, why: `A personality publishes IOClass ${ioClass}`, family: true });
    const userClass = resolvedString(dict, 'IOUserClass', resolver);
    const audio = 'com.apple.developer.driverkit.family.audio';
    if (userClass && !out.has(audio) && chainIncludes(classChain(lookup, catalog, userClass), 'IOUserAudioDriver')) {
      out.set(audio, { key: audio, why: `${userClass} is an audio driver`, family: true });
    }
  }
  return [...out.values()];
}

/** The needed entitlements of one kind (transport or family) that the file lacks. */
function missingNeeded(rule: EntitlementsRule, family: boolean): EntitlementsRule['check'] {
  return ({ project, file, lookup, catalog }) => {
    const root = file.document.root;
    if (root?.kind !== 'dict') return [];
    const out: Finding[] = [];
    for (const need of neededEntitlements(project.info.document.root, project.resolver, lookup, catalog)) {
      if (need.family !== family || entry(root, need.key)) continue;
      out.push(finding(rule, file.path, openTag(file.text, root), `${need.why}, which needs the ${need.key} entitlement.`, undefined, { key: need.key }));
    }
    return out;
  };
}

export const missingTransport: EntitlementsRule = {
  id: 'entitlements.missing-transport',
  severity: 'error',
  summary: 'No transport entitlement for a personality\'s provider (USB, HID, PCI).',
  applies: 'entitlements',
  check: (context) => missingNeeded(missingTransport, false)(context),
  fix: addEntitlementFix,
};

export const missingFamily: EntitlementsRule = {
  id: 'entitlements.missing-family',
  severity: 'error',
  summary: 'No family entitlement for a personality\'s IOClass.',
  applies: 'entitlements',
  check: (context) => missingNeeded(missingFamily, true)(context),
  fix: addEntitlementFix,
};
