import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { describeEntry, parseIoregPlist } from '../../../core/tools/ioreg';
import { matchingStatus, type PersonalityStatus } from '../../../client/src/matchingStatus/matchingStatus';
import { chooseIoregCommand, commandLine, runIoreg } from '../../../client/src/matchingStatus/matchingStatusCommand';
import { NO_PROJECT } from '../../../core/plist/plistContext';
import { parsePlist } from '../../../core/plist/plistXml';
import { readPersonalities as personalitiesOf, type DextPersonality } from '../../../core/workspace/dextPersonalities';
import { linkProjects } from '../../../core/xcode/projectSettings';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const INFO_PATH = join(FIXTURES, 'usb-interface', 'Info.plist');
const INFO = readFileSync(INFO_PATH, 'utf8');
const BUNDLE = 'com.example.driverkit.BulkPipeDriver';
const ioreg = (name: string): string => readFileSync(join(FIXTURES, 'ioreg', name), 'utf8');

interface InfoPlistSource {
  readonly path: string;
  readonly text: string;
  /** The owning target's settings (the server's resolver for this file). */
  readonly resolve?: (value: string) => string | undefined;
  readonly bundleId?: string;
}

/**
 * The personalities of Info.plist texts as the language server reads them for `driverkit/dexts`
 * (core/workspace/dextPersonalities.ts on the parsed file), and a problem for each file that does not parse.
 */
function readPersonalities(sources: readonly InfoPlistSource[]): { personalities: Array<DextPersonality & { file: string }>; problems: string[] } {
  const personalities: Array<DextPersonality & { file: string }> = [];
  const problems: string[] = [];
  for (const source of sources) {
    const document = parsePlist(source.text);
    if (document.problem) problems.push(`${source.path}: ${document.problem.message}`);
    else personalities.push(...personalitiesOf(document.root, source.resolve ?? NO_PROJECT.resolve, source.bundleId).map((p) => ({ ...p, file: source.path })));
  }
  return { personalities, problems };
}

/** The status of the usb-interface fixture's only personality against a recording. */
function statusOf(recording: string, source: Partial<InfoPlistSource> = {}): PersonalityStatus<DextPersonality & { file: string }> {
  const { personalities, problems } = readPersonalities([{ path: INFO_PATH, text: INFO, ...source }]);
  assert.deepEqual(problems, []);
  const model = matchingStatus(personalities, parseIoregPlist(recording));
  assert.equal(model.problem, undefined);
  assert.equal(model.statuses.length, 1);
  return model.statuses[0];
}

/** Replaces one `<key>` value of the Info.plist's personality (the only place these keys occur). */
function withValue(text: string, key: string, from: string, to: string): string {
  const before = `<key>${key}</key>\n\t\t\t${from}`;
  assert.ok(text.includes(before), `${key} ${from} not in the Info.plist`);
  return text.replace(before, `<key>${key}</key>\n\t\t\t${to}`);
}

test('the personality is read with its keys and bundle id', () => {
  const { personalities } = readPersonalities([{ path: INFO_PATH, text: INFO }]);
  assert.equal(personalities.length, 1);
  const [p] = personalities;
  assert.equal(p.name, 'BulkPipeDriver');
  assert.equal(p.bundleId, BUNDLE);
  assert.equal(p.serverName, BUNDLE);
  assert.equal(p.userClass, 'BulkPipeDriver');
  assert.equal(p.providerClass, 'IOUSBHostInterface');
  assert.equal(p.ioClass, 'IOUserService');
  assert.equal(p.properties.idProduct, 4097);
  assert.deepEqual(p.unresolved, {});
});

test('a running dext: its service, the interface it matched on and its IOUserServer', () => {
  const status = statusOf(ioreg('usb-matched.xml'));
  assert.deepEqual(status.reasons, []);
  assert.equal(status.instances.length, 1);
  const [instance] = status.instances;
  assert.equal(instance.service.name, 'BulkPipeDriver');
  assert.equal(instance.service.objectClass, 'IOUserService');
  assert.equal(instance.service.registryId, 0x100000c4a);
  assert.equal(instance.provider && describeEntry(instance.provider), 'IOUSBHostInterface@0');
  assert.equal(instance.place, 'IOUSBHostInterface@0 of Example Sensor@01100000 (IOUSBHostDevice)');
  assert.equal(instance.provider?.properties['USB Interface Name'], 'Sensor Data');
  assert.deepEqual(instance.path.slice(0, 2), ['Root (IORegistryEntry)', 'J314sAP (IOPlatformExpertDevice)']);
  assert.deepEqual(instance.path.slice(-2), ['Example Sensor@01100000 (IOUSBHostDevice)', 'IOUSBHostInterface@0']);
  assert.equal(instance.server?.entryName, `IOUserServer(${BUNDLE}-0x100000c4a)`);
  assert.equal(instance.server?.registryId, 0x100000c4b);
  assert.equal(instance.serversNamed, 1);
  assert.equal(instance.service.properties.bInterfaceNumber, 0);
});

