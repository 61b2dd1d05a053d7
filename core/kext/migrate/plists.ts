/**
 * The dext's Info.plist and entitlements for a migrated class: each kext personality of the class
 * kept with its matching keys, its IOClass swapped for the kernel class that hosts a dext, and
 * IOUserClass / IOUserServerName added; the entitlements name the transport the provider needs,
 * with the kext's own match values.
 */
import { type PlistNode } from '../../plist/plistXml';
import type { FamilyPlan } from './family';

const ENT = 'com.apple.developer.driverkit';
const HEAD = ['<?xml version="1.0" encoding="UTF-8"?>', '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">', '<plist version="1.0">'];
/** Keys the migration sets itself, or that mean nothing to a dext. */
const REPLACED = new Set(['IOClass', 'IOProviderClass', 'IOUserClass', 'IOUserServerName', 'CFBundleIdentifier', 'IOKitDebug']);
const PCI_KEYS = ['IOPCIMatch', 'IOPCIPrimaryMatch', 'IOPCISecondaryMatch', 'IOPCIClassMatch'];
/** Past this depth a value is not copied (a personality nests a dictionary or two at most). */
const MAX_DEPTH = 16;

export interface MigratedPersonality {
  readonly name: string;
  readonly node: PlistNode & { kind: 'dict' };
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function valueXml(node: PlistNode, indent: string, depth: number): string[] {
  if (depth > MAX_DEPTH) return [`${indent}<string></string>`];
  switch (node.kind) {
    case 'dict':
      return [`${indent}<dict>`, ...node.entries.flatMap((e) => [`${indent}\t<key>${escapeXml(e.key)}</key>`, ...valueXml(e.value, `${indent}\t`, depth + 1)]), `${indent}</dict>`];
    case 'array':
      return [`${indent}<array>`, ...node.items.flatMap((item) => valueXml(item, `${indent}\t`, depth + 1)), `${indent}</array>`];
    case 'boolean':
      return [`${indent}<${node.value ? 'true' : 'false'}/>`];
    case 'integer':
    case 'real':
      return [`${indent}<${node.kind}>${escapeXml(node.text)}</${node.kind}>`];
    default:
      return [`${indent}<${node.kind}>${escapeXml(node.value)}</${node.kind}>`];
  }
}

const str = (indent: string, key: string, value: string): string[] => [`${indent}<key>${escapeXml(key)}</key>`, `${indent}<string>${escapeXml(value)}</string>`];

export function dextInfoPlist(className: string, bundleId: string, version: string, plan: FamilyPlan, personalities: readonly MigratedPersonality[]): string {
  const t3 = '\t\t\t';
  const body = personalities.flatMap((p) => [
    `\t\t<key>${escapeXml(p.name)}</key>`,
    '\t\t<dict>',
    ...str(t3, 'CFBundleIdentifier', bundleId),
    ...str(t3, 'IOClass', plan.ioClass),
    ...str(t3, 'IOProviderClass', plan.provider),
    ...str(t3, 'IOUserClass', className),
    ...str(t3, 'IOUserServerName', bundleId),
    ...p.node.entries.filter((e) => !REPLACED.has(e.key)).flatMap((e) => [`${t3}<key>${escapeXml(e.key)}</key>`, ...valueXml(e.value, t3, 0)]),
    '\t\t</dict>',
  ]);
  return [
    ...HEAD,
    '<dict>',
    ...str('\t', 'CFBundleDevelopmentRegion', 'en'),
    ...str('\t', 'CFBundleExecutable', bundleId),
    ...str('\t', 'CFBundleIdentifier', bundleId),
    ...str('\t', 'CFBundleInfoDictionaryVersion', '6.0'),
    ...str('\t', 'CFBundleName', className),
    ...str('\t', 'CFBundlePackageType', 'DEXT'),
    ...str('\t', 'CFBundleShortVersionString', version),
    ...str('\t', 'CFBundleVersion', version),
    ...str('\t', 'OSBundleUsageDescription', plan.usage),
    '\t<key>IOKitPersonalities</key>',
    '\t<dict>',
    ...body,
    '\t</dict>',
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}

/** The entitlements: DriverKit itself, the family's, and the provider's transport with the kext's match values. */
export function dextEntitlements(plan: FamilyPlan, personalities: readonly MigratedPersonality[]): string {
  const transport: string[] = [];
  const matchDicts = (keys: readonly string[]): string[] => {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const p of personalities) {
      const kept = p.node.entries.filter((e) => keys.includes(e.key));
      if (kept.length === 0) continue;
      const xml = ['\t\t<dict>', ...kept.flatMap((e) => [`\t\t\t<key>${escapeXml(e.key)}</key>`, ...valueXml(e.value, '\t\t\t', 0)]), '\t\t</dict>'];
      const id = xml.join('\n');
      if (!seen.has(id)) out.push(...xml);
      seen.add(id);
    }
    return out;
  };
  if (plan.provider === 'IOPCIDevice') {
    const dicts = matchDicts(PCI_KEYS);
    transport.push(...(dicts.length ? [`\t<key>${ENT}.transport.pci</key>`, '\t<array>', ...dicts, '\t</array>'] : [`\t<!-- TODO(migrate): no IOPCIMatch in the kext's personalities: add ${ENT}.transport.pci with the device's match values. -->`]));
  } else if (plan.provider === 'IOUSBHostDevice' || plan.provider === 'IOUSBHostInterface') {
    const dicts = matchDicts(['idVendor']);
    transport.push(...(dicts.length ? [`\t<key>${ENT}.transport.usb</key>`, '\t<array>', ...dicts, '\t</array>'] : [`\t<!-- TODO(migrate): no idVendor in the kext's personalities: add ${ENT}.transport.usb with the vendor id. -->`]));
  } else if (plan.provider === 'IOHIDInterface') {
    transport.push(`\t<key>${ENT}.transport.hid</key>`, '\t<true/>');
  }
  return [
    ...HEAD,
    '<dict>',
    `\t<key>${ENT}</key>`,
    '\t<true/>',
    ...(plan.familyEntitlement ? [`\t<key>${plan.familyEntitlement}</key>`, '\t<true/>'] : []),
    ...transport,
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}
