/**
 * The pieces behind userclient.too-many-scalars, userclient.structure-output-descriptor and selector
 * completion, on small texts of our own: what a handler does with its arguments, how far a write of
 * structureOutput is followed, and where a selector argument is.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeView } from '../../../core/model/codeView';
import { handlersOf, outputWriteOf, type HandlerFacts } from '../../../core/userclient/handlers';
import { selectorSlot } from '../../../core/userclient/selectorCompletion';
import { parseCpp } from '../../support/analysis';

const HANDLERS = `
kern_return_t C::StaticA(OSObject * target, void * reference, IOUserClientMethodArguments * args)
{ return ((C *) target)->A(reference, args); }
kern_return_t C::A(void * reference, IOUserClientMethodArguments * a)
{ if (a == nullptr) return kIOReturnBadArgument; a->structureOutput = OSData::withCapacity(8192); return 0; }
kern_return_t C::StaticB(OSObject * target, void * reference, IOUserClientMethodArguments * args)
{ if (args->structureOutputDescriptor) return kIOReturnUnsupported; args->structureOutput = nullptr; return 0; }
kern_return_t C::StaticC(OSObject * target, void * reference, IOUserClientMethodArguments * args)
{ saved = args; args->structureOutput = nullptr; return 0; }
kern_return_t C::StaticD(OSObject * target, void * reference, IOUserClientMethodArguments * args)
{ Helper(args); args->structureOutput = nullptr; return 0; }
kern_return_t C::NotAHandler(int x) { return x; }
`;

async function handlers(): Promise<HandlerFacts[]> {
  return handlersOf(codeView(HANDLERS), await parseCpp(HANDLERS));
}

test('a handler: its write of structureOutput, its mention of the descriptor, where its arguments go', async () => {
  const found = await handlers();
  assert.deepEqual(
    found.map((h) => [h.methodName, h.setsOutput !== undefined, h.touchesDescriptor, h.passesTo]),
    [
      ['StaticA', false, false, ['A']],
      ['A', true, false, []],
      ['StaticB', true, true, []],
      ['StaticC', true, false, ['?']],
      ['StaticD', true, false, ['Helper']],
    ],
  );
  const a = found.find((h) => h.methodName === 'A');
  assert.equal(HANDLERS.slice(a!.setsOutput!.start, a!.setsOutput!.end), 'a->structureOutput');
});

test('a write of structureOutput is followed into the methods the arguments go to, and only where every step is known', async () => {
  const found = await handlers();
  const lookup = (name: string) => found.filter((h) => `${h.className}::${h.methodName}` === name).map((facts) => ({ path: 'C.cpp', facts }));
  assert.ok(outputWriteOf('C::StaticA', lookup), 'through C::A');
  assert.equal(outputWriteOf('C::StaticB', lookup), undefined, 'it looks at the descriptor');
  assert.equal(outputWriteOf('C::StaticC', lookup), undefined, 'the arguments are stored somewhere');
  assert.equal(outputWriteOf('C::StaticD', lookup), undefined, 'Helper is not in the workspace');
  assert.equal(outputWriteOf('C::Missing', lookup), undefined);
});

test('the selector argument of an IOConnectCall…, also while the call is typed', () => {
  const at = (text: string) => selectorSlot(text.replace('|', ''), text.indexOf('|'));
  assert.deepEqual(at('x = IOConnectCallScalarMethod(conn, k|'), { start: 36, end: 37 });
  assert.deepEqual(at('IOConnectCallMethod(conn, (uint32_t)kMe|ter, in, 1'), { start: 36, end: 42 });
  assert.deepEqual(at('IOConnectCallAsyncStructMethod(conn, |'), { start: 37, end: 37 });
  assert.equal(at('IOConnectCallScalarMethod(conn, kA, |'), undefined, 'the third argument');
  assert.equal(at('IOConnectCallScalarMethod(|'), undefined, 'the first argument');
  assert.equal(at('IOConnectCallScalarMethod(conn, kA); f(x, |'), undefined, 'the call is over');
  assert.equal(at('// IOConnectCallScalarMethod(conn, |'), undefined, 'a comment');
  assert.equal(at(`IOConnectCallScalarMethod(conn, ${' '.repeat(500)}|`), undefined, 'too far back');
});

test('the cases of ExternalMethod: stacked labels share their code, a nested switch is left out, the descriptor named anywhere counts for all', async () => {
  const text = `
kern_return_t C::ExternalMethod(uint64_t selector, IOUserClientMethodArguments * arguments, const IOUserClientMethodDispatch * dispatch, OSObject * target, void * reference)
{
    switch (selector) {
    case kA:
    case kB:
        arguments->structureOutput = nullptr;
        return 0;
    case kC: {
        switch (arguments->scalarInputCount) { case 1: break; }
        arguments->structureOutput = nullptr;
        return 0;
    }
    case kD:
        return Fill(arguments);
    default:
        break;
    }
    return super::ExternalMethod(selector, arguments, nullptr, this, reference);
}`;
  const cases = handlersOf(codeView(text), await parseCpp(text)).filter((h) => h.caseOf !== undefined);
  assert.deepEqual(
    cases.map((h) => [h.caseOf, h.setsOutput !== undefined, h.passesTo]),
    [
      ['kA', true, []],
      ['kB', true, []],
      ['kD', false, ['Fill']],
    ],
  );
  const named = text.replace('return 0;\n    case kC', 'return arguments->structureOutputDescriptor ? 1 : 0;\n    case kC');
  assert.ok(handlersOf(codeView(named), await parseCpp(named)).every((h) => h.touchesDescriptor));
});

test('hostile handlers finish with bounded results: thousands of cases, deep braces, a long unclosed call', async () => {
  const cases = Array.from({ length: 1000 }, (_, i) => `case k${i}: arguments->structureOutput = nullptr; return ${i};`).join('\n');
  const text = `kern_return_t C::ExternalMethod(uint64_t selector, IOUserClientMethodArguments * arguments, const IOUserClientMethodDispatch * d, OSObject * t, void * r)\n{ switch (selector) {\n${cases}\n} ${'{'.repeat(1000)}${'}'.repeat(1000)} return 0; }`;
  const found = handlersOf(codeView(text), await parseCpp(text));
  assert.equal(found.filter((h) => h.caseOf !== undefined).length, 512, 'the first 512 labels');
  const call = `IOConnectCallScalarMethod(conn, ${'('.repeat(3000)}`;
  assert.equal(selectorSlot(call, call.length), undefined);
});