test('Apple\'s dexts in the same output belong to no workspace personality', () => {
  const hid = readPersonalities([{ path: INFO_PATH, text: withValue(INFO, 'IOUserClass', '<string>BulkPipeDriver</string>', '<string>AppleUserUSBHostHIDDevice</string>') }]);
  // Same class name as Apple's service, but another bundle id and matching keys: not claimed.
  const status = matchingStatus(hid.personalities, parseIoregPlist(ioreg('usb-matched.xml'))).statuses[0];
  assert.deepEqual(status.instances, []);
});

test('not loaded: no IOUserServer, and the only IOUSBHostInterface printed belongs to another device', () => {
  const status = statusOf(ioreg('usb-not-loaded.xml'));
  assert.deepEqual(status.instances, []);
  assert.equal(status.reasons.length, 2, status.reasons.join('\n'));
  assert.match(status.reasons[0], new RegExp(`No IOUserServer named ${BUNDLE.replace(/\./g, '\\.')} is running: the dext is not loaded`));
  assert.match(status.reasons[1], /closest IOUSBHostInterface is IOUSBHostInterface@0 of USB Keyboard@01200000 \(IOUSBHostDevice\): idVendor is 1133 \(0x46d\) there, 4660 \(0x1234\) here; idProduct is 49948 \(0xc31c\) there, 4097 \(0x1001\) here\. This output lists only objects on the way to a DriverKit service; to compare with every device, set driverkit\.ioreg\.command to /);
});

test('a full IOService plane: the closest interface differs only in idProduct', () => {
  const status = statusOf(ioreg('full-plane-unmatched.xml'));
  assert.deepEqual(status.instances, []);
  assert.match(status.reasons[0], /No IOUserServer named/);
  assert.equal(
    status.reasons[1],
    'The closest IOUSBHostInterface is IOUSBHostInterface@0 of Example Sensor@01100000 (IOUSBHostDevice): idProduct is 4098 (0x1002) there, 4097 (0x1001) here (2 other IOUSBHostInterface objects fit less well).',
  );
});

