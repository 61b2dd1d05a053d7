import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { SdkClass, SdkMethod } from '../../../core/sdk/catalogTypes';
import { indexSdk } from '../../../core/sdk/sdkIndexer';
import { findSdk, frameworksFolder } from '../../../core/sdk/sdkLocator';
import { sharedParser } from '../../support/analysis';

const FAKE_SDK = join(__dirname, '..', '..', 'fixtures', 'fake-sdk');
const FRAMEWORKS = ['System', 'DriverKit', 'System', 'Library', 'Frameworks'];

const temps: string[] = [];
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `driverkit-${label}-`));
  temps.push(dir);
  return dir;
}

/** A private copy of the fake SDK, for tests that touch or add files. */
function sdkCopy(): string {
  const dir = join(tempDir('sdk'), 'DriverKit.sdk');
  cpSync(FAKE_SDK, dir, { recursive: true });
  return dir;
}

function classNamed(classes: readonly SdkClass[], name: string): SdkClass {
  const found = classes.find((c) => c.name === name);
  assert.ok(found, `class ${name} indexed`);
  return found;
}

function methodOf(classes: readonly SdkClass[], className: string, name: string): SdkMethod {
  const found = classNamed(classes, className).methods.find((m) => m.name === name);
  assert.ok(found, `${className}::${name} indexed`);
  return found;
}

async function indexFake(sdk = FAKE_SDK, cacheDir?: string) {
  return indexSdk(await sharedParser(), sdk, { cacheDir });
}

test('every class of the fake SDK is indexed with its framework, include, superclass and role', async () => {
  const { classes, headers, fromCache } = await indexFake();
  assert.equal(headers, 6);
  assert.equal(fromCache, false);
  assert.deepEqual(classes.map((c) => c.name).sort(), ['IODispatchSource', 'IOFakeWidget', 'IOService', 'IOTimerDispatchSource', 'IOUserClient', 'OSObject']);
  const widget = classNamed(classes, 'IOFakeWidget');
  assert.equal(widget.framework, 'FakeWidgetKit');
  assert.equal(widget.include, 'FakeWidgetKit/IOFakeWidget.iig');
  assert.equal(widget.superclass, 'IOService');
  assert.equal(widget.complete, true);
  const service = classNamed(classes, 'IOService');
  assert.equal(service.framework, 'DriverKit');
  assert.equal(service.include, 'DriverKit/IOService.iig');
  assert.equal(service.superclass, 'OSObject');
  assert.equal(classNamed(classes, 'OSObject').superclass, undefined);
  const roles = Object.fromEntries(classes.map((c) => [c.name, c.role]));
  assert.deepEqual(roles, {
    OSObject: 'helper',
    IOService: 'service',
    IOFakeWidget: 'service',
    IOUserClient: 'user-client',
    IODispatchSource: 'dispatch',
    IOTimerDispatchSource: 'dispatch',
  });
});

test('a struct in a header is not a class', async () => {
  const { classes } = await indexFake();
  assert.equal(classes.find((c) => c.name === 'FakeMethodArguments'), undefined);
});

test('kinds: LOCALONLY and attributes as declared, bare overrides inherit up the chain', async () => {
  const { classes } = await indexFake();
  const kind = (c: string, m: string) => methodOf(classes, c, m).kind;
  assert.equal(kind('OSObject', 'init'), 'localonly');
  assert.equal(kind('IOService', 'init'), 'localonly', 'inherited from OSObject::init');
  assert.equal(kind('IOService', 'free'), 'localonly');
  assert.equal(kind('IOUserClient', 'init'), 'localonly', 'two levels up, through IOService\'s bare override');
  assert.equal(kind('IODispatchSource', 'init'), 'localonly');
  assert.equal(kind('IOService', 'Start'), 'rpc');
  assert.equal(kind('IOService', 'Stop'), 'rpc');
  assert.equal(kind('IOService', 'RegisterService'), 'rpc');
  assert.equal(kind('IOFakeWidget', 'Start'), 'rpc', 'inherited from IOService::Start LOCAL');
  assert.equal(kind('IOFakeWidget', 'widgetCount'), 'localonly');
  assert.equal(kind('IOUserClient', 'ExternalMethod'), 'localonly');
  for (const c of classes) for (const m of c.methods) assert.equal(m.inferred, undefined, `${c.name}::${m.name} read, not guessed`);
});

