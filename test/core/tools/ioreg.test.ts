import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ancestorsOf, describeEntry, describePlace, distinctEntries, IOREG_COMMANDS, matchedServices, parseIoregPlist, userServers, walkRegistry } from '../../../core/tools/ioreg';

// Recorded in the format of `ioreg -a -l -w0 -r -c IOUSBHostDevice` on macOS 15 (trimmed to the keys
// that matter): one array item per USB device subtree. The example device has two interfaces, each
// matched by a personality of com.example.MyDriver (one of them with a user client open); the second
// device is an Ethernet adapter matched by Apple's own AppleUserECM dext, which is unrelated.
const HEADER = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
`;
const USB_TREE = `${HEADER}<array>
	<dict>
		<key>IOObjectClass</key>
		<string>IOUSBHostDevice</string>
		<key>IORegistryEntryName</key>
		<string>Example Sensor</string>
		<key>IORegistryEntryID</key>
		<integer>4294969872</integer>
		<key>idVendor</key>
		<integer>1234</integer>
		<key>idProduct</key>
		<integer>22136</integer>
		<key>USB Product Name</key>
		<string>Example Sensor</string>
		<key>IORegistryEntryChildren</key>
		<array>
			<dict>
				<key>IOObjectClass</key>
				<string>IOUSBHostInterface</string>
				<key>IORegistryEntryName</key>
				<string>Sensor Control</string>
				<key>IORegistryEntryID</key>
				<integer>4294969888</integer>
				<key>bInterfaceNumber</key>
				<integer>0</integer>
				<key>IORegistryEntryChildren</key>
				<array>
					<dict>
						<key>IOObjectClass</key>
						<string>IOUserService</string>
						<key>IORegistryEntryName</key>
						<string>MyDriver</string>
						<key>IORegistryEntryID</key>
						<integer>4294969900</integer>
						<key>CFBundleIdentifier</key>
						<string>com.example.MyDriver</string>
						<key>CFBundleIdentifierKernel</key>
						<string>com.apple.kpi.iokit</string>
						<key>IOClass</key>
						<string>IOUserService</string>
						<key>IOMatchCategory</key>
						<string>com.example.MyDriver</string>
						<key>IOPersonalityPublisher</key>
						<string>com.example.MyDriver</string>
						<key>IOProviderClass</key>
						<string>IOUSBHostInterface</string>
						<key>IOUserClass</key>
						<string>MyDriver</string>
						<key>IOUserServerName</key>
						<string>com.example.MyDriver</string>
						<key>IOUserServerCDHash</key>
						<string>3f1c0a9b7d2e4c6f8a1b2c3d4e5f60718293a4b5</string>
						<key>IOProbeScore</key>
						<integer>0</integer>
						<key>bInterfaceNumber</key>
						<integer>0</integer>
						<key>idVendor</key>
						<integer>1234</integer>
						<key>idProduct</key>
						<integer>22136</integer>
						<key>IOPowerManagement</key>
						<dict>
							<key>CurrentPowerState</key>
							<integer>1</integer>
						</dict>
						<key>IORegistryEntryChildren</key>
						<array>
							<dict>
								<key>IOObjectClass</key>
								<string>IOUserUserClient</string>
								<key>IORegistryEntryName</key>
								<string>MyUserClient</string>
								<key>IORegistryEntryID</key>
								<integer>4294969904</integer>
								<key>IOUserClass</key>
								<string>MyUserClient</string>
								<key>IOUserClientCreator</key>
								<string>pid 1190, MyDriverApp</string>
							</dict>
						</array>
					</dict>
				</array>
			</dict>
			<dict>
				<key>IOObjectClass</key>
				<string>IOUSBHostInterface</string>
				<key>IORegistryEntryName</key>
				<string>Sensor Data</string>
				<key>IORegistryEntryID</key>
				<integer>4294969889</integer>
				<key>bInterfaceNumber</key>
				<integer>1</integer>
				<key>IORegistryEntryChildren</key>
				<array>
					<dict>
						<key>IOObjectClass</key>
						<string>IOUserService</string>
						<key>IORegistryEntryName</key>
						<string>MyDataDriver</string>
						<key>IORegistryEntryID</key>
						<integer>4294969901</integer>
						<key>CFBundleIdentifier</key>
						<string>com.example.MyDriver</string>
						<key>IOClass</key>
						<string>IOUserService</string>
						<key>IOPersonalityPublisher</key>
						<string>com.example.MyDriver</string>
						<key>IOProviderClass</key>
						<string>IOUSBHostInterface</string>
						<key>IOUserClass</key>
						<string>MyDataDriver</string>
						<key>IOUserServerName</key>
						<string>com.example.MyDriver</string>
						<key>bInterfaceNumber</key>
						<integer>1</integer>
					</dict>
				</array>
			</dict>
		</array>
	</dict>
	<dict>
		<key>IOObjectClass</key>
		<string>IOUSBHostDevice</string>
		<key>IORegistryEntryName</key>
		<string>USB 10/100/1000 LAN</string>
		<key>IORegistryEntryID</key>
		<integer>4294968832</integer>
		<key>IORegistryEntryChildren</key>
		<array>
			<dict>
				<key>IOObjectClass</key>
				<string>IOUSBHostInterface</string>
				<key>IORegistryEntryName</key>
				<string>CDC Communications Control</string>
				<key>IORegistryEntryID</key>
				<integer>4294968833</integer>
				<key>IORegistryEntryChildren</key>
				<array>
					<dict>
						<key>IOObjectClass</key>
						<string>IOUserNetworkEthernet</string>
						<key>IORegistryEntryName</key>
						<string>AppleUserECM</string>
						<key>IORegistryEntryID</key>
						<integer>4294968849</integer>
						<key>CFBundleIdentifier</key>
						<string>com.apple.DriverKit-AppleUserECM</string>
						<key>IOClass</key>
						<string>IOUserNetworkEthernet</string>
						<key>IOPersonalityPublisher</key>
						<string>com.apple.DriverKit-AppleUserECM</string>
						<key>IOUserClass</key>
						<string>AppleUserECM</string>
						<key>IOUserServerName</key>
						<string>com.apple.DriverKit-AppleUserECM</string>
					</dict>
				</array>
			</dict>
		</array>
	</dict>
