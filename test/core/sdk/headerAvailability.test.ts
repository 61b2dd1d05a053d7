import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { bundledCatalog } from '../../../core/sdk/bundledCatalog';
import type { SdkClass } from '../../../core/sdk/catalogTypes';
import { indexSdk } from '../../../core/sdk/sdkIndexer';
import { sharedParser } from '../../support/analysis';

const root = mkdtempSync(join(tmpdir(), 'driverkit-availability-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A made-up framework whose headers spell availability every way Apple's headers may. */
const HEADERS: Record<string, string> = {
  'IOGizmo.iig': `
#include <DriverKit/IOService.iig>

class API_AVAILABLE(driverkit(21.0)) IOGizmo : public IOService
{
public:
    virtual kern_return_t Start(IOService * provider) override;

    API_AVAILABLE(driverkit(22.0))
    virtual kern_return_t Calibrate(uint32_t level) LOCAL;

    virtual kern_return_t Blink(uint32_t times) LOCAL API_DEPRECATED_WITH_REPLACEMENT("Flash", macos(12.0, 14.0), driverkit(21.0, 23.0));

    virtual kern_return_t Flash(uint32_t times) LOCAL __attribute__((availability(driverkit, introduced=23.0)));

    virtual void Legacy() LOCALONLY __attribute__((availability(driverkit,introduced=21.0,deprecated=22.0,obsoleted=24.0,message="Gone, use Flash")));

    virtual void KernelOnly() LOCALONLY API_UNAVAILABLE(driverkit);
};

API_AVAILABLE_BEGIN(driverkit(24.0))
class IOGizmoTwo : public IOGizmo
{
public:
    virtual void Spin() LOCALONLY;
    virtual void Whirl() LOCALONLY __DRIVERKIT_AVAILABLE(25.0);
};
API_AVAILABLE_END

#pragma clang attribute push (__attribute__((availability(driverkit, introduced=25.0))), apply_to = any(record, function))
class IOGizmoThree : public IOService
{
public:
    virtual void Hum() LOCALONLY;
};
#pragma clang attribute pop

class IOGizmoPlain : public IOService
{
public:
    virtual void Idle() LOCALONLY;
};
`,
  // What iig generates from IOGizmo.iig: never read (the .iig says it all).
  'IOGizmo.h': '#pragma once\n// driverkit\nkern_return_t GeneratedOnly(void) __DRIVERKIT_AVAILABLE(30.0);\n',
  'GizmoHelpers.h': `
#pragma once
#include <DriverKit/IOReturn.h>

kern_return_t GizmoReset(uint32_t level) __DRIVERKIT_AVAILABLE(22.0);
__attribute__((availability(driverkit, introduced=23.0, deprecated=24.0, replacement="GizmoReset")))
kern_return_t GizmoRestart(void);
kern_return_t GizmoPlain(void);

enum API_AVAILABLE(driverkit(23.0)) GizmoMode : uint32_t {
    kGizmoModeQuiet,
    kGizmoModeLoud,
};
`,
  'Unrelated.h': '#pragma once\nkern_return_t NotMarked(void);\n',
};

async function indexGizmo() {
  const headers = join(root, 'DriverKit.sdk', 'System', 'DriverKit', 'System', 'Library', 'Frameworks', 'FakeGizmoKit.framework', 'Headers');
  mkdirSync(headers, { recursive: true });
  for (const [name, text] of Object.entries(HEADERS)) writeFileSync(join(headers, name), text);
  return indexSdk(await sharedParser(), join(root, 'DriverKit.sdk'), { cacheDir: join(root, 'cache') });
}

function cls(classes: readonly SdkClass[], name: string): SdkClass {
  const found = classes.find((c) => c.name === name);
  assert.ok(found, name);
  return found;
}

test('classes and methods: annotations before, inside and after the declaration, and scoped ones around it', async () => {
  const { classes } = await indexGizmo();
  const gizmo = cls(classes, 'IOGizmo');
  assert.equal(gizmo.availability, '21.0');
  const method = (name: string) => gizmo.methods.find((m) => m.name === name)!;
  assert.equal(method('Start').availability, undefined, 'an unmarked override says nothing');
  assert.equal(method('Calibrate').availability, '22.0');
  assert.deepEqual(method('Calibrate').attributes, ['LOCAL'], 'availability is no IIG attribute');
  assert.deepEqual([method('Blink').availability, method('Blink').deprecated, method('Blink').replacement], ['21.0', '23.0', 'Flash']);
  assert.equal(method('Flash').availability, '23.0');
  const legacy = method('Legacy');
  assert.deepEqual([legacy.availability, legacy.deprecated, legacy.obsoleted, legacy.availabilityMessage], ['21.0', '22.0', '24.0', 'Gone, use Flash']);
  assert.equal(method('KernelOnly').unavailable, true);

  const two = cls(classes, 'IOGizmoTwo');
  assert.equal(two.availability, '24.0', 'API_AVAILABLE_BEGIN … END');
  assert.equal(two.methods.find((m) => m.name === 'Spin')!.availability, '24.0');
  assert.equal(two.methods.find((m) => m.name === 'Whirl')!.availability, '25.0', 'its own annotation wins over the scope');
  assert.equal(cls(classes, 'IOGizmoThree').availability, '25.0', '#pragma clang attribute push … pop');
  assert.equal(cls(classes, 'IOGizmoThree').methods[0].availability, '25.0');
  assert.equal(cls(classes, 'IOGizmoPlain').availability, undefined, 'after the pop nothing applies');
});

test('free functions and enums of plain headers, only those marked; generated twins and unmarked headers are not read', async () => {
  const { functions, enums, headers } = await indexGizmo();
  assert.deepEqual(
    functions.map((f) => [f.name, f.availability, f.deprecated, f.replacement, f.include]),
    [
      ['GizmoReset', '22.0', undefined, undefined, 'FakeGizmoKit/GizmoHelpers.h'],
      ['GizmoRestart', '23.0', '24.0', 'GizmoReset', 'FakeGizmoKit/GizmoHelpers.h'],
    ],
  );
  assert.deepEqual(functions[0].parameters, ['uint32_t level']);
  assert.deepEqual(enums.map((e) => [e.name, e.availability]), [['GizmoMode', '23.0']]);
  assert.equal(headers, 2, 'IOGizmo.iig and GizmoHelpers.h; the generated IOGizmo.h and the unmarked Unrelated.h are skipped');
  // The second index comes from the cache, with the same records.
  const again = await indexGizmo();
  assert.equal(again.fromCache, true);
  assert.deepEqual([again.functions, again.enums], [functions, enums]);
});

test('an installed class keeps what its header says and takes what only the documentation says from the catalog', () => {
  const installed: SdkClass[] = [
    {
      name: 'IOUserAudioDriver',
      superclass: 'IOService',
      framework: 'AudioDriverKit',
      complete: true,
      methods: [{ name: 'GetWorkQueue', returnType: 'IODispatchQueue *', parameters: [], kind: 'localonly' }],
    },
    {
      name: 'IOMemoryDescriptor',
      superclass: 'OSObject',
      framework: 'DriverKit',
      complete: true,
      methods: [
        { name: 'CreateSubMemoryDescriptor', returnType: 'kern_return_t', parameters: ['uint64_t a', 'uint64_t b', 'uint64_t c', 'IOMemoryDescriptor * d', 'IOMemoryDescriptor ** e'], kind: 'rpc', isStatic: true, availability: '20.4' },
        { name: 'CreateWithMemoryDescriptors', returnType: 'kern_return_t', parameters: ['uint64_t a', 'uint32_t b', 'IOMemoryDescriptor * const c[32]', 'IOMemoryDescriptor ** d'], kind: 'rpc', isStatic: true },
      ],
    },
  ];
  const catalog = bundledCatalog().withInstalled(installed);
  const audio = catalog.classNamed('IOUserAudioDriver')!;
  assert.equal(audio.availability, '21.0', 'documented class availability fills the silent header');
  assert.equal(audio.methods[0].availability, '21.0');
  const memory = catalog.classNamed('IOMemoryDescriptor')!;
  assert.equal(memory.methods[0].availability, '20.4', 'the header wins where it speaks');
  assert.equal(memory.methods[1].availability, '20.0');
  assert.ok(catalog.isInstalled('IOMemoryDescriptor'));
});
