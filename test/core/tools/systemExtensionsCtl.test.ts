import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  describeState,
  DRIVER_EXTENSION_CATEGORY,
  findExtension,
  parseSystemExtensionsList,
  SYSTEM_EXTENSIONS_COMMANDS,
} from '../../../core/tools/systemExtensionsCtl';

// Recorded in the format of `systemextensionsctl list` on macOS 14/15: a count line, one `---` line per
// category, a tab-separated column header, then tab-separated rows. Empty enabled/active columns are
// empty strings between tabs. A pending upgrade lists the same bundle id twice.
const LIST = [
  '7 extension(s)',
  '--- com.apple.system_extension.network_extension',
  'enabled\tactive\tteamID\tbundleID (version)\tname\t[state]',
  '*\t*\tVB5YXT6Z3T\tcom.example.vpn.tunnel (2.4.1/2410)\tExample VPN Tunnel\t[activated enabled]',
  '--- com.apple.system_extension.endpoint_security',
  'enabled\tactive\tteamID\tbundleID (version)\tname\t[state]',
  '\t\tQ7H2M9R4KD\tcom.example.es.agent (1.0)\tESAgent\t[validating by category]',
  '--- com.apple.system_extension.driver_extension',
  'enabled\tactive\tteamID\tbundleID (version)\tname\t[state]',
  '*\t*\tABCDE12345\tcom.example.MyDriver (1.0/3)\tMyDriver\t[activated enabled]',
  '\t*\tABCDE12345\tcom.example.MyDriver (1.0/2)\tMyDriver\t[terminated waiting to uninstall on reboot]',
  '*\t\tABCDE12345\tcom.example.HIDDriver (0.9/17)\tHID Driver\t[activated waiting for user]',
  '\t\tZZ99YY88XX\tcom.vendor.serial.dext (3.2)\tSerialDext\t[activated disabled]',
  '*\t*\tABCDE12345\tcom.example.PCIDriver (1.1.0/1.1.0.5)\tPCIDriver\t[activated enabled]',
  '',
].join('\n');

test('parses every row with its category, flags and versions', () => {
  const entries = parseSystemExtensionsList(LIST);
  assert.equal(entries.length, 7);
  assert.deepEqual(entries[0], {
    category: 'com.apple.system_extension.network_extension',
    enabled: true,
    active: true,
    teamId: 'VB5YXT6Z3T',
    bundleId: 'com.example.vpn.tunnel',
    shortVersion: '2.4.1',
    bundleVersion: '2410',
    name: 'Example VPN Tunnel',
    state: 'activated enabled',
  });
  const es = entries[1];
  assert.equal(es.category, 'com.apple.system_extension.endpoint_security');
  assert.equal(es.enabled, false);
  assert.equal(es.active, false);
  assert.equal(es.shortVersion, '1.0');
  assert.equal(es.bundleVersion, undefined);
  assert.equal('bundleVersion' in es, false);
  assert.equal(es.state, 'validating by category');

  const drivers = entries.filter((e) => e.category === DRIVER_EXTENSION_CATEGORY);
  assert.equal(drivers.length, 5);
  assert.deepEqual(
    drivers.map((d) => [d.bundleId, d.enabled, d.active, d.shortVersion, d.bundleVersion, d.state]),
    [
      ['com.example.MyDriver', true, true, '1.0', '3', 'activated enabled'],
      ['com.example.MyDriver', false, true, '1.0', '2', 'terminated waiting to uninstall on reboot'],
      ['com.example.HIDDriver', true, false, '0.9', '17', 'activated waiting for user'],
      ['com.vendor.serial.dext', false, false, '3.2', undefined, 'activated disabled'],
      ['com.example.PCIDriver', true, true, '1.1.0', '1.1.0.5', 'activated enabled'],
    ],
  );
  assert.equal(drivers[2].name, 'HID Driver');
});

test('findExtension returns every listed version of one bundle id', () => {
  const mine = findExtension(parseSystemExtensionsList(LIST), 'com.example.MyDriver');
  assert.deepEqual(mine.map((e) => e.bundleVersion), ['3', '2']);
});

