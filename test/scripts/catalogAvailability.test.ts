/** The catalog's availability step: pure merging, the script over header folders, and the committed catalog. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { withHeaderAvailability } from '../../core/sdk/catalogAvailability';
import { formatCatalogFile } from '../../core/sdk/catalogFormat';
import type { CatalogFile, SdkClass } from '../../core/sdk/catalogTypes';

const ROOT = resolve(__dirname, '..', '..');
const run = promisify(execFile);
const temps: string[] = [];
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

const catalogFile = (): CatalogFile => ({
  framework: 'FakeGizmoKit',
  classes: [
    {
      name: 'IOGizmo',
      superclass: 'IOService',
      include: 'FakeGizmoKit/IOGizmo.iig',
      role: 'service',
      summary: 'A made-up device.',
      complete: false,
      methods: [
        { name: 'Calibrate', returnType: 'kern_return_t', parameters: ['uint32_t level'], kind: 'rpc', summary: 'Tunes it.' },
        { name: 'Blink', returnType: 'kern_return_t', parameters: ['uint32_t times'], kind: 'rpc', availability: '20.0', summary: 'Documented as 20.0.' },
        { name: 'Blink', returnType: 'kern_return_t', parameters: ['uint32_t times', 'uint32_t color'], kind: 'rpc', availability: '22.0', summary: 'An overload.' },
        { name: 'Idle', returnType: 'void', parameters: [], kind: 'localonly', availability: '19.0', summary: 'Documented; the header says nothing.' },
      ],
    },
    { name: 'IOUnlisted', superclass: 'IOService', methods: [] },
  ],
});

const headerClass: SdkClass = {
  name: 'IOGizmo',
  superclass: 'IOService',
  framework: 'FakeGizmoKit',
  availability: '21.0',
  complete: true,
  methods: [
    { name: 'Calibrate', returnType: 'kern_return_t', parameters: ['uint32_t level'], kind: 'rpc', availability: '22.0', deprecated: '24.0', replacement: 'Tune', availabilityMessage: 'Prose from a header.' },
    { name: 'Blink', returnType: 'kern_return_t', parameters: ['uint32_t times'], kind: 'rpc', availability: '21.0' },
    { name: 'Blink', returnType: 'kern_return_t', parameters: ['uint32_t   times', 'uint32_t color'], kind: 'rpc' },
    { name: 'Idle', returnType: 'void', parameters: [], kind: 'localonly' },
  ],
};

test('header marks win, documented values stay where the header is silent, messages never enter the catalog', () => {
  const functions = [{ name: 'GizmoReset', returnType: 'kern_return_t', parameters: ['uint32_t level'], framework: 'FakeGizmoKit', include: 'FakeGizmoKit/GizmoHelpers.h', availability: '22.0', availabilityMessage: 'prose' }];
  const { file, changes } = withHeaderAvailability(catalogFile(), { classes: [headerClass], functions, enums: [{ name: 'GizmoMode', framework: 'FakeGizmoKit', availability: '23.0' }] });
  const gizmo = file.classes[0];
  assert.equal(gizmo.availability, '21.0');
  assert.deepEqual(Object.keys(gizmo), ['name', 'superclass', 'include', 'role', 'availability', 'summary', 'complete', 'methods'], 'new fields go before the summary');
  const [calibrate, blink, blink2, idle] = gizmo.methods;
  assert.deepEqual(calibrate, { name: 'Calibrate', returnType: 'kern_return_t', parameters: ['uint32_t level'], kind: 'rpc', availability: '22.0', deprecated: '24.0', replacement: 'Tune', summary: 'Tunes it.' });
  assert.equal(blink.availability, '21.0', 'the header corrects the documented value');
  assert.equal(blink2.availability, '22.0', 'the overload the header leaves unmarked keeps its documented value');
  assert.equal(idle.availability, '19.0');
  assert.deepEqual(file.functions, [{ name: 'GizmoReset', returnType: 'kern_return_t', parameters: ['uint32_t level'], include: 'FakeGizmoKit/GizmoHelpers.h', availability: '22.0' }]);
  assert.deepEqual(file.enums, [{ name: 'GizmoMode', availability: '23.0' }]);
  assert.deepEqual(changes, [
    'IOGizmo: availability — → 21.0',
    'IOGizmo::Calibrate: availability — → 22.0, deprecated — → 24.0, replacement — → Tune',
    'IOGizmo::Blink: availability 20.0 → 21.0',
    'GizmoReset: added',
    'GizmoMode: added',
  ]);
  assert.deepEqual(withHeaderAvailability(file, { classes: [headerClass], functions, enums: [] }).changes, [], 'a second run changes nothing');
});

test('the script reads a framework folder with our parser and rewrites only a file whose facts change', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'driverkit-catalog-'));
  temps.push(dir);
  const catalog = join(dir, 'catalog');
  const headers = join(dir, 'FakeGizmoKit');
  mkdirSync(catalog);
  mkdirSync(headers);
  writeFileSync(join(catalog, 'FakeGizmoKit.json'), formatCatalogFile(catalogFile()));
  writeFileSync(
    join(headers, 'IOGizmo.iig'),
    [
      '#include <DriverKit/IOService.iig>',
      'class API_AVAILABLE(driverkit(21.0)) IOGizmo : public IOService',
      '{',
      'public:',
      '    virtual kern_return_t Calibrate(uint32_t level) LOCAL __attribute__((availability(driverkit,introduced=22.0)));',
      '    virtual kern_return_t Blink(uint32_t times) LOCAL;',
      '};',
      '',
    ].join('\n'),
  );
  const script = (...args: string[]) => run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'catalogAvailability.ts'), `--catalog=${catalog}`, ...args], { cwd: ROOT });
  const checked = await script('--check', `FakeGizmoKit=${headers}`).then(
    () => 0,
    (error: { code: number }) => error.code,
  );
  assert.equal(checked, 1, '--check reports the stale file');
  assert.equal(readFileSync(join(catalog, 'FakeGizmoKit.json'), 'utf8'), formatCatalogFile(catalogFile()), '--check writes nothing');
  const { stdout } = await script(`FakeGizmoKit=${headers}`);
  assert.match(stdout, /FakeGizmoKit: 1 headers, 2 changes/);
  const written = JSON.parse(readFileSync(join(catalog, 'FakeGizmoKit.json'), 'utf8')) as CatalogFile;
  assert.equal(written.classes[0].availability, '21.0');
  assert.equal(written.classes[0].methods[0].availability, '22.0');
  assert.equal(written.classes[0].methods[1].availability, '20.0', 'unmarked in the header: the documented value stays');
  await script('--check', `FakeGizmoKit=${headers}`);
});

/** The open-source headers, where this machine has them (they are never part of the repository). */
const OPEN_SOURCE: Record<string, string> = {
  DriverKit: '/work/extcorpus/apple-oss-distributions__xnu/HEAD/iokit/DriverKit',
  HIDDriverKit: '/work/extcorpus/apple-oss-distributions__IOHIDFamily/HEAD/HIDDriverKit',
  PCIDriverKit: '/work/extcorpus/apple-oss-distributions__IOPCIFamily/PCIDriverKit',
  BlockStorageDeviceDriverKit: '/work/extcorpus/apple-oss-distributions__IOStorageFamily/BlockStorageDeviceDriverKit',
};
const present = Object.entries(OPEN_SOURCE).filter(([, folder]) => existsSync(folder));

