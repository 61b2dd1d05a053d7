/**
 * Generators of XML property lists: dext Info.plists and .entitlements built from the keys the rules
 * read, with wrong types, duplicate keys, huge integers, entity references, CDATA, comments,
 * declarations, odd tag spellings, deep nesting and unclosed elements.
 */
import fc from 'fast-check';

const INFO_KEYS = ['CFBundleIdentifier', 'CFBundleExecutable', 'CFBundlePackageType', 'CFBundleShortVersionString', 'CFBundleVersion', 'CFBundleName', 'CFBundleInfoDictionaryVersion', 'OSBundleUsageDescription', 'OSBundleLibraries', 'IOKitPersonalities', 'CFBundleDevelopmentRegion'];
const PERSONALITY_KEYS = ['IOClass', 'IOProviderClass', 'IOUserClass', 'IOUserServerName', 'CFBundleIdentifier', 'CFBundleIdentifierKernel', 'IOMatchCategory', 'IOProbeScore', 'IOResourceMatch', 'IOPCIMatch', 'IOPCIPrimaryMatch', 'IOPCISecondaryMatch', 'IOPCIClassMatch', 'IOPropertyMatch', 'idVendor', 'idProduct', 'idProductArray', 'bcdDevice', 'bConfigurationValue', 'bInterfaceNumber', 'bInterfaceClass', 'bInterfaceSubClass', 'bInterfaceProtocol', 'bDeviceClass', 'bDeviceSubClass', 'bDeviceProtocol', 'DeviceUsagePairs', 'PrimaryUsage', 'PrimaryUsagePage', 'Transport', 'VendorID', 'ProductID', 'LocationID', 'UserClientProperties', 'IOUserServerOneProcess'];
const ENTITLEMENT_KEYS = ['com.apple.developer.driverkit', 'com.apple.developer.driverkit.transport.usb', 'com.apple.developer.driverkit.transport.hid', 'com.apple.developer.driverkit.transport.pci', 'com.apple.developer.driverkit.family.hid.device', 'com.apple.developer.driverkit.family.hid.eventservice', 'com.apple.developer.driverkit.family.serial', 'com.apple.developer.driverkit.family.networking', 'com.apple.developer.driverkit.family.audio', 'com.apple.developer.driverkit.userclient-access', 'com.apple.developer.driverkit.allow-any-userclient-access', 'com.apple.developer.driverkit.allow-third-party-userclients', 'com.apple.developer.system-extension.install', 'com.apple.security.app-sandbox'];
const STRINGS = ['com.example.FuzzDriver', 'com.example.Other', 'FuzzDriver', 'DEXT', 'APPL', 'KEXT', '1.0', '1.0.0', '1.0a1', '99999.99.99', '1..2', '', ' ', 'IOService', 'IOUserService', 'IOUserResources', 'IOUSBHostInterface', 'IOUSBHostDevice', 'IOPCIDevice', 'IOHIDInterface', 'AppleUserHIDDevice', 'AppleUserHIDEventService', 'IOUserHIDEventService', 'IOUserSerial', 'IOUserClient', 'com.apple.kpi.iokit', '0x12345678', '0x12345678&0xFFFF0000', '0x1234 0x5678', '0xZZ', '$(PRODUCT_BUNDLE_IDENTIFIER)', '$(EXECUTABLE_NAME)', '${PRODUCT_NAME}', '$(', '$(A:rfc1034identifier)', '$(MARKETING_VERSION)', '*', 'USB', 'Ω😀', '\uD800', 'tab\there', 'line\nbreak'];
const TEXT_PIECES = ['&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#65;', '&#x1F600;', '&#x10FFFF;', '&#1114112;', '&#99999999;', '&#x110000;', '&#xD800;', '&#0;', '&#;', '&#x;', '&bogus;', '&', '&amp', '<![CDATA[<dict>&</dict>]]>', '<![CDATA[', ']]>', '<!-- note -->', '<!--', '-->', '<', '>', '\0', '\r\n', '\uFEFF'];
const INTEGERS = ['0', '-1', '1452', '0x05AC', '0X05ac', '+7', '-0x10', '18446744073709551616', '99999999999999999999999999999999999999', '1e400', '1.5', ' 12 ', '0x', 'abc', '', '007', '٣'];
const REALS = ['0', '1.5', '-0', '1e309', '-1e309', 'NaN', 'Infinity', '.5', '1.', 'x'];

/** A tag as users (or tools) may spell it: attributes, spaces, self-closing, odd case. */
const tagSpelling = fc.constantFrom('', '', '', ' ', ' id="1"', '\n', ' xml:space="preserve"', '/', ' /');

/** A long run of spaces inside a tag: regular expressions over tags must stay linear. */
const tagPadding = fc.oneof({ weight: 30, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.integer({ min: 100, max: 30_000 }).map((n) => ' '.repeat(n)) });

const text = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...STRINGS) },
  { weight: 3, arbitrary: fc.array(fc.oneof(fc.constantFrom(...STRINGS), fc.constantFrom(...TEXT_PIECES)), { maxLength: 4 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12, unit: 'binary' }).map(escapeXml) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 50_000 }).map((n) => 'a'.repeat(n)) },
);

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

const element = (name: string, body: fc.Arbitrary<string>) =>
  fc.tuple(tagSpelling, tagPadding, body).map(([spelling, pad, inner]) => (spelling.includes('/') ? `<${name}${pad}${spelling}>` : `<${name}${spelling}${pad}>${inner}</${name}>`));