test('an override of a method no header declares is rpc, marked inferred', async () => {
  const sdk = sdkCopy();
  const headers = join(sdk, ...FRAMEWORKS, 'FakeWidgetKit.framework', 'Headers');
  writeFileSync(join(headers, 'IOOrphan.iig'), 'class IOOrphan : public IOMissingBase\n{\npublic:\n    virtual bool Wiggle() override;\n};\n');
  const { classes } = await indexFake(sdk);
  const wiggle = methodOf(classes, 'IOOrphan', 'Wiggle');
  assert.equal(wiggle.kind, 'rpc');
  assert.equal(wiggle.inferred, true);
  assert.equal(classNamed(classes, 'IOOrphan').role, 'helper');
});

test('method facts: attributes, callback, static, pure, const, overridable, parameters, availability', async () => {
  const { classes } = await indexFake();
  const timer = methodOf(classes, 'IOTimerDispatchSource', 'TimerOccurred');
  assert.equal(timer.callback, true);
  assert.deepEqual(timer.parameters, ['OSAction * action', 'uint64_t time']);
  assert.deepEqual(timer.attributes, ['REPLY', 'LOCAL']);
  assert.equal(methodOf(classes, 'IOTimerDispatchSource', 'SetHandler').callback, undefined, 'a setter stores an action, it is not called back');
  const create = methodOf(classes, 'IOTimerDispatchSource', 'Create');
  assert.equal(create.isStatic, true);
  assert.equal(create.overridable, undefined);

  const polish = methodOf(classes, 'IOFakeWidget', 'Polish');
  assert.equal(polish.availability, '21.0');
  assert.deepEqual(polish.attributes, ['QUEUENAME(Workshop)'], 'the availability annotation is not an IIG attribute');
  assert.equal(methodOf(classes, 'IOFakeWidget', 'Start').availability, undefined);

  const spin = methodOf(classes, 'IOFakeWidget', 'Spin');
  assert.equal(spin.isPure, true);
  assert.deepEqual(spin.parameters, ['uint32_t turns', 'uint8_t pattern[4]']);
  const count = methodOf(classes, 'IOFakeWidget', 'widgetCount');
  assert.equal(count.isConst, true);
  assert.equal(count.returnType, 'uint32_t');
  assert.equal(methodOf(classes, 'IOService', 'GetProvider').overridable, undefined, 'not virtual');
  assert.equal(methodOf(classes, 'IOService', 'Start').overridable, true);
  assert.equal(methodOf(classes, 'IOService', 'Start').isConst, undefined);
  assert.deepEqual(methodOf(classes, 'IOUserClient', 'CopyClientMemoryForType').parameters, ['uint64_t type', 'uint64_t * options', 'OSObject ** memory'], 'default value left out');
});

test('progress is reported once per header, ending at the total', async () => {
  const calls: [number, number][] = [];
  await indexSdk(await sharedParser(), FAKE_SDK, { onProgress: (done, total) => calls.push([done, total]) });
  assert.deepEqual(calls, [1, 2, 3, 4, 5, 6].map((n) => [n, 6]));
});

test('the second call with a cache folder is answered from the cache, identically', async () => {
  const cacheDir = join(tempDir('cache'), 'nested');
  const first = await indexFake(FAKE_SDK, cacheDir);
  assert.equal(first.fromCache, false);
  const file = join(cacheDir, `sdk-${createHash('sha1').update(FAKE_SDK).digest('hex')}.json`);
  assert.ok(existsSync(file), 'cache written');
  const second = await indexFake(FAKE_SDK, cacheDir);
  assert.equal(second.fromCache, true);
  assert.equal(second.headers, first.headers);
  assert.deepStrictEqual(second.classes, first.classes);
});

test('touching a Headers folder invalidates the cache', async () => {
  const sdk = sdkCopy();
  const cacheDir = tempDir('cache');
  await indexFake(sdk, cacheDir);
  assert.equal((await indexFake(sdk, cacheDir)).fromCache, true);
  const headers = join(sdk, ...FRAMEWORKS, 'FakeWidgetKit.framework', 'Headers');
  const later = new Date(Date.now() + 60_000);
  utimesSync(headers, later, later);
  assert.equal((await indexFake(sdk, cacheDir)).fromCache, false);
  assert.equal((await indexFake(sdk, cacheDir)).fromCache, true, 'rewritten with the new key');
});

