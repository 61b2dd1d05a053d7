/**
 * The driver templates of client/src/scaffold/driverTemplates.ts, checked with the project's own
 * analysis: every family's files, written to a folder, get no finding from any rule (iig, cpp,
 * Info.plist and entitlements); plus the name checks and hostile input.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import {
  DRIVER_FAMILIES,
  escapeXml,
  scaffoldDriver,
  validBundleId,
  validClassName,
  type DriverFamily,
  type ScaffoldFile,
  type ScaffoldOptions,
} from '../../../client/src/scaffold/driverTemplates';
import { parsePlist } from '../../../core/plist/plistXml';
import { actualFindings, workspaceOf } from '../../support/analysis';

const FAMILIES: readonly DriverFamily[] = ['hid-event-service', 'hid-device', 'usb-interface', 'usb-device', 'serial', 'networking', 'pci', 'user-client'];

async function findingsOf(files: readonly ScaffoldFile[]): Promise<string[]> {
  const folder = mkdtempSync(join(tmpdir(), 'dk-scaffold-'));
  try {
    for (const file of files) {
      const path = join(folder, file.relativePath);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.text);
    }
    return actualFindings(await workspaceOf(folder));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const fileNamed = (files: readonly ScaffoldFile[], suffix: string): ScaffoldFile => {
  const found = files.find((f) => f.relativePath.endsWith(suffix));
  assert.ok(found, `no file ending in ${suffix}: ${files.map((f) => f.relativePath).join(', ')}`);
  return found;
};

test('DRIVER_FAMILIES lists every family once, with a label and a description', () => {
  assert.deepEqual(DRIVER_FAMILIES.map((f) => f.id).sort(), [...FAMILIES].sort());
  for (const family of DRIVER_FAMILIES) {
    assert.ok(family.label.length > 0 && family.description.length > 0, family.id);
  }
});

for (const family of FAMILIES) {
  test(`${family}: the generated driver gets no finding from any rule`, async () => {
    const files = scaffoldDriver({ family, className: 'SampleDriver', bundleId: 'com.example.driverkit.SampleDriver', vendorId: 0x05ac, productId: 0x1234 });
    const names = files.map((f) => f.relativePath).sort();
    const expected = ['SampleDriver/Info.plist', 'SampleDriver/SampleDriver.cpp', 'SampleDriver/SampleDriver.entitlements', 'SampleDriver/SampleDriver.iig'];
    if (family === 'user-client') expected.push('SampleDriver/SampleDriverUserClient.cpp', 'SampleDriver/SampleDriverUserClient.iig');
    assert.deepEqual(names, expected.sort());
    assert.deepEqual(await findingsOf(files), []);
  });

  test(`${family}: placeholder ids (none given) and another name also give no finding`, async () => {
    const files = scaffoldDriver({ family, className: 'Widget_2', bundleId: 'org.example-labs.widget' });
    assert.deepEqual(await findingsOf(files), []);
  });
}

test('each family publishes the IOClass / IOProviderClass pair of its family', () => {
  const expected: Record<DriverFamily, [string, string]> = {
    'hid-event-service': ['AppleUserHIDEventService', 'IOHIDInterface'],
    'hid-device': ['AppleUserHIDDevice', 'IOUSBHostInterface'],
    'usb-interface': ['IOUserService', 'IOUSBHostInterface'],
    'usb-device': ['IOUserService', 'IOUSBHostDevice'],
    serial: ['IOUserSerial', 'IOUSBHostInterface'],
    networking: ['IOUserNetworkEthernet', 'IOUSBHostInterface'],
    pci: ['IOUserService', 'IOPCIDevice'],
    'user-client': ['IOUserService', 'IOUserResources'],
  };
  for (const family of FAMILIES) {
    const info = fileNamed(scaffoldDriver({ family, className: 'Pair', bundleId: 'com.example.Pair' }), 'Info.plist').text;
    const [ioClass, provider] = expected[family];
    assert.match(info, new RegExp(`<key>IOClass</key>\\s*<string>${ioClass}</string>`), family);
    assert.match(info, new RegExp(`<key>IOProviderClass</key>\\s*<string>${provider}</string>`), family);
    assert.match(info, /<key>CFBundleVersion<\/key>\s*<string>1<\/string>/);
    assert.match(info, /<key>CFBundleShortVersionString<\/key>\s*<string>1\.0<\/string>/);
    assert.match(info, /<key>CFBundlePackageType<\/key>\s*<string>DEXT<\/string>/);
  }
});

test('the HID device has no Start override and never calls RegisterService()', () => {
  const files = scaffoldDriver({ family: 'hid-device', className: 'Pad', bundleId: 'com.example.Pad' });
  assert.doesNotMatch(fileNamed(files, 'Pad.iig').text, /\bStart\s*\(/);
  assert.doesNotMatch(fileNamed(files, 'Pad.cpp').text, /RegisterService\s*\(/);
  assert.match(fileNamed(files, 'Pad.cpp').text, /"RegisterService", kOSBooleanTrue/);
});

test('the user-client family writes a service with NewUserClient and an IOUserClient with ExternalMethod', () => {
  const files = scaffoldDriver({ family: 'user-client', className: 'Meter', bundleId: 'com.example.Meter' });
  assert.match(fileNamed(files, 'Meter.iig').text, /class Meter : public IOService[\s\S]*NewUserClient/);
  assert.match(fileNamed(files, 'MeterUserClient.iig').text, /class MeterUserClient : public IOUserClient[\s\S]*ExternalMethod/);
  assert.match(fileNamed(files, 'Info.plist').text, /<key>UserClientProperties<\/key>[\s\S]*<string>MeterUserClient<\/string>/);
});

test('ids become USB, HID and PCI matching values and the transport entitlements', () => {
  const usb = scaffoldDriver({ family: 'usb-interface', className: 'Cam', bundleId: 'com.example.Cam', vendorId: 0x1a2b, productId: 0x00ff });
  assert.match(fileNamed(usb, 'Info.plist').text, /<key>idVendor<\/key>\s*<integer>6699<\/integer>\s*<key>idProduct<\/key>\s*<integer>255<\/integer>/);
  assert.match(fileNamed(usb, 'Info.plist').text, /<key>bConfigurationValue<\/key>[\s\S]*<key>bInterfaceNumber<\/key>/);
  assert.match(fileNamed(usb, 'Cam.entitlements').text, /transport\.usb<\/key>\s*<array>\s*<dict>\s*<key>idVendor<\/key>\s*<integer>6699<\/integer>/);
  const hid = scaffoldDriver({ family: 'hid-event-service', className: 'Keys', bundleId: 'com.example.Keys', vendorId: 7, productId: 9 });
  assert.match(fileNamed(hid, 'Info.plist').text, /<key>VendorID<\/key>\s*<integer>7<\/integer>\s*<key>ProductID<\/key>\s*<integer>9<\/integer>/);
  assert.match(fileNamed(hid, 'Keys.entitlements').text, /transport\.hid<\/key>\s*<true\/>/);
  assert.match(fileNamed(hid, 'Keys.entitlements').text, /family\.hid\.eventservice<\/key>\s*<true\/>/);
  const pci = scaffoldDriver({ family: 'pci', className: 'Card', bundleId: 'com.example.Card', vendorId: 0x8086, productId: 0x10d3 });
  assert.match(fileNamed(pci, 'Info.plist').text, /<key>IOPCIMatch<\/key>\s*<string>0x10D38086<\/string>/);
  assert.match(fileNamed(pci, 'Card.entitlements').text, /transport\.pci<\/key>\s*<array>\s*<dict>\s*<key>IOPCIMatch<\/key>\s*<string>0x10D38086<\/string>/);
});

test('validClassName accepts C++ identifiers and rejects the rest with a reason', () => {
  for (const ok of ['MyDriver', 'Driver2', '_driver', 'Sample_Driver', 'ACMEThing']) assert.equal(validClassName(ok), undefined, ok);
  for (const bad of ['', '2Driver', 'My Driver', 'My-Driver', 'Driver!', 'Dri"ver', 'My<Driver>', 'class', 'virtual', 'nullptr', '__Driver', '_Driver', 'Ünicode']) {
    const reason = validClassName(bad);
    assert.equal(typeof reason, 'string', `${bad} should be rejected`);
    assert.ok(reason!.length > 0);
  }
  assert.equal(validClassName('x'.repeat(101)) !== undefined, true);
});

test('validClassName rejects DriverKit SDK class names and kernel IOClass names', () => {
  for (const sdk of ['IOService', 'IOUserClient', 'IOUserHIDDevice', 'IOUSBHostInterface', 'IOPCIDevice', 'OSObject', 'IOUserNetworkEthernet', 'IOUserUSBSerial']) {
    assert.match(validClassName(sdk) ?? '', /DriverKit/, sdk);
  }
  for (const kernel of ['IOUserService', 'IOUserResources', 'AppleUserHIDEventService', 'LOCALONLY']) assert.notEqual(validClassName(kernel), undefined, kernel);
});

test('validBundleId accepts reverse-DNS identifiers and rejects the rest with a reason', () => {
  for (const ok of ['com.example.MyDriver', 'org.example-labs.driver.v2', 'a.b', 'COM.Example.X-1']) assert.equal(validBundleId(ok), undefined, ok);
  for (const bad of ['', 'MyDriver', '.com.example', 'com.example.', 'com..example', 'com.example.My Driver', 'com.example.my_driver', 'com.exa"mple', 'com.<x>.y', 'com.example&co', "com.o'brien", 'com.example/../x', 'com.exämple']) {
    const reason = validBundleId(bad);
    assert.equal(typeof reason, 'string', `${bad} should be rejected`);
    assert.ok(reason!.length > 0);
  }
  assert.notEqual(validBundleId(`com.${'x'.repeat(200)}`), undefined);
});

test('hostile input is rejected before any file is written', () => {
  const base: ScaffoldOptions = { family: 'usb-device', className: 'Safe', bundleId: 'com.example.Safe' };
  const hostile: Partial<ScaffoldOptions>[] = [
    { bundleId: 'com.example"><key>com.apple.developer.driverkit.transport.usb</key><true/>' },
    { bundleId: 'com.example.<evil>' },
    { bundleId: "com.example.it's" },
    { bundleId: 'com.example.a&b' },
    { className: 'Evil"); system("rm -rf /' },
    { className: 'A</string><key>x</key>' },
    { className: 'IOService' },
    { vendorId: -1 },
    { vendorId: 0x10000 },
    { productId: 1.5 },
    { productId: Number.NaN },
    { family: 'audio' as DriverFamily },
  ];
  for (const change of hostile) assert.throws(() => scaffoldDriver({ ...base, ...change }), Error, JSON.stringify(change));
});

test('XML values are escaped, and the generated property lists parse back to the given values', () => {
  assert.equal(escapeXml(`a<b>&"c'`), 'a&lt;b&gt;&amp;&quot;c&apos;');
  const files = scaffoldDriver({ family: 'user-client', className: 'Echo', bundleId: 'com.example-co.Echo' });
  for (const file of files.filter((f) => /\.(plist|entitlements)$/.test(f.relativePath))) {
    const doc = parsePlist(file.text);
    assert.equal(doc.problem, undefined, `${file.relativePath} parses`);
    assert.equal(doc.root?.kind, 'dict');
  }
  const info = fileNamed(files, 'Info.plist').text;
  assert.equal(info.match(/<string>com\.example-co\.Echo<\/string>/g)?.length, 5); // executable, bundle id, personality id, server name, match category
});

test('every declared method of every family has a definition in the .cpp', () => {
  for (const family of FAMILIES) {
    const files = scaffoldDriver({ family, className: 'Decl', bundleId: 'com.example.Decl' });
    for (const iig of files.filter((f) => f.relativePath.endsWith('.iig'))) {
      const cls = /class (\w+) :/.exec(iig.text)![1];
      const cpp = fileNamed(files, `/${cls}.cpp`).text;
      for (const m of iig.text.matchAll(/virtual [\w\s*]+?\b(\w+)\s*\(/g)) {
        const method = m[1];
        assert.ok(cpp.includes(`IMPL(${cls}, ${method})`) || cpp.includes(`${cls}::${method}(`), `${family}: ${cls}::${method} has no definition`);
      }
      assert.match(cpp, new RegExp(`IONewZero\\(${cls}_IVars, 1\\)`));
      assert.match(cpp, new RegExp(`IOSafeDeleteNULL\\(ivars, ${cls}_IVars, 1\\)`));
    }
  }
});
