/** Matching dictionaries: USB key combinations (Apple QA1076) and PCI match strings. */
import { PCI_MATCHING_KEYS } from '../../plist/plistKeys';
import { openTag, resolvedString, valueSpan } from '../../plist/plistContext';
import { entry } from '../../plist/plistXml';
import { finding, type Finding } from '../finding';
import type { InfoPlistRule } from './context';
import { dextPersonalities } from './personalities';

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

export const usbCombination: InfoPlistRule = {
  id: 'plist.matching.usb-combination',
  severity: 'warning',
  summary: 'USB matching keys that form none of the combinations USB matching uses (QA1076).',
  applies: 'info-plist',
  check: ({ file, resolver }) => {
    const out: Finding[] = [];
    for (const { dict } of dextPersonalities(file.document.root)) {
      const provider = resolvedString(dict, 'IOProviderClass', resolver);
      if (provider !== 'IOUSBHostDevice' && provider !== 'IOUSBHostInterface') continue;
      const present = new Set(dict.entries.map((e) => e.key).filter((key) => USB_KEYS.has(key)));
      const combinations = provider === 'IOUSBHostDevice' ? USB_DEVICE_COMBINATIONS : USB_INTERFACE_COMBINATIONS;
      // IOPropertyMatch can stand in for the USB keys; IOResourceMatch only adds a condition, so it cannot.
      if (entry(dict, 'IOPropertyMatch')) continue;
      if (combinations.some((combination) => combination.every((key) => present.has(key)))) continue;
      const keys = present.size > 0 ? [...present].join(', ') : 'no USB matching keys';
      const shapes = combinations.map((c) => c.join(' + ')).join('; ');
      out.push(finding(usbCombination, file.path, openTag(file.text, dict), `${provider} matching with ${keys} forms none of the combinations USB matching uses (${shapes}), so it matches too much or nothing.`));
    }
    return out;
  },
};

export const pciSyntax: InfoPlistRule = {
  id: 'plist.matching.pci-syntax',
  severity: 'error',
  summary: 'An IOPCIMatch-style string that is not 0xDDDDVVVV[&0xMASK] values.',
  applies: 'info-plist',
  local: true,
  check: ({ file, resolver }) => {
    const out: Finding[] = [];
    for (const { dict } of dextPersonalities(file.document.root)) {
      for (const key of PCI_MATCHING_KEYS.map((k) => k.key)) {
        const e = entry(dict, key);
        if (e?.value.kind !== 'string') continue;
        const text = resolver.resolve(e.value.value.trim());
        if (text === undefined) continue;
        const bad = text.split(/\s+/).filter((token) => !PCI_VALUE.test(token));
        if (text !== '' && bad.length === 0) continue;
        out.push(finding(pciSyntax, file.path, valueSpan(e), `${key} '${text}' is not a list of 0xDDDDVVVV values (device and vendor id, 8 hex digits) with an optional &0xMASK${bad.length ? `: '${bad[0]}'` : ''}.`));
      }
    }
    return out;
  },
};