const scalar = fc.oneof(
  { weight: 6, arbitrary: element('string', text) },
  { weight: 3, arbitrary: element('integer', fc.constantFrom(...INTEGERS)) },
  { weight: 1, arbitrary: element('real', fc.constantFrom(...REALS)) },
  { weight: 2, arbitrary: fc.constantFrom('<true/>', '<false/>', '<true></true>', '<false ></false>', '<true>', '<yes/>') },
  { weight: 1, arbitrary: element('date', fc.constantFrom('2024-01-01T00:00:00Z', 'yesterday', '')) },
  { weight: 1, arbitrary: element('data', fc.constantFrom('AAEC', 'not base64 !', '', ' QUJD\n REVG ')) },
);

const keyName = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...INFO_KEYS, ...PERSONALITY_KEYS, ...ENTITLEMENT_KEYS) },
  { weight: 1, arbitrary: text },
);

/** A dict or array tree; keys repeat freely, so duplicate keys are common. */
const { value } = fc.letrec<{ value: string; dict: string; array: string }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('dict'), tie('array')),
  dict: fc
    .array(fc.tuple(keyName, tie('value'), fc.constantFrom('', '\n', '<!-- c -->', ' ')), { maxLength: 8 })
    .map((entries) => `<dict>\n${entries.map(([k, v, gap]) => `<key>${k}</key>${gap}${v}`).join('\n')}\n</dict>`),
  array: fc.array(tie('value'), { maxLength: 5 }).map((items) => `<array>${items.join('')}</array>`),
}));

const personality = fc
  .array(fc.tuple(fc.constantFrom(...PERSONALITY_KEYS), fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: value })), { maxLength: 12 })
  .map((entries) => `<dict>${entries.map(([k, v]) => `<key>${k}</key>${v}`).join('')}</dict>`);

const infoDict = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom(...INFO_KEYS, ...ENTITLEMENT_KEYS), scalar), { maxLength: 10 }),
    fc.array(fc.tuple(fc.constantFrom('FuzzDriver', 'Second', 'FuzzDriver'), personality), { maxLength: 3 }),
    fc.boolean(),
  )
  .map(([entries, personalities, withPersonalities]) => {
    const body = entries.map(([k, v]) => `<key>${k}</key>${v}`);
    if (withPersonalities) body.push(`<key>IOKitPersonalities</key><dict>${personalities.map(([n, p]) => `<key>${n}</key>${p}`).join('')}</dict>`);
    return `<dict>\n${body.join('\n')}\n</dict>`;
  });

const usbMatch = fc
  .array(fc.tuple(fc.constantFrom('idVendor', 'idProduct', 'idProductArray', 'bcdDevice'), fc.oneof(element('integer', fc.constantFrom(...INTEGERS)), element('string', fc.constantFrom('*', '0x05AC', 'x')), value)), { maxLength: 3 })
  .map((entries) => `<dict>${entries.map(([k, v]) => `<key>${k}</key>${v}`).join('')}</dict>`);

const entitlementValue = fc.oneof(
  scalar,
  fc.array(usbMatch, { maxLength: 3 }).map((d) => `<array>${d.join('')}</array>`),
  fc.array(element('string', fc.constantFrom('com.example.FuzzDriver', 'com.example.Other', '*', '')), { maxLength: 3 }).map((s) => `<array>${s.join('')}</array>`),
  value,
);

const entitlementsDict = fc
  .array(fc.tuple(fc.constantFrom(...ENTITLEMENT_KEYS), entitlementValue), { maxLength: 10 })
  .map((entries) => `<dict>\n${entries.map(([k, v]) => `<key>${k}</key>${v}`).join('\n')}\n</dict>`);

/** What comes before the root: XML declaration, DOCTYPE (with an internal subset at times), comments. */
const prologue = fc
  .array(
    fc.constantFrom(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
      '<!DOCTYPE plist [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
      '<!-- generated -->',
      '<?xml-stylesheet href="x"?>',
      '\uFEFF',
      '\n',
      'bplist00',
      '<!DOCTYPE',
    ),
    { maxLength: 3 },
  )
  .map((parts) => parts.join('\n'));

/** Nesting thousands deep, closed or not: the parser must not recurse its way to a stack overflow. */
const deepNesting = fc
  .tuple(fc.integer({ min: 100, max: 5000 }), fc.constantFrom('<array>', '<dict><key>k</key>'), fc.boolean())
  .map(([depth, open, closed]) => {
    const close = open === '<array>' ? '</array>' : '</dict>';
    return `${open.repeat(depth)}<string>deep</string>${closed ? close.repeat(depth) : ''}`;
  });

function document(root: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(prologue, fc.constantFrom('<plist version="1.0">', '<plist>', '<plist version="1.0" >', '<PLIST>', '<plist/>', '<dict>'), root, fc.constantFrom('</plist>\n', '</plist>', '', '</plist><plist>', '</plist>trailing', '</dict>'))
    .map(([head, open, body, close]) => `${head}\n${open}\n${body}\n${close}`);
}

export const infoPlist: fc.Arbitrary<string> = document(fc.oneof({ weight: 12, arbitrary: infoDict }, { weight: 2, arbitrary: value }, { weight: 1, arbitrary: deepNesting }));
export const entitlements: fc.Arbitrary<string> = document(fc.oneof({ weight: 12, arbitrary: entitlementsDict }, { weight: 2, arbitrary: value }, { weight: 1, arbitrary: deepNesting }));

/** One piece of property-list text for the `insert` mutation: markup, entities, keys or a whole value. */
export const plistToken: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...TEXT_PIECES, '<dict>', '</dict>', '<array>', '</array>', '<key>', '</key>', '<string>', '</string>', '<integer>', '</integer>', '<true/>', '<dict/>', '</plist>', '<plist>', '<?xml', '<!DOCTYPE x [', '"', '$(', ')'),
  keyName.map((k) => `<key>${k}</key>`),
  scalar,
  value,
);
