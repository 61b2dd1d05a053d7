/**
 * Entitlements checked against the dext's personalities: the DriverKit entitlement, the transport
 * each provider needs (transport.usb as an array of dicts covering the personality's idVendor), the
 * family each IOClass needs; and a client app's userclient-access naming the dext.
 */
import { finding, type Finding } from './finding';
import { RULES } from './ruleCatalog';
import { classChain, chainIncludes } from '../hierarchy/classChain';
import { IOCLASS_FAMILIES, TRANSPORT_BY_PROVIDER } from '../plist/plistKeys';
import { openTag, resolvedString, type PlistCheckContext, type PlistFile, type SettingsResolver } from '../plist/plistContext';
import { entry, type PlistNode } from '../plist/plistXml';

const DRIVERKIT = 'com.apple.developer.driverkit';
const USB = 'com.apple.developer.driverkit.transport.usb';
const ANY_CLIENT = 'com.apple.developer.driverkit.allow-any-userclient-access';
const CLIENT_ACCESS = 'com.apple.developer.driverkit.userclient-access';

function personalitiesOf(info: PlistNode | undefined): PlistNode[] {
  const personalities = entry(info, 'IOKitPersonalities')?.value;
  return personalities?.kind === 'dict' ? personalities.entries.map((e) => e.value).filter((v) => v.kind === 'dict') : [];
}

/** Findings in an entitlements file, given the dext Info.plist it signs. */
export function checkEntitlements(entitlements: PlistFile, info: PlistFile, context: Pick<PlistCheckContext, 'resolver' | 'index' | 'catalog'>): Finding[] {
  const root = entitlements.document.root;
  if (root?.kind !== 'dict') return [];
  const out: Finding[] = [];
  const at = openTag(entitlements.text, root);
  if (!entry(root, DRIVERKIT)) out.push(finding(RULES.missingDriverKit, entitlements.path, at, `Every driver extension needs the ${DRIVERKIT} entitlement.`, undefined, { key: DRIVERKIT }));
  const usb = entry(root, USB);
  if (usb?.value.kind === 'boolean') {
    out.push(finding(RULES.usbBool, entitlements.path, usb.value.span, `${USB} is an array of dicts naming the idVendor values the dext may match, not a boolean.`));
  }
  const reported = new Set<string>();
  for (const personality of personalitiesOf(info.document.root)) {
    const provider = resolvedString(personality, 'IOProviderClass', context.resolver);
    const transport = provider ? TRANSPORT_BY_PROVIDER[provider] : undefined;
    if (transport && !entry(root, transport) && !reported.has(transport)) {
      reported.add(transport);
      out.push(finding(RULES.missingTransport, entitlements.path, at, `A personality matches on ${provider}, which needs the ${transport} entitlement.`, undefined, { key: transport }));
    }
    const family = familyEntitlement(personality, context);
    if (family && !entry(root, family.key) && !reported.has(family.key)) {
      reported.add(family.key);
      out.push(finding(RULES.missingFamily, entitlements.path, at, `${family.why}, which needs the ${family.key} entitlement.`, undefined, { key: family.key }));
    }
  }
  return out;
}

function familyEntitlement(personality: PlistNode, context: Pick<PlistCheckContext, 'resolver' | 'index' | 'catalog'>): { key: string; why: string } | undefined {
  const ioClass = resolvedString(personality, 'IOClass', context.resolver);
  const entitlement = ioClass ? IOCLASS_FAMILIES[ioClass]?.entitlement : undefined;
  if (entitlement) return { key: entitlement, why: `A personality publishes IOClass ${ioClass}` };
  const userClass = resolvedString(personality, 'IOUserClass', context.resolver);
  if (userClass && chainIncludes(classChain(context.index, context.catalog, userClass), 'IOUserAudioDriver')) {
    return { key: 'com.apple.developer.driverkit.family.audio', why: `${userClass} is an audio driver` };
  }
  return undefined;
}

/** Findings in the Info.plist: a personality's idVendor the transport.usb entitlement does not allow. */
export function checkUsbVendors(info: PlistFile, entitlements: readonly PlistFile[], resolver: SettingsResolver): Finding[] {
  const allowed = new Set<number | '*'>();
  let array = false;
  for (const file of entitlements) {
    const usb = entry(file.document.root, USB)?.value;
    if (usb?.kind !== 'array') continue;
    array = true;
    for (const item of usb.items) {
      const vendor = entry(item, 'idVendor')?.value;
      if (vendor?.kind === 'integer') allowed.add(vendor.value);
      else if (vendor?.kind === 'string' && vendor.value.trim() === '*') allowed.add('*');
    }
  }
  if (!array || allowed.has('*')) return [];
  const out: Finding[] = [];
  for (const personality of personalitiesOf(info.document.root)) {
    const provider = resolvedString(personality, 'IOProviderClass', resolver);
    const vendor = entry(personality, 'idVendor');
    if (!provider || TRANSPORT_BY_PROVIDER[provider] !== USB || vendor?.value.kind !== 'integer' || allowed.has(vendor.value.value)) continue;
    out.push(finding(RULES.usbVendor, info.path, vendor.value.span, `idVendor ${vendor.value.value} is not in the dext's ${USB} entitlement (it allows ${[...allowed].join(', ') || 'none'}), so the system will not let the dext match it.`));
  }
  return out;
}

/** In a client app's entitlements: userclient-access must name a dext that does not allow any client. */
export function checkClientAccess(client: PlistFile, dexts: readonly { bundleId: string; entitlements: readonly PlistFile[] }[]): Finding[] {
  const access = entry(client.document.root, CLIENT_ACCESS);
  if (access?.value.kind !== 'array') return [];
  const named = new Set(access.value.items.flatMap((item) => (item.kind === 'string' ? [item.value.trim()] : [])));
  const out: Finding[] = [];
  for (const dext of dexts) {
    const open = dext.entitlements.some((file) => {
      const any = entry(file.document.root, ANY_CLIENT)?.value;
      return any?.kind === 'boolean' && any.value;
    });
    if (open || named.has(dext.bundleId)) continue;
    out.push(finding(RULES.userClientAccess, client.path, access.value.span, `${CLIENT_ACCESS} does not name ${dext.bundleId}, and that dext does not allow any client (${ANY_CLIENT}), so the app cannot open its user client.`));
  }
  return out;
}