test('empty list, CRLF and lines that are not rows', () => {
  assert.deepEqual(parseSystemExtensionsList('0 extension(s)\n'), []);
  assert.deepEqual(parseSystemExtensionsList(''), []);
  const crlf = LIST.replace(/\n/g, '\r\n');
  assert.equal(parseSystemExtensionsList(crlf).length, 7);
  const noise = 'At this time, this tool cannot be used if System Integrity Protection is enabled.\n' +
    '*\t*\tABCDE12345\tno version here\tX\t[activated enabled]\n' +
    'x\t*\tABCDE12345\tcom.a.b (1/1)\tX\t[activated enabled]\n' +
    '*\t*\tABCDE12345\tcom.a.b (1/1)\tX\tactivated enabled\n';
  assert.deepEqual(parseSystemExtensionsList(noise), []);
});

test('a row whose tabs became spaces is still read', () => {
  const pasted = [
    '--- com.apple.system_extension.driver_extension',
    'enabled active teamID bundleID (version) name [state]',
    '*  *  ABCDE12345  com.example.MyDriver (1.0/3)  MyDriver  [activated enabled]',
    '      ABCDE12345  com.example.Other (2.0)  Other Driver  [activated waiting for user]',
  ].join('\n');
  const entries = parseSystemExtensionsList(pasted);
  assert.equal(entries.length, 2);
  assert.equal(entries[0].enabled, true);
  assert.equal(entries[0].active, true);
  assert.equal(entries[0].bundleVersion, '3');
  assert.equal(entries[0].category, DRIVER_EXTENSION_CATEGORY);
  assert.equal(entries[1].enabled, false);
  assert.equal(entries[1].name, 'Other Driver');
  assert.equal(entries[1].state, 'activated waiting for user');
});

test('commands are argument arrays, values as separate elements', () => {
  assert.equal(SYSTEM_EXTENSIONS_COMMANDS.executable, 'systemextensionsctl');
  assert.deepEqual(SYSTEM_EXTENSIONS_COMMANDS.list(), ['list']);
  assert.deepEqual(SYSTEM_EXTENSIONS_COMMANDS.listCategory(DRIVER_EXTENSION_CATEGORY), ['list', DRIVER_EXTENSION_CATEGORY]);
  assert.deepEqual(SYSTEM_EXTENSIONS_COMMANDS.developer(true), ['developer', 'on']);
  assert.deepEqual(SYSTEM_EXTENSIONS_COMMANDS.developer(false), ['developer', 'off']);
  assert.deepEqual(SYSTEM_EXTENSIONS_COMMANDS.reset(), ['reset']);
  assert.deepEqual(SYSTEM_EXTENSIONS_COMMANDS.uninstall('ABCDE12345', 'com.example.MyDriver'), ['uninstall', 'ABCDE12345', 'com.example.MyDriver']);
  assert.deepEqual(SYSTEM_EXTENSIONS_COMMANDS.uninstall('-', 'com.example.MyDriver'), ['uninstall', '-', 'com.example.MyDriver']);
  assert.throws(() => SYSTEM_EXTENSIONS_COMMANDS.uninstall('ABCDE12345; rm -rf ~', 'com.example.MyDriver'));
  assert.throws(() => SYSTEM_EXTENSIONS_COMMANDS.uninstall('ABCDE12345', 'com.example.MyDriver $(id)'));
  assert.throws(() => SYSTEM_EXTENSIONS_COMMANDS.uninstall('ABCDE12345', '-rf'));
});

test('describeState gives plain words for each state', () => {
  const states = [
    'activated enabled',
    'activated disabled',
    'activated waiting for user',
    'activated waiting to upgrade',
    'terminated waiting to uninstall on reboot',
    'terminating for uninstall via delegate',
    'validating by category',
    'validating',
  ];
  const texts = states.map(describeState);
  assert.equal(new Set(texts).size, states.length);
  for (const t of texts) assert.ok(!t.startsWith('State reported by macOS'), t);
  assert.match(describeState('[activated enabled]'), /Running/);
  assert.match(describeState('[activated waiting for user]'), /System Settings/);
  assert.match(describeState('terminated waiting to uninstall on reboot'), /restart/i);
  assert.match(describeState('  Activated   Enabled '), /Running/);
  assert.equal(describeState('something new'), 'State reported by macOS: something new.');
  assert.equal(describeState('[]'), 'No state reported.');
});