</array>
</plist>
`;

// Recorded in the format of `ioreg -a -l -w0 -r -c IOUserServer`: one server per running dext process.
const SERVERS = `${HEADER}<array>
	<dict>
		<key>IOObjectClass</key>
		<string>IOUserServer</string>
		<key>IORegistryEntryName</key>
		<string>IOUserServer(com.example.MyDriver-0x100000a2b)</string>
		<key>IORegistryEntryID</key>
		<integer>4294969899</integer>
		<key>IOUserServerName</key>
		<string>com.example.MyDriver</string>
		<key>CFBundleIdentifier</key>
		<string>com.example.MyDriver</string>
		<key>IOUserServerCDHash</key>
		<string>3f1c0a9b7d2e4c6f8a1b2c3d4e5f60718293a4b5</string>
	</dict>
	<dict>
		<key>IOObjectClass</key>
		<string>IOUserServer</string>
		<key>IORegistryEntryName</key>
		<string>IOUserServer(com.apple.DriverKit-AppleUserECM-0x100000611)</string>
		<key>IORegistryEntryID</key>
		<integer>4294968850</integer>
	</dict>
</array>
</plist>
`;

test('parses the tree with names, classes, ids and children in order', () => {
  const { entries, problem } = parseIoregPlist(USB_TREE);
  assert.equal(problem, undefined);
  assert.equal(entries.length, 2);
  const [sensor, lan] = entries;
  assert.equal(sensor.name, 'Example Sensor');
  assert.equal(sensor.objectClass, 'IOUSBHostDevice');
  assert.equal(sensor.registryId, 0x100000a10);
  assert.equal(sensor.properties.idVendor, 1234);
  assert.equal('IORegistryEntryChildren' in sensor.properties, false);
  assert.deepEqual(sensor.children.map((c) => c.name), ['Sensor Control', 'Sensor Data']);
  assert.deepEqual(sensor.children[0].children[0].children.map((c) => c.objectClass), ['IOUserUserClient']);
  assert.deepEqual(sensor.children[0].children[0].properties.IOPowerManagement, { CurrentPowerState: 1 });
  assert.equal(lan.children[0].children[0].name, 'AppleUserECM');
});

test('matchedServices lists the two services of the dext with provider and server', () => {
  const { entries } = parseIoregPlist(USB_TREE);
  const services = matchedServices(entries, 'com.example.MyDriver');
  assert.deepEqual(
    services.map(({ properties: _p, ...rest }) => rest),
    [
      { className: 'IOUserService', userClass: 'MyDriver', serverName: 'com.example.MyDriver', provider: 'Sensor Control (IOUSBHostInterface)', registryId: 0x100000a2c },
      { className: 'IOUserService', userClass: 'MyDataDriver', serverName: 'com.example.MyDriver', provider: 'Sensor Data (IOUSBHostInterface)', registryId: 0x100000a2d },
    ],
  );
  assert.equal(services[0].properties.IOPersonalityPublisher, 'com.example.MyDriver');
  assert.equal(services[1].properties.bInterfaceNumber, 1);
  // The user client below the first service has no bundle id of its own and inherits nothing: not a service.
  assert.equal(services.some((s) => s.userClass === 'MyUserClient'), false);
});

test('unrelated dexts and unknown bundle ids', () => {
  const { entries } = parseIoregPlist(USB_TREE);
  const ecm = matchedServices(entries, 'com.apple.DriverKit-AppleUserECM');
  assert.equal(ecm.length, 1);
  assert.equal(ecm[0].className, 'IOUserNetworkEthernet');
  assert.equal(ecm[0].provider, 'CDC Communications Control (IOUSBHostInterface)');
  assert.deepEqual(matchedServices(entries, 'com.example.Missing'), []);
});

test('services printed as roots (ioreg -r -c IOUserService) have no provider', () => {
  const { entries } = parseIoregPlist(USB_TREE);
  const roots = entries[0].children.map((i) => i.children[0]);
  const services = matchedServices(roots, 'com.example.MyDriver');
  assert.equal(services.length, 2);
  assert.equal('provider' in services[0], false);
});

test('IOUserServer entries are servers, not services; the server name comes from the property or the entry name', () => {
  const { entries } = parseIoregPlist(SERVERS);
  assert.deepEqual(matchedServices(entries, 'com.example.MyDriver'), []);
  assert.deepEqual(
    userServers(entries).map((s) => [s.serverName, s.registryId]),
    [
      ['com.example.MyDriver', 0x100000a2b],
      ['com.apple.DriverKit-AppleUserECM', 0x100000612],
    ],
  );
});

test('a service under an IOUserServer without its own server name takes the server\'s', () => {
  const xml = `${HEADER}<array><dict><key>IOObjectClass</key><string>IOUserServer</string><key>IORegistryEntryName</key><string>IOUserServer(com.example.MyDriver-0x100000a2b)</string>
