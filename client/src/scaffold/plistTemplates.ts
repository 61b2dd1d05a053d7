/** The dext's Info.plist and entitlements. */
import { ENT, Ids, Template, hex4, lines, userClientName } from '../../../core/dext/templateText';

/** XML text for a <string> or <key>: the five special characters escaped. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

// ---------------------------------------------------------------------------------------------
// Property lists

const PLIST_HEAD = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
  '<plist version="1.0">',
];

const key = (indent: string, name: string): string => `${indent}<key>${escapeXml(name)}</key>`;
const str = (indent: string, name: string, value: string): string[] => [key(indent, name), `${indent}<string>${escapeXml(value)}</string>`];
const int = (indent: string, name: string, value: number): string[] => [key(indent, name), `${indent}<integer>${value}</integer>`];
const yes = (indent: string, name: string): string[] => [key(indent, name), `${indent}<true/>`];

function matchingKeys(template: Template, ids: Ids, indent: string): string[] {
  const note = ids.placeholder && template.matching !== 'resources' ? [`${indent}<!-- Placeholder ids: replace them with your device's. -->`] : [];
  switch (template.matching) {
    case 'usb-device':
      return [...note, ...int(indent, 'idVendor', ids.vendorId), ...int(indent, 'idProduct', ids.productId)];
    case 'usb-interface':
      return [
        ...note,
        ...int(indent, 'idVendor', ids.vendorId),
        ...int(indent, 'idProduct', ids.productId),
        ...int(indent, 'bConfigurationValue', 1),
        ...int(indent, 'bInterfaceNumber', 0),
      ];
    case 'hid':
      return [...note, ...int(indent, 'VendorID', ids.vendorId), ...int(indent, 'ProductID', ids.productId)];
    case 'pci':
      return [...note, ...str(indent, 'IOPCIMatch', pciMatch(ids))];
    case 'resources':
      return str(indent, 'IOResourceMatch', 'IOKit');
  }
}

function pciMatch(ids: Ids): string {
  return `0x${hex4(ids.productId)}${hex4(ids.vendorId)}`;
}

export function infoPlist(name: string, bundleId: string, template: Template, ids: Ids): string {
  const t1 = '\t';
  const t3 = '\t\t\t';
  const t4 = '\t\t\t\t';
  const personality = [
    ...str(t3, 'CFBundleIdentifier', bundleId),
    ...str(t3, 'IOClass', template.ioClass),
    ...str(t3, 'IOProviderClass', template.provider),
    ...str(t3, 'IOUserClass', name),
    ...str(t3, 'IOUserServerName', bundleId),
    ...(template.matching === 'resources' ? str(t3, 'IOMatchCategory', bundleId) : []),
    ...matchingKeys(template, ids, t3),
    ...(template.userClient
      ? [key(t3, 'UserClientProperties'), `${t3}<dict>`, ...str(t4, 'IOClass', 'IOUserUserClient'), ...str(t4, 'IOUserClass', userClientName(name)), `${t3}</dict>`]
      : []),
  ];
  return lines(
    PLIST_HEAD,
    '<dict>',
    str(t1, 'CFBundleDevelopmentRegion', 'en'),
    str(t1, 'CFBundleExecutable', bundleId),
    str(t1, 'CFBundleIdentifier', bundleId),
    str(t1, 'CFBundleInfoDictionaryVersion', '6.0'),
    str(t1, 'CFBundleName', name),
    str(t1, 'CFBundlePackageType', 'DEXT'),
    str(t1, 'CFBundleShortVersionString', '1.0'),
    str(t1, 'CFBundleVersion', '1'),
    str(t1, 'OSBundleUsageDescription', template.usage),
    key(t1, 'IOKitPersonalities'),
    `${t1}<dict>`,
    key('\t\t', name),
    '\t\t<dict>',
    personality,
    '\t\t</dict>',
    `${t1}</dict>`,
    '</dict>',
    '</plist>',
  );
}

export function entitlements(template: Template, ids: Ids): string {
  const t1 = '\t';
  const t3 = '\t\t\t';
  const transport: string[] = [];
  if (template.provider === 'IOUSBHostDevice' || template.provider === 'IOUSBHostInterface') {
    transport.push(key(t1, `${ENT}.transport.usb`), `${t1}<array>`, '\t\t<dict>', ...int(t3, 'idVendor', ids.vendorId), '\t\t</dict>', `${t1}</array>`);
  } else if (template.provider === 'IOHIDInterface') {
    transport.push(...yes(t1, `${ENT}.transport.hid`));
  } else if (template.provider === 'IOPCIDevice') {
    transport.push(key(t1, `${ENT}.transport.pci`), `${t1}<array>`, '\t\t<dict>', ...str(t3, 'IOPCIMatch', pciMatch(ids)), '\t\t</dict>', `${t1}</array>`);
  }
  return lines(
    PLIST_HEAD,
    '<dict>',
    yes(t1, ENT),
    template.familyEntitlement ? yes(t1, template.familyEntitlement) : [],
    transport,
    template.userClient
      ? [
          `${t1}<!-- Any app may open the user client. For a narrower rule remove this and give the`,
          `${t1}     app the userclient-access entitlement naming this dext's bundle identifier. -->`,
          ...yes(t1, `${ENT}.allow-any-userclient-access`),
        ]
      : [],
    '</dict>',
    '</plist>',
  );
}
