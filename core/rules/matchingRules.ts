/** Matching dictionaries: USB key combinations (Apple QA1076) and PCI match strings. */
import { finding, type Finding } from './finding';
import { RULES } from './ruleCatalog';
import { openTag, resolvedString, valueSpan, type PlistCheckContext } from '../plist/plistContext';
import { PCI_MATCHING_KEYS } from '../plist/plistKeys';
import { entry, type PlistNode } from '../plist/plistXml';

/** The combinations USB matching scores, for a device and for an interface. */
const USB_DEVICE_COMBINATIONS = [['idVendor', 'idProduct'], ['idVendor', 'idProductArray'], ['bDeviceClass', 'bDeviceSubClass'], ['idVendor', 'bDeviceSubClass']];
const USB_INTERFACE_COMBINATIONS = [
  ['idVendor', 'idProduct', 'bInterfaceNumber', 'bConfigurationValue'],
  ['idVendor', 'idProductArray', 'bInterfaceNumber', 'bConfigurationValue'],
  ['idVendor', 'bInterfaceSubClass', 'bInterfaceProtocol'],
  ['idVendor', 'bInterfaceSubClass'],
  ['bInterfaceClass', 'bInterfaceSubClass', 'bInterfaceProtocol'],
  ['bInterfaceClass', 'bInterfaceSubClass'],
];
const USB_KEYS = new Set([...USB_DEVICE_COMBINATIONS.flat(), ...USB_INTERFACE_COMBINATIONS.flat(), 'bcdDevice', 'bInterfaceClass', 'bDeviceProtocol']);
const PCI_VALUE = /^0x[0-9a-fA-F]{8}(&0x[0-9a-fA-F]{8})?$/;

export function checkMatching(context: PlistCheckContext, personality: PlistNode, out: Finding[]): void {
  if (personality.kind !== 'dict') return;
  const { file, resolver } = context;
  const provider = resolvedString(personality, 'IOProviderClass', resolver);
  if (provider === 'IOUSBHostDevice' || provider === 'IOUSBHostInterface') {
    const present = new Set(personality.entries.map((e) => e.key).filter((key) => USB_KEYS.has(key)));
    const combinations = provider === 'IOUSBHostDevice' ? USB_DEVICE_COMBINATIONS : USB_INTERFACE_COMBINATIONS;
    const otherwiseMatched = entry(personality, 'IOPropertyMatch') || entry(personality, 'IOResourceMatch');
    if (!otherwiseMatched && !combinations.some((combination) => combination.every((key) => present.has(key)))) {
      const keys = present.size > 0 ? [...present].join(', ') : 'no USB matching keys';
      const shapes = combinations.map((c) => c.join(' + ')).join('; ');
      out.push(finding(RULES.usbCombination, file.path, openTag(file.text, personality), `${provider} matching with ${keys} forms none of the combinations USB matching uses (${shapes}), so it matches too much or nothing.`));
    }
  }
  for (const key of PCI_MATCHING_KEYS.map((k) => k.key)) {
    const e = entry(personality, key);
    if (e?.value.kind !== 'string') continue;
    const text = resolver.resolve(e.value.value.trim());
    if (text === undefined) continue;
    const bad = text.split(/\s+/).filter((token) => !PCI_VALUE.test(token));
    if (text === '' || bad.length > 0) {
      out.push(finding(RULES.pciSyntax, file.path, valueSpan(e), `${key} '${text}' is not a list of 0xDDDDVVVV values (device and vendor id, 8 hex digits) with an optional &0xMASK${bad.length ? `: '${bad[0]}'` : ''}.`));
    }
  }
}