<key>IORegistryEntryChildren</key><array><dict><key>IOObjectClass</key><string>IOUserService</string><key>IORegistryEntryName</key><string>MyDriver</string>
<key>IOUserClass</key><string>MyDriver</string></dict></array></dict></array></plist>`;
  const services = matchedServices(parseIoregPlist(xml).entries, 'com.example.MyDriver');
  assert.equal(services.length, 1);
  assert.equal(services[0].serverName, 'com.example.MyDriver');
  assert.equal(services[0].provider, 'IOUserServer(com.example.MyDriver-0x100000a2b) (IOUserServer)');
});

test('a single-dict root, malformed and non-plist input', () => {
  const single = parseIoregPlist(`${HEADER}<dict><key>IOObjectClass</key><string>IORegistryEntry</string><key>IORegistryEntryName</key><string>Root</string></dict></plist>`);
  assert.deepEqual(single.entries.map((e) => e.name), ['Root']);
  const broken = parseIoregPlist(USB_TREE.slice(0, 400));
  assert.ok(broken.problem);
  assert.ok(Array.isArray(broken.entries));
  const notPlist = parseIoregPlist('+-o Root  <class IORegistryEntry, id 0x100000100, retain 37>');
  assert.ok(notPlist.problem);
  assert.deepEqual(notPlist.entries, []);
  assert.deepEqual(parseIoregPlist('').entries, []);
});

test('a very deep registry is walked without recursion', () => {
  const depth = 250; // dict + array per level: 500 nesting levels, just under the parser's limit
  let xml = '';
  for (let i = 0; i < depth; i++) xml += `<dict><key>IOObjectClass</key><string>IOService</string><key>IORegistryEntryName</key><string>n${i}</string><key>IORegistryEntryChildren</key><array>`;
  xml += '<dict><key>IOObjectClass</key><string>IOUserService</string><key>IOUserClass</key><string>Deep</string><key>CFBundleIdentifier</key><string>com.example.Deep</string><key>IOUserServerName</key><string>com.example.Deep</string></dict>';
  for (let i = 0; i < depth; i++) xml += '</array></dict>';
  const { entries, problem } = parseIoregPlist(`${HEADER}<array>${xml}</array></plist>`);
  assert.equal(problem, undefined);
  const found = matchedServices(entries, 'com.example.Deep');
  assert.equal(found.length, 1);
  assert.equal(found[0].provider, `n${depth - 1} (IOService)`);
});

test('ioreg commands are argument arrays', () => {
  assert.deepEqual(IOREG_COMMANDS.userServers(), ['-a', '-l', '-w0', '-r', '-c', 'IOUserServer']);
  assert.deepEqual(IOREG_COMMANDS.userServices(), ['-a', '-l', '-w0', '-r', '-c', 'IOUserService']);
  assert.throws(() => IOREG_COMMANDS.userServices('IOService; ls'));
  // Services and servers both carry IOUserServerName; -t adds their ancestors (the provider).
  assert.deepEqual(IOREG_COMMANDS.matchingStatus(), ['-a', '-l', '-w0', '-r', '-t', '-k', 'IOUserServerName']);
});

// The -t shape, recorded as `ioreg -a -l -w0 -r -t -k IOUserServerName`: each match wrapped in its
// ancestors, an ancestor's IORegistryEntryChildren being one dict; Root is printed once per match.
const WRAPPED = readFileSync(join(__dirname, '..', '..', 'fixtures', 'ioreg', 'usb-matched.xml'), 'utf8');

test('-t output: single-dict children are read as one child, locations kept, parents walked', () => {
  const parsed = parseIoregPlist(WRAPPED);
  assert.equal(parsed.problem, undefined);
  assert.equal(parsed.subtrees, true);
  assert.deepEqual(parsed.entries.map((e) => [e.name, e.children.length]), [['Root', 1], ['Root', 1], ['Root', 1], ['Root', 1]]);
  const visits = [...walkRegistry(parsed.entries)];
  const service = visits.find((v) => v.entry.name === 'BulkPipeDriver');
  assert.ok(service);
  assert.deepEqual(ancestorsOf(service).map(describeEntry), [
    'IOUSBHostInterface@0', 'Example Sensor@01100000 (IOUSBHostDevice)', 'AppleT6000USBXHCI@01000000', 'usb-drd1@2280000 (AppleARMIODevice)',
    'AppleT600xIO', 'arm-io@10F00000 (IOPlatformDevice)', 'AppleARMPE', 'J314sAP (IOPlatformExpertDevice)', 'Root (IORegistryEntry)',
  ]);
  assert.equal(describePlace(service), 'BulkPipeDriver (IOUserService) of IOUSBHostInterface@0');
  assert.deepEqual(matchedServices(parsed.entries, 'com.example.driverkit.BulkPipeDriver').map((s) => s.provider), ['IOUSBHostInterface@0']);
  // Apple's HID dext: the event driver sits inside the first service's subtree, printed once.
  assert.deepEqual(matchedServices(parsed.entries, 'com.apple.driverkit.AppleUserHIDDrivers').map((s) => s.userClass), ['AppleUserUSBHostHIDDevice', 'AppleUserHIDEventDriver']);
  const servers = userServers(parsed.entries);
  assert.deepEqual(servers.map((s) => [s.serverName, s.tag, s.associatedServices]), [
    ['com.apple.driverkit.AppleUserHIDDrivers', 0x100000d1e, [0x100000d1e, 0x100000d2b]],
    ['com.example.driverkit.BulkPipeDriver', 0x100000c4a, [0x100000c4a]],
  ]);
  // Printed twice (Root and its descendants repeat with -t): each object is still met once.
  assert.equal(userServers([...parsed.entries, parsed.entries[3]]).length, 2);
  assert.equal([...distinctEntries(parsed.entries)].filter((v) => v.entry.name === 'Root').length, 1);
  assert.equal(parseIoregPlist(`${HEADER}<dict><key>IORegistryEntryName</key><string>Root</string></dict></plist>`).subtrees, false);
});