test('a corrupt or mismatched cache file is ignored and rewritten', async () => {
  const cacheDir = tempDir('cache');
  const file = join(cacheDir, `sdk-${createHash('sha1').update(FAKE_SDK).digest('hex')}.json`);
  writeFileSync(file, '{"format": 1, "key": ');
  const fresh = await indexFake(FAKE_SDK, cacheDir);
  assert.equal(fresh.fromCache, false);
  assert.equal(fresh.classes.length, 6);
  assert.doesNotThrow(() => JSON.parse(readFileSync(file, 'utf8')), 'rewritten as JSON');

  const stored = JSON.parse(readFileSync(file, 'utf8'));
  writeFileSync(file, JSON.stringify({ ...stored, key: { ...stored.key, sdk: '/elsewhere' }, classes: [] }));
  const again = await indexFake(FAKE_SDK, cacheDir);
  assert.equal(again.fromCache, false);
  assert.equal(again.classes.length, 6);
  assert.equal((await indexFake(FAKE_SDK, cacheDir)).fromCache, true);
});

test('binary and unreadable headers are skipped, never thrown', async () => {
  const sdk = sdkCopy();
  const headers = join(sdk, ...FRAMEWORKS, 'DriverKit.framework', 'Headers');
  writeFileSync(join(headers, 'Garbage.iig'), Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 0, 0, 1, 0, 0xff, 0, 0x41]));
  mkdirSync(join(headers, 'NotAFile.iig'));
  const { classes, headers: analysed } = await indexFake(sdk);
  assert.equal(analysed, 6);
  assert.equal(classes.length, 6);
});

test('an SDK without a frameworks folder indexes to nothing', async () => {
  const result = await indexFake(tempDir('empty-sdk'), tempDir('cache'));
  assert.deepEqual(result, { classes: [], functions: [], enums: [], headers: 0, fromCache: false });
});

test('frameworksFolder: the DriverKit layout, else the flat one', () => {
  assert.equal(frameworksFolder(FAKE_SDK), join(FAKE_SDK, ...FRAMEWORKS));
  const flat = tempDir('flat-sdk');
  mkdirSync(join(flat, 'System', 'Library', 'Frameworks'), { recursive: true });
  assert.equal(frameworksFolder(flat), join(flat, 'System', 'Library', 'Frameworks'));
});

test('findSdk: a configured folder wins without running anything', async () => {
  const run = async () => assert.fail('xcrun must not run');
  assert.equal(await findSdk({ configured: FAKE_SDK, run }), FAKE_SDK);
});

test('findSdk: asks xcrun (argument array) when nothing usable is configured', async () => {
  const calls: [string, readonly string[]][] = [];
  const run = async (command: string, args: readonly string[]) => {
    calls.push([command, args]);
    return `${FAKE_SDK}\n`;
  };
  assert.equal(await findSdk({ configured: join(FAKE_SDK, 'missing'), run }), FAKE_SDK);
  assert.equal(await findSdk({ xcrun: '/opt/tools/xcrun', run }), FAKE_SDK);
  assert.deepEqual(calls, [
    ['xcrun', ['--sdk', 'driverkit', '--show-sdk-path']],
    ['/opt/tools/xcrun', ['--sdk', 'driverkit', '--show-sdk-path']],
  ]);
});

test('findSdk: undefined when xcrun is missing, fails, or names no folder', async () => {
  const missing = async () => {
    throw Object.assign(new Error('spawn xcrun ENOENT'), { code: 'ENOENT' });
  };
  assert.equal(await findSdk({ run: missing }), undefined);
  assert.equal(await findSdk({ run: async () => '/no/such/sdk\n' }), undefined);
  assert.equal(await findSdk({ run: async () => '' }), undefined);
  // The real runner, with a command that cannot exist anywhere.
  assert.equal(await findSdk({ xcrun: join(tempDir('no-xcrun'), 'xcrun') }), undefined);
});
