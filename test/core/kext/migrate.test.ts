import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { kextSourceFacts } from '../../../core/kext/kextSource';
import { migrateKextClass, type MigrateResult } from '../../../core/kext/migrate/migrateClass';
import { parsePlist } from '../../../core/plist/plistXml';
import { workspaceOf } from '../../support/analysis';

const KEXTS = join(__dirname, '..', '..', 'fixtures', 'kext');

function migrate(folder: string, className: string): MigrateResult {
  const dir = join(KEXTS, folder);
  const sources = readdirSync(dir)
    .filter((name) => /\.(cpp|h)$/.test(name))
    .map((name) => kextSourceFacts(readFileSync(join(dir, name), 'utf8')));
  const result = migrateKextClass({ className, sources, infoPlist: parsePlist(readFileSync(join(dir, 'Info.plist'), 'utf8')).root });
  assert.ok(result, `${className} is migrated`);
  return result;
}

/** Errors and warnings of our own checks on the skeleton, as "file:line code", except those on TODO lines. */
async function problems(result: MigrateResult, className: string): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'migrate-'));
  try {
    const folder = join(root, `${className}DriverKit`);
    mkdirSync(folder);
    for (const [path, text] of result.files) writeFileSync(join(folder, path), text);
    const workspace = await workspaceOf(root);
    const out: string[] = [];
    for (const path of workspace.allPaths()) {
      const lines = workspace.lines(path);
      const text = result.files.get(path.split('/').pop() ?? '') ?? '';
      for (const f of workspace.check(path)) {
        if (f.severity !== 'error' && f.severity !== 'warning') continue;
        const line = lines?.position(f.span.start).line ?? 0;
        if (text.split('\n')[line]?.includes('TODO(migrate)')) continue;
        out.push(`${path.split('/').pop()}:${line + 1} ${f.code} ${f.message}`);
      }
    }
    return out;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const CASES = [
  { folder: 'pci', className: 'LanternPCI', family: 'pci', base: 'IOService', ioClass: 'IOUserService', transport: 'transport.pci' },
  { folder: 'usb', className: 'KiteUSBDriver', family: 'usb', base: 'IOService', ioClass: 'IOUserService', transport: 'transport.usb' },
  { folder: 'hid', className: 'WrenKeypad', family: 'hid-event-service', base: 'IOUserHIDEventService', ioClass: 'AppleUserHIDEventService', transport: 'transport.hid' },
  { folder: 'serial', className: 'PloverSerial', family: 'serial', base: 'IOUserUSBSerial', ioClass: 'IOUserSerial', transport: 'transport.usb' },
];

for (const c of CASES) {
  test(`the ${c.family} kext ${c.className} migrates to a skeleton our checks pass`, async () => {
    const result = migrate(c.folder, c.className);
    assert.equal(result.family, c.family);
    assert.deepEqual([...result.files.keys()].sort(), ['Info.plist', `${c.className}.cpp`, `${c.className}.entitlements`, `${c.className}.iig`]);
    assert.match(result.files.get(`${c.className}.iig`) ?? '', new RegExp(`class ${c.className} : public ${c.base}\\b`));
    const cpp = result.files.get(`${c.className}.cpp`) ?? '';
    assert.match(cpp, /Start\(provider, SUPERDISPATCH\)/);
    assert.match(cpp, /Stop\(provider, SUPERDISPATCH\)/);
    const plist = result.files.get('Info.plist') ?? '';
    assert.match(plist, new RegExp(`<key>IOClass</key>\\s*<string>${c.ioClass}</string>`));
    assert.match(plist, new RegExp(`<key>IOUserClass</key>\\s*<string>${c.className}</string>`));
    assert.match(result.files.get(`${c.className}.entitlements`) ?? '', new RegExp(c.transport.replace('.', '\\.')));
    assert.deepEqual(await problems(result, c.className), []);
  });
}

test('the PCI kext keeps its match in the personality and the transport entitlement, and its timer becomes a dispatch source', () => {
  const result = migrate('pci', 'LanternPCI');
  // The personality's IOClass was the class's #define alias.
  assert.match(result.files.get('Info.plist') ?? '', /<key>IOPCIMatch<\/key>\s*<string>0x12341af4<\/string>/);
  assert.match(result.files.get('Info.plist') ?? '', /<key>IOUserServerName<\/key>\s*<string>org\.example\.driver\.LanternPCI<\/string>/);
  assert.match(result.files.get('LanternPCI.entitlements') ?? '', /transport\.pci<\/key>\s*<array>\s*<dict>\s*<key>IOPCIMatch<\/key>\s*<string>0x12341af4/);
  const iig = result.files.get('LanternPCI.iig') ?? '';
  assert.match(iig, /TimerOccurred\(OSAction \* action, uint64_t time\) TYPE\(IOTimerDispatchSource::TimerOccurred\) QUEUENAME\(Events\)/);
  assert.match(iig, /TYPE\(IOInterruptDispatchSource::InterruptOccurred\)/);
  const cpp = result.files.get('LanternPCI.cpp') ?? '';
  assert.match(cpp, /IOTimerDispatchSource \* timer;/);
  assert.match(cpp, /IODispatchQueue \* loop;/);
  assert.match(cpp, /IOPCIDevice \* device;/);
  assert.match(cpp, /TODO\(migrate\): the kext uses IOWorkLoop/);
});

test('members DriverKit has no type for become TODO lines, and the serial hooks are named', () => {
  const cpp = migrate('serial', 'PloverSerial').files.get('PloverSerial.cpp') ?? '';
  assert.match(cpp, /uint32_t baudRate;/);
  assert.match(cpp, /IOLock \* stateLock;/);
  assert.match(cpp, /HwProgramBaudRate/);
});

test('a command gate member is left as a TODO, the USB interface member kept', () => {
  const cpp = migrate('usb', 'KiteUSBDriver').files.get('KiteUSBDriver.cpp') ?? '';
  assert.match(cpp, /TODO\(migrate\): gate \(IOCommandGate\) has no DriverKit counterpart/);
  assert.match(cpp, /IOUSBHostInterface \* interface;/);
  assert.match(migrate('usb', 'KiteUSBDriver').files.get('KiteUSBDriver.entitlements') ?? '', /<key>idVendor<\/key>\s*<integer>4660<\/integer>/);
});

test('a kext service on IOResources and its user client migrate to a virtual dext our checks pass', async () => {
  const service = migrate('user-client', 'BeaconService');
  assert.match(service.files.get('Info.plist') ?? '', /<key>IOProviderClass<\/key>\s*<string>IOUserResources<\/string>/);
  assert.deepEqual(await problems(service, 'BeaconService'), []);
  const client = migrate('user-client', 'BeaconUserClient');
  assert.equal(client.family, 'user-client');
  // It lives in its service's dext: no Info.plist or entitlements of its own.
  assert.deepEqual([...client.files.keys()].sort(), ['BeaconUserClient.cpp', 'BeaconUserClient.iig']);
  assert.match(client.files.get('BeaconUserClient.iig') ?? '', /class BeaconUserClient : public IOUserClient\b/);
  assert.match(client.files.get('BeaconUserClient.cpp') ?? '', /TODO\(migrate\): a user client has no personality: .*UserClientProperties/);
  assert.deepEqual(await problems(client, 'BeaconUserClient'), []);
});

test('a kext IOHIDDevice on a USB interface migrates to an IOUserHIDDevice hosted by AppleUserHIDDevice', async () => {
  const source = 'class FinchPad : public IOHIDDevice {\n  OSDeclareDefaultStructors(FinchPad)\n  IOUSBHostInterface *iface;\n};\nOSDefineMetaClassAndStructors(FinchPad, IOHIDDevice)\n';
  const plist = readFileSync(join(KEXTS, 'usb', 'Info.plist'), 'utf8').replace(/KiteUSBDriver/g, 'FinchPad');
  const result = migrateKextClass({ className: 'FinchPad', sources: [kextSourceFacts(source)], infoPlist: parsePlist(plist).root });
  assert.ok(result);
  assert.equal(result.family, 'hid-device');
  assert.match(result.files.get('FinchPad.iig') ?? '', /class FinchPad : public IOUserHIDDevice\b/);
  assert.match(result.files.get('Info.plist') ?? '', /<key>IOClass<\/key>\s*<string>AppleUserHIDDevice<\/string>/);
  assert.match(result.files.get('FinchPad.entitlements') ?? '', /family\.hid\.device[\s\S]*transport\.usb/);
  assert.deepEqual(await problems(result, 'FinchPad'), []);
});

test('a class no source declares gives no skeleton', () => {
  assert.equal(migrateKextClass({ className: 'Nobody', sources: [kextSourceFacts('class Somebody : public IOService { };')] }), undefined);
});

test('a kext with no Info.plist still gives a skeleton, with a TODO for the personality', () => {
  const result = migrateKextClass({ className: 'Lone', sources: [kextSourceFacts('class Lone : public IOService { OSDeclareDefaultStructors(Lone) int count; };')] });
  assert.ok(result);
  assert.match(result.files.get('Lone.cpp') ?? '', /TODO\(migrate\): no personality/);
  assert.match(result.files.get('Lone.cpp') ?? '', /int count;/);
});
