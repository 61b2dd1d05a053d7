import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fixture } from '../../support/lspClient';
import { parseIig } from '../../support/analysis';

test('a USB interface driver: class, base, methods, parameters and attributes', async () => {
  const text = readFileSync(fixture('usb-interface', 'BulkPipeDriver.iig'), 'utf8');
  const model = await parseIig(text);
  assert.deepEqual(model.syntaxProblems, []);
  assert.deepEqual(model.unparsed, []);
  assert.deepEqual(
    model.includes.map((i) => i.path),
    ['Availability.h', 'DriverKit/IOService.iig', 'USBDriverKit/IOUSBHostPipe.iig'],
  );
  assert.equal(model.classes.length, 1);
  const cls = model.classes[0];
  assert.equal(cls.name, 'BulkPipeDriver');
  assert.equal(cls.baseClass, 'IOService');
  assert.equal(text.slice(cls.nameSpan.start, cls.nameSpan.end), 'BulkPipeDriver');
  const names = cls.methods.map((m) => m.name);
  assert.deepEqual(names.slice(0, 4), ['init', 'free', 'Start', 'Stop']);
  const start = cls.methods.find((m) => m.name === 'Start')!;
  assert.equal(start.returnType, 'kern_return_t');
  assert.deepEqual(start.parameters.map((p) => [p.type, p.name]), [['IOService *', 'provider']]);
  assert.ok(start.isVirtual && start.isOverride && !start.isPure && !start.isStatic);
  const callback = cls.methods.find((m) => m.typeTarget)!;
  assert.equal(callback.typeTarget, 'IOUSBHostPipe::CompleteAsyncIO');
  assert.equal(callback.parameters[0].type, 'OSAction *');
  assert.ok(callback.queueName);
  assert.ok(cls.methods.some((m) => m.attributes.some((a) => a.name === 'LOCALONLY')));
  assert.deepEqual(cls.dataMembers, []);
});

test('class-head attributes, pure and static methods, data members, typedefs, enums, forward declarations', async () => {
  const text = `class OSAction;
typedef char SensorName[32];
enum SensorMode { kModeIdle, kModeBusy };
class KERNEL NATIVE Sensor : public OSObject
{
public:
    virtual IOService * CopyOwner() const = 0;
    static kern_return_t Make(Sensor ** out) LOCALONLY;
    uint32_t samples;
    IOService * owner, * spare;
};`;
  const model = await parseIig(text);
  const cls = model.classes[0];
  assert.deepEqual(cls.attributes.map((a) => a.name), ['KERNEL', 'NATIVE']);
  const copyOwner = cls.methods.find((m) => m.name === 'CopyOwner')!;
  assert.equal(copyOwner.isPure, true);
  assert.equal(copyOwner.returnType, 'IOService *');
  assert.equal(cls.methods.find((m) => m.name === 'Make')!.isStatic, true);
  assert.deepEqual(cls.dataMembers.map((d) => d.name), ['samples', 'owner', 'spare']);
  assert.deepEqual(
    model.declarations.map((d) => `${d.kind}:${d.name}`),
    ['forward-class:OSAction', 'typedef:SensorName', 'enum:SensorMode'],
  );
});

test('classes inside #if blocks are found, and an @iig implementation block is just a comment', async () => {
  const text = `/*!
@iig implementation
#include <DriverKit/IOUserClient.h>
@iig end
*/
#if !__IIG
#include <stdint.h>
#endif
#if __IIG
class Guarded : public IOService
{
public:
    virtual kern_return_t Start(IOService * provider) override;
};
#endif
`;
  const model = await parseIig(text);
  assert.deepEqual(model.syntaxProblems, []);
  assert.deepEqual(model.unparsed, []);
  assert.deepEqual(model.classes.map((c) => c.name), ['Guarded']);
  assert.ok(model.foldingSpans.length >= 2, 'the doc comment and the class body fold');
});

test('offsets are UTF-16 units even after non-ASCII text', async () => {
  const text = '// Grüße ☃ 😀 —\nclass Émoji : public IOService {\npublic:\n  virtual void Ping() LOCAL;\n};\n';
  const model = await parseIig(text);
  const cls = model.classes[0];
  assert.equal(text.slice(cls.nameSpan.start, cls.nameSpan.end), 'Émoji');
  const ping = cls.methods[0];
  assert.equal(text.slice(ping.nameSpan.start, ping.nameSpan.end), 'Ping');
  const local = ping.attributes[0];
  assert.equal(text.slice(local.span.start, local.span.end), 'LOCAL');
});