test('no object of the provider class: a hint for a selection of subtrees, a question for a whole plane', () => {
  const text = withValue(INFO, 'IOProviderClass', '<string>IOUSBHostInterface</string>', '<string>IOPCIDevice</string>');
  assert.equal(statusOf(ioreg('full-plane-unmatched.xml'), { text }).reasons[1], 'No IOPCIDevice is in the I/O Registry: is the device connected?');
  assert.match(statusOf(ioreg('usb-not-loaded.xml'), { text }).reasons[1], /^No IOPCIDevice is in ioreg's output to compare its matching keys with\. This output lists only objects on the way to a DriverKit service/);
});

test('a provider that fits every key but is driven by another dext', () => {
  let text = withValue(INFO, 'idVendor', '<integer>4660</integer>', '<integer>1133</integer>');
  text = withValue(text, 'idProduct', '<integer>4097</integer>', '<integer>49948</integer>');
  const status = statusOf(ioreg('usb-not-loaded.xml'), { text });
  assert.match(status.reasons[1], /^IOUSBHostInterface@0 of USB Keyboard@01200000 \(IOUSBHostDevice\) fits every matching key compared \(idVendor, idProduct, bConfigurationValue, bInterfaceNumber\), but AppleUserUSBHostHIDDevice \(IOUserUSBHostHIDDevice\) already drives it/);
});

test('an installed build from another version of the Info.plist is a near miss, not a match', () => {
  const text = withValue(INFO, 'idProduct', '<integer>4097</integer>', '<integer>4098</integer>');
  const status = statusOf(ioreg('usb-matched.xml'), { text });
  assert.deepEqual(status.instances, []);
  assert.match(status.reasons[0], /^A BulkPipeDriver service runs on IOUSBHostInterface@0 of Example Sensor@01100000 \(IOUSBHostDevice\) from a personality that differs from this Info\.plist \(idProduct is 4097 \(0x1001\) there, 4098 \(0x1002\) here\)/);
  assert.equal(status.reasons[1], `${BUNDLE} is running (IOUserServer(${BUNDLE}-0x100000c4a)), but no service was created from this personality.`);
});

const UNRESOLVED = INFO.replaceAll(`<string>${BUNDLE}</string>`, '<string>$(PRODUCT_BUNDLE_IDENTIFIER)</string>');

test('$(PRODUCT_BUNDLE_IDENTIFIER) unresolved: matched on the classes and keys, server found through the service', () => {
  const { personalities } = readPersonalities([{ path: INFO_PATH, text: UNRESOLVED }]);
  assert.equal(personalities[0].bundleId, undefined);
  assert.deepEqual(Object.keys(personalities[0].unresolved), ['CFBundleIdentifier', 'IOUserServerName']);
  const status = statusOf(ioreg('usb-matched.xml'), { text: UNRESOLVED });
  assert.equal(status.instances.length, 1);
  assert.equal(status.instances[0].server?.serverName, BUNDLE);
  const missing = statusOf(ioreg('usb-not-loaded.xml'), { text: UNRESOLVED });
  assert.match(missing.reasons[0], /^CFBundleIdentifier, IOUserServerName refer to build settings that could not be resolved \(\$\(PRODUCT_BUNDLE_IDENTIFIER\)\), so only the other keys were compared\.$/);
  assert.equal(missing.reasons[1], 'No service with IOUserClass BulkPipeDriver is in ioreg\'s output.');
});

test('$(PRODUCT_BUNDLE_IDENTIFIER) resolved with the bundle id the caller gives, modifiers included', () => {
  const status = statusOf(ioreg('usb-matched.xml'), { text: UNRESOLVED, bundleId: BUNDLE });
  assert.equal(status.personality.bundleId, BUNDLE);
  assert.equal(status.instances.length, 1);
  const wrong = statusOf(ioreg('usb-matched.xml'), { text: UNRESOLVED, bundleId: 'com.example.driverkit.Other' });
  assert.deepEqual(wrong.instances, []);
  assert.match(wrong.reasons.at(0) ?? '', /No IOUserServer named com\.example\.driverkit\.Other/);
  const lower = UNRESOLVED.replace('<key>IOUserServerName</key>\n\t\t\t<string>$(PRODUCT_BUNDLE_IDENTIFIER)', '<key>IOUserServerName</key>\n\t\t\t<string>$(PRODUCT_BUNDLE_IDENTIFIER:lower)');
  const { personalities } = readPersonalities([{ path: INFO_PATH, text: lower, bundleId: 'com.Example.Driver' }]);
  assert.equal(personalities[0].serverName, 'com.example.driver');
});

test('the literal top-level CFBundleIdentifier resolves $(PRODUCT_BUNDLE_IDENTIFIER) in the personality', () => {
  const text = INFO.replace(`<key>IOUserServerName</key>\n\t\t\t<string>${BUNDLE}</string>`, '<key>IOUserServerName</key>\n\t\t\t<string>$(PRODUCT_BUNDLE_IDENTIFIER)</string>');
  assert.notEqual(text, INFO);
  const { personalities } = readPersonalities([{ path: INFO_PATH, text }]);
  assert.equal(personalities[0].serverName, BUNDLE);
});

test('an Xcode project\'s build settings resolve its Info.plist', async () => {
  const root = join(FIXTURES, 'xcode-project');
  const links = await linkProjects([root]);
  const path = resolve(root, 'SamplerDriver', 'Info.plist');
  const resolver = links.resolvers.get(path);
  assert.ok(resolver);
  const { personalities } = readPersonalities([{ path, text: readFileSync(path, 'utf8'), resolve: resolver.resolve }]);
  assert.equal(personalities.length, 1);
  assert.deepEqual(personalities[0].unresolved, {});
  assert.match(personalities[0].bundleId ?? '', /^[A-Za-z0-9.-]+$/);
  assert.equal(personalities[0].serverName, personalities[0].bundleId);
  assert.equal(personalities[0].properties.IOMatchCategory, personalities[0].bundleId);
});

test('bad output: one problem, no statuses, never an exception', () => {
  const { personalities } = readPersonalities([{ path: INFO_PATH, text: INFO }]);
  const matched = ioreg('usb-matched.xml');
  for (const text of [matched.slice(0, matched.length / 2), '+-o Root  <class IORegistryEntry, id 0x100000100, retain 36>', '', 'bplist00\u00d4\u0001']) {
    const model = matchingStatus(personalities, parseIoregPlist(text));
    assert.match(model.problem ?? '', /^ioreg's output is not a readable property list: /);
    assert.deepEqual(model.statuses, []);
  }
  const broken = readPersonalities([{ path: '/x/Info.plist', text: INFO.slice(0, 300) }]);
  assert.deepEqual(broken.personalities, []);
  assert.match(broken.problems[0], /^\/x\/Info\.plist: /);
});

// A small writer for hand-built registries in the ioreg -a format.
type Value = string | number | Value[] | { [key: string]: Value };
function xml(value: Value): string {
  if (typeof value === 'number') return `<integer>${value}</integer>`;
  if (typeof value === 'string') return `<string>${value}</string>`;
  if (Array.isArray(value)) return `<array>${value.map(xml).join('')}</array>`;
  return `<dict>${Object.entries(value).map(([k, v]) => `<key>${k}</key>${xml(v)}`).join('')}</dict>`;
}
const plist = (root: Value): string => `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n${xml(root)}\n</plist>\n`;
const entry = (name: string, cls: string, id: number, extra: Record<string, Value> = {}): Record<string, Value> => ({ IORegistryEntryName: name, IOObjectClass: cls, IORegistryEntryID: id, ...extra });
const ours = (id: number, bInterfaceNumber = 0): Record<string, Value> =>
  entry('BulkPipeDriver', 'IOUserService', id, { CFBundleIdentifier: BUNDLE, IOClass: 'IOUserService', IOProviderClass: 'IOUSBHostInterface', IOUserClass: 'BulkPipeDriver', IOUserServerName: BUNDLE, idVendor: 4660, idProduct: 4097, bConfigurationValue: 1, bInterfaceNumber });

test('-t output deeper than any real registry is walked without recursion', () => {
  const depth = 400; // one dict per level in the -t shape; the plist parser allows 512
  let node: Record<string, Value> = ours(0x200000000);
  for (let i = depth - 1; i >= 0; i--) node = entry(`level${i}`, 'IOService', 0x100000000 + i, { IORegistryEntryChildren: node });
  const status = statusOf(plist([node]));
  assert.equal(status.instances.length, 1);
  assert.equal(status.instances[0].path.length, depth);
  assert.equal(status.instances[0].provider?.name, `level${depth - 1}`);
});

test('two devices, two processes: each service gets the server started for it', () => {
  const device = (n: number): Record<string, Value> =>
    entry(`Sensor ${n}`, 'IOUSBHostDevice', 0x100000a00 + n * 16, { IORegistryEntryChildren: [entry('IOUSBHostInterface', 'IOUSBHostInterface', 0x100000a01 + n * 16, { IORegistryEntryChildren: [ours(0x100000a02 + n * 16)] })] });
  // Servers without IOAssociatedServices (older macOS): linked through IOUserServerTag.
  const server = (n: number): Record<string, Value> => entry(`IOUserServer(${BUNDLE}-0x${(0x100000a02 + n * 16).toString(16)})`, 'IOUserServer', 0x100000a03 + n * 16, { IOUserServerName: BUNDLE, IOUserServerTag: 0x100000a02 + n * 16 });
  const status = statusOf(plist([device(1), device(2), server(2), server(1)]));
  assert.deepEqual(status.reasons, []);
  assert.deepEqual(
    status.instances.map((i) => [i.provider?.name, i.server?.registryId, i.serversNamed]),
    [
      ['IOUSBHostInterface', 0x100000a13, 2],
      ['IOUSBHostInterface', 0x100000a23, 2],
    ],
  );
  // Untagged twins: which process runs which service cannot be told, so none is claimed.
  const untagged = statusOf(plist([device(1), entry(`IOUserServer(${BUNDLE})`, 'IOUserServer', 1), entry(`IOUserServer(${BUNDLE})`, 'IOUserServer', 2)]));
  assert.equal(untagged.instances[0].server, undefined);
  assert.equal(untagged.instances[0].serversNamed, 2);
});

test('the recorded IOMatchedPersonality counts, not a property the driver changed since', () => {
  const text = INFO.replace('<key>idProduct</key>', '<key>SensorPollInterval</key>\n\t\t\t<integer>100</integer>\n\t\t\t<key>idProduct</key>');
  const personality = { ...ours(9), SensorPollInterval: 100 };
  const running = { ...personality, SensorPollInterval: 50, IOMatchedPersonality: { ...personality } };
  for (const name of ['IORegistryEntryName', 'IOObjectClass', 'IORegistryEntryID']) delete (running.IOMatchedPersonality as Record<string, Value>)[name];
  assert.equal(statusOf(plist([running]), { text }).instances.length, 1);
  // Without the recorded personality, the changed value is all there is to compare: a near miss.
  const { IOMatchedPersonality: _recorded, ...older } = running;
  const status = statusOf(plist([older]), { text });
  assert.deepEqual(status.instances, []);
  assert.match(status.reasons[0], /SensorPollInterval is 50 \(0x32\) there, 100 \(0x64\) here/);
});

test('two personalities differing in one key: each service goes to the one it fits', () => {
  const second = INFO.replace('</dict>\n</dict>\n</plist>', '').trimEnd();
  const twin = INFO.slice(INFO.indexOf('\t\t<key>BulkPipeDriver</key>'), INFO.lastIndexOf('\t</dict>\n</dict>'))
    .replace('<key>BulkPipeDriver</key>', '<key>BulkPipeDriverControl</key>')
    .replace('<key>bInterfaceNumber</key>\n\t\t\t<integer>0</integer>', '<key>bInterfaceNumber</key>\n\t\t\t<integer>1</integer>');
  const text = `${second}\n${twin}\t</dict>\n</dict>\n</plist>\n`;
  const { personalities, problems } = readPersonalities([{ path: INFO_PATH, text }]);
  assert.deepEqual(problems, []);
  assert.deepEqual(personalities.map((p) => [p.name, p.properties.bInterfaceNumber]), [['BulkPipeDriver', 0], ['BulkPipeDriverControl', 1]]);
  const registry = plist([entry('IOUSBHostInterface', 'IOUSBHostInterface', 5, { IORegistryEntryChildren: [ours(7, 1)] }), entry('IOUSBHostInterface', 'IOUSBHostInterface', 4, { IORegistryEntryChildren: [ours(6, 0)] })]);
  const model = matchingStatus(personalities, parseIoregPlist(registry));
  assert.deepEqual(model.statuses.map((s) => s.instances.map((i) => i.service.registryId)), [[6], [7]]);
});

test('which command runs: default on macOS, the setting when trusted, nothing configured when untrusted', () => {
  const mac = chooseIoregCommand([], 'darwin', true);
  assert.ok('command' in mac);
  assert.equal(commandLine(mac.command), 'ioreg -a -l -w0 -r -t -k IOUserServerName');
  assert.match(JSON.stringify(chooseIoregCommand(undefined, 'linux', true)), /ioreg is only available on macOS/);
  const recording = ['cat', '/tmp/my ioreg.xml'];
  assert.deepEqual(chooseIoregCommand(recording, 'linux', true), { command: { executable: 'cat', args: ['/tmp/my ioreg.xml'], configured: true } });
  assert.match(JSON.stringify(chooseIoregCommand(recording, 'linux', false)), /not trusted/);
  const untrustedMac = chooseIoregCommand(recording, 'darwin', false);
  assert.ok('command' in untrustedMac && !untrustedMac.command.configured && untrustedMac.command.executable === 'ioreg');
  for (const bad of ['ioreg -a', [''], ['ioreg', 3]]) assert.match(JSON.stringify(chooseIoregCommand(bad, 'darwin', true)), /must be a list of strings/);
});

test('running a configured command: a recording read with cat gives the same status as the file', async () => {
  const path = join(FIXTURES, 'ioreg', 'usb-matched.xml');
  const run = await runIoreg({ executable: 'cat', args: [path], configured: true });
  assert.ok('text' in run);
  assert.equal(run.text, ioreg('usb-matched.xml'));
  assert.equal(statusOf(run.text).instances.length, 1);
});

test('failures become one sentence: missing program, exit code, timeout, too much output', async () => {
  const failure = async (executable: string, args: string[], limits = { timeoutMs: 10_000, maxBytes: 1024 * 1024 }): Promise<string> => {
    const run = await runIoreg({ executable, args, configured: true }, limits);
    assert.ok('failure' in run, `${executable} should fail`);
    return run.failure;
  };
  assert.match(await failure('/nonexistent/ioreg', []), /could not be started: no such program/);
  assert.match(await failure('cat', ['/nonexistent/ioreg.xml']), /^driverkit\.ioreg\.command \(cat\) failed \(exit code 1\): cat: \/nonexistent\/ioreg\.xml: No such file or directory$/);
  const started = Date.now();
  assert.match(await failure('sleep', ['5'], { timeoutMs: 300, maxBytes: 1024 }), /did not finish within 0.3 s and was stopped/);
  assert.ok(Date.now() - started < 4000);
  assert.match(await failure('head', ['-c', '2000000', '/dev/zero'], { timeoutMs: 10_000, maxBytes: 1024 * 1024 }), /printed more than 1 MB/);
});