test('the committed catalog states what the open-source DriverKit headers state', { skip: present.length === 0 ? 'the open-source headers are not on this machine' : false }, async () => {
  const copy = mkdtempSync(join(tmpdir(), 'driverkit-catalog-copy-'));
  temps.push(copy);
  cpSync(join(ROOT, 'core', 'sdk', 'catalog'), copy, { recursive: true });
  const script = (...args: string[]) => run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'catalogAvailability.ts'), `--catalog=${copy}`, ...args, ...present.map(([f, d]) => `${f}=${d}`)], { cwd: ROOT });
  const { stdout } = await script('--check');
  for (const [framework] of present) assert.match(stdout, new RegExp(`${framework}: \\d+ headers, 0 changes`));
  // The marks are really read from the headers: taken out of the copy, the script puts them back, and
  // the files it writes are the committed ones, byte for byte.
  const hidPath = join(copy, 'HIDDriverKit.json');
  const hid = JSON.parse(readFileSync(hidPath, 'utf8')) as CatalogFile;
  const setLed = hid.classes.find((c) => c.name === 'IOHIDEventService')!.methods.find((m) => m.name === 'SetLEDState')!;
  delete (setLed as { availability?: string }).availability;
  writeFileSync(hidPath, formatCatalogFile(hid));
  if (present.some(([f]) => f === 'HIDDriverKit')) {
    const stale = await script('--check').then(() => undefined, (error: { code: number; stdout: string }) => error);
    assert.equal(stale?.code, 1);
    assert.match(stale!.stdout, /IOHIDEventService::SetLEDState: availability — → 21\.0/);
    await script();
    assert.equal(readFileSync(hidPath, 'utf8'), readFileSync(join(ROOT, 'core', 'sdk', 'catalog', 'HIDDriverKit.json'), 'utf8'));
  }
});
