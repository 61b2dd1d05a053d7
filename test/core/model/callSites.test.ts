import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CppFile } from '../../../core/model/model';
import { parseCpp } from '../../support/analysis';

/** The calls of a model as "name receiver/scope argc" strings. */
function calls(model: CppFile): string[] {
  return model.calls.map((c) => [c.name, c.receiver !== undefined ? `->${c.receiver}${c.receiverType ? `:${c.receiverType}` : ''}` : c.scope !== undefined ? `${c.scope}::` : '', c.argumentCount, c.superDispatch ? 'SD' : ''].filter((p) => p !== '').join(' '));
}

/** The text each guard covers, trimmed to its first line, with its version. */
function guards(model: CppFile, text: string): string[] {
  return model.availabilityGuards.map((g) => `${g.version ?? 'any'}: ${text.slice(g.span.start, g.span.end).trim().split('\n')[0]}`);
}

test('calls are read with their receiver, scope and argument count', async () => {
  const model = await parseCpp(`
kern_return_t IMPL(Gadget, Start)
{
    IOUSBHostPipe * pipe = nullptr;
    OSSharedPtr<IOBufferMemoryDescriptor> buffer;
    auto iface = OSDynamicCast(IOUSBHostInterface, provider);
    kern_return_t ret = Start(provider, SUPERDISPATCH);
    pipe->Abort(0, kIOReturnAborted, nullptr);
    buffer->GetAddressRange(&range);
    iface->CopyPipe(ivars->address, &pipe);
    ivars->pipe->AsyncIO(ivars->buffer, 64, ivars->action, 0);
    this->RegisterService();
    IOBufferMemoryDescriptor::Create(kIOMemoryDirectionIn, f(1, 2), 0, &out);
    ret = super::Stop(provider);
    helper();
    lookup()->Poke(1);
    return ret;
}
`);
  assert.deepEqual(calls(model), [
    'OSDynamicCast 2',
    'Start 1 SD',
    'Abort ->pipe:IOUSBHostPipe 3',
    'GetAddressRange ->buffer:IOBufferMemoryDescriptor 1',
    'CopyPipe ->iface:IOUSBHostInterface 2',
    'AsyncIO ->ivars->pipe 4',
    'RegisterService ->this 0',
    'Create IOBufferMemoryDescriptor:: 4',
    'f 2',
    'Stop super:: 1',
    'helper 0',
    'lookup 0',
    'Poke ->? 1',
  ]);
});

test('declarations, casts and macros are not calls; a name declared with two types has no known type', async () => {
  const model = await parseCpp(`
void Gadget::poll(IOService * provider)
{
    IOReturn ret(kIOReturnSuccess);
    IOService * other = provider;
    if (ret) { sizeof(int); }
    IOUSBHostPipe * thing = nullptr;
    thing->Abort(0, 0, nullptr);
    { IOMemoryDescriptor * thing = nullptr; thing->Map(0, 0, 0, 0, nullptr, nullptr); }
    provider->GetProvider();
}
`);
  assert.deepEqual(calls(model), ['Abort ->thing 3', 'Map ->thing 6', 'GetProvider ->provider:IOService 0']);
});

test('__builtin_available guards the then-branch of an if, with other terms joined by &&', async () => {
  const text = `
void Gadget::poll()
{
    if (__builtin_available(driverkit 21.0, *)) {
        newer();
    }
    if (ready && __builtin_available(DriverKit 22, *) && !busy)
        newest();
    if (__builtin_available(macos 12.0, *)) { other(); }
}
`;
  assert.deepEqual(guards(await parseCpp(text), text), ['21.0: {', '22.0: newest();']);
});

test('a negated check guards the else-branch, or what follows an if that leaves', async () => {
  const text = `
kern_return_t Gadget::poll()
{
    if (!__builtin_available(driverkit 21.0, *)) {
        older();
    } else {
        newer();
    }
    if (!(__builtin_available(driverkit 22.0, *))) {
        IOLog("too old\\n");
        return kIOReturnUnsupported;
    }
    newest();
    return kIOReturnSuccess;
}
`;
  const model = await parseCpp(text);
  const elseBranch = model.availabilityGuards[0];
  assert.equal(elseBranch.version, '21.0');
  const guarded = text.slice(elseBranch.span.start, elseBranch.span.end);
  assert.ok(guarded.includes('newer();') && !guarded.includes('older();'), 'the else-branch is the one guarded');
  const after = model.availabilityGuards[1];
  assert.equal(after.version, '22.0');
  assert.ok(text.slice(after.span.start, after.span.end).includes('newest();'), 'after the early return');
  assert.ok(!text.slice(after.span.start, after.span.end).includes('too old'), 'the then-branch is not guarded');
});

test('a check written any other way guards the whole body', async () => {
  const text = `
void Gadget::poll()
{
    bool ok = __builtin_available(driverkit 21.0, *);
    if (ok || force) { newer(); }
    if (!__builtin_available(driverkit 22.0, *)) { note(); }
    done();
}
`;
  const model = await parseCpp(text);
  assert.equal(model.availabilityGuards.length, 2);
  for (const guard of model.availabilityGuards) assert.ok(text.slice(guard.span.start, guard.span.end).includes('done();'), `${guard.version} covers the body`);
});

test('annotated functions and preprocessor tests of the DriverKit version', async () => {
  const text = `
API_AVAILABLE(driverkit(21.0))
static void leading() { a(); }
static void trailing() __attribute__((availability(driverkit, introduced=22.0))) { b(); }
#if __DRIVERKIT_VERSION_MIN_REQUIRED >= __DRIVERKIT_20_0
static void preprocessed() { c(); }
#else
static void fallback() { d(); }
#endif
#if DEBUG
static void debug() { e(); }
#endif
`;
  assert.deepEqual(guards(await parseCpp(text), text).sort(), ['21.0: { a(); }', '22.0: { b(); }', 'any: #if __DRIVERKIT_VERSION_MIN_REQUIRED >= __DRIVERKIT_20_0'].sort());
});

test('hostile bodies stay linear: deep nesting and thousands of calls', async () => {
  const depth = 20_000;
  const text = `void f() { ${'g('.repeat(depth)}${')'.repeat(depth)}; ${'x->y(1, 2);\n'.repeat(5_000)} }`;
  const model = await parseCpp(text);
  assert.ok(model.calls.length >= 5_000 || model.skipped !== undefined);
});
