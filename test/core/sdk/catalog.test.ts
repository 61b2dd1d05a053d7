import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundledCatalog, bundledClasses, catalogFiles } from '../../../core/sdk/bundledCatalog';

const classes = bundledClasses();
const catalog = bundledCatalog();

test('the catalog covers every DriverKit family with at least 60 classes and 400 methods', () => {
  const frameworks = new Set(catalogFiles().map((f) => f.framework));
  for (const name of ['DriverKit', 'HIDDriverKit', 'USBDriverKit', 'SerialDriverKit', 'USBSerialDriverKit', 'NetworkingDriverKit', 'PCIDriverKit', 'AudioDriverKit', 'SCSIControllerDriverKit', 'SCSIPeripheralsDriverKit', 'BlockStorageDeviceDriverKit']) {
    assert.ok(frameworks.has(name), name);
  }
  assert.ok(classes.length >= 60, `${classes.length} classes`);
  const methods = classes.reduce((n, c) => n + c.methods.length, 0);
  assert.ok(methods >= 400, `${methods} methods`);
});

test('no class is defined twice and every superclass exists', () => {
  const names = classes.map((c) => c.name);
  assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
  for (const cls of classes) if (cls.superclass) assert.ok(catalog.classNamed(cls.superclass), `${cls.name}: superclass ${cls.superclass} is missing`);
});

test('every method is well formed and overloads differ in their parameters', () => {
  for (const cls of classes) {
    const signatures = new Set<string>();
    for (const m of cls.methods) {
      assert.ok(m.name && m.returnType !== undefined && Array.isArray(m.parameters), `${cls.name}::${m.name}`);
      assert.ok(m.kind === 'rpc' || m.kind === 'localonly', `${cls.name}::${m.name} kind`);
      const signature = `${m.name}(${m.parameters.join(',')})`;
      assert.ok(!signatures.has(signature), `${cls.name}::${signature} twice`);
      signatures.add(signature);
    }
  }
});

test('every callback prototype takes an OSAction * first, and every TYPE(...) the SDK uses exists', () => {
  for (const { cls, method } of catalog.callbacks()) {
    assert.match(method.parameters[0] ?? '', /^OSAction\s*\*/, `${cls.name}::${method.name}`);
  }
  for (const cls of classes) {
    for (const m of cls.methods) {
      for (const attribute of m.attributes ?? []) {
        const target = /^TYPE\((\w+)::(\w+)\)$/.exec(attribute);
        if (target) assert.ok(catalog.classNamed(target[1])?.methods.some((x) => x.name === target[2]), `${cls.name}::${m.name} ${attribute}`);
      }
    }
  }
  for (const qualified of ['IOUSBHostPipe::CompleteAsyncIO', 'IOTimerDispatchSource::TimerOccurred', 'IOInterruptDispatchSource::InterruptOccurred', 'IODataQueueDispatchSource::DataAvailable']) {
    assert.ok(catalog.callback(qualified), qualified);
  }
});

test('init and free are LOCALONLY and Start/Stop are reached through IIG, as the headers say', () => {
  assert.equal(catalog.findMethod('IOUserHIDEventService', 'init')?.method.kind, 'localonly');
  assert.equal(catalog.findMethod('IOService', 'Start')?.method.kind, 'rpc');
  assert.equal(catalog.findMethod('IOUserClient', 'ExternalMethod')?.method.kind, 'localonly');
  assert.equal(catalog.findMethod('IOUserHIDEventService', 'handleReport')?.method.kind, 'localonly');
});

test('services a driver subclasses carry their include path', () => {
  for (const cls of classes.filter((c) => c.role === 'service' || c.role === 'provider')) {
    assert.match(cls.include ?? '', new RegExp(`^${cls.framework}/\\w+\\.(iig|h)$`), cls.name);
  }
});
