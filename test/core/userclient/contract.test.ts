/**
 * The pieces of the user-client contract on small texts of our own: constants and their values,
 * struct layouts, dispatch entries and app calls as written, and hostile input that must finish.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeView } from '../../../core/model/codeView';
import { appParser, loadAppGrammar, type AppLanguage } from '../../../core/model/appGrammars';
import { appCallsOf as readCalls, mayCallUserClient, type AppCall } from '../../../core/userclient/appCalls';
import { constantsOf } from '../../../core/userclient/constants';
import { Contract, type ContractFacts } from '../../../core/userclient/contract';
import { dispatchTablesOf } from '../../../core/userclient/dispatch';
import { structsOf } from '../../../core/userclient/structs';
import { parseCpp } from '../../support/analysis';

/** The calls of a text read with the real grammar of its language (Objective-C unless told). */
async function appCallsOf(text: string, language: AppLanguage = 'objc'): Promise<AppCall[]> {
  await loadAppGrammar(language);
  return readCalls(text, language, appParser(language)!);
}

async function contractOf(...texts: string[]): Promise<Contract> {
  const files = new Map<string, ContractFacts>();
  for (const [i, text] of texts.entries()) {
    const code = codeView(text);
    files.set(`f${i}.h`, { constants: constantsOf(code, text), structs: structsOf(code, text), calls: await appCallsOf(text), tables: [], handled: new Set(), names: new Set(), includes: [], classes: [], matches: [] });
  }
  return new Contract(files);
}

test('enum members count on from the one before, through other constants and #defines', async () => {
  const contract = await contractOf('#define kBase 0x10\nenum Sel { kA = kBase, kB, kC = (kB + 2), kD, kE = 1 << 3, kCount };\n', 'enum { kOther = kD * 2 };');
  assert.deepEqual(['kA', 'kB', 'kC', 'kD', 'kE', 'kCount', 'kOther'].map((n) => contract.constant(n)), [16, 17, 19, 20, 8, 9, 40]);
});

test('a constant declared twice with different values has no value', async () => {
  const contract = await contractOf('enum { kX = 1 };', 'enum { kX = 2 };', 'enum { kY = 3 };', 'enum { kY = 3 };');
  assert.equal(contract.constant('kX'), undefined);
  assert.equal(contract.constant('kY'), 3);
});

test('struct sizes follow natural alignment; packing or an unknown field leaves them unknown', async () => {
  const contract = await contractOf(
    '#define N 3\ntypedef struct { uint8_t a; uint32_t b; uint16_t c; } Padded;\nstruct Nested { Padded p; uint8_t tail[N]; };\ntypedef struct { uint64_t x; uint8_t y; } Tail;\ntypedef struct { void *p; } WithPointer;\ntypedef struct { long l; } WithLong;',
    '#pragma pack(push, 1)\ntypedef struct { uint8_t a; uint32_t b; } Packed;\n#pragma pack(pop)',
  );
  assert.equal(contract.size('sizeof(Padded)'), 12);
  assert.equal(contract.size('sizeof(Nested)'), 16);
  assert.equal(contract.size('sizeof(Tail)'), 16);
  assert.equal(contract.size('(4)*sizeof(uint16_t)/sizeof(uint16_t)'), 4);
  assert.equal(contract.size('sizeof(WithPointer)'), undefined);
  assert.equal(contract.size('sizeof(WithLong)'), undefined);
  assert.equal(contract.size('sizeof(Packed)'), undefined);
});

test('positional and designated dispatch entries, with their handlers', async () => {
  const text = `static const IOUserClientMethodDispatch sTable[kCount] = {
    [kOne] = { .function = (IOUserClientMethodFunction)&Client::One, .checkScalarInputCount = 2 },
    { &Two, 0, 0, sizeof(Req), 1, kIOUserClientVariableStructureSize },
};
kern_return_t Client::ExternalMethod(uint64_t selector, IOUserClientMethodArguments * a, const IOUserClientMethodDispatch * d, OSObject * t, void * r)
{ return super::ExternalMethod(selector, a, &sTable[selector], this, r); }`;
  const [table] = dispatchTablesOf(codeView(text), await parseCpp(text));
  assert.equal(table.name, 'sTable');
  assert.equal(table.length, 'kCount');
  assert.equal(table.indexedBySelector, true);
  assert.deepEqual(
    table.entries.map((e) => [e.designator, e.handler, e.fields]),
    [
      ['kOne', 'Client::One', { function: '(IOUserClientMethodFunction)&Client::One', checkScalarInputCount: '2' }],
      [undefined, 'Two', { function: '&Two', checkCompletionExists: '0', checkScalarInputCount: '0', checkStructureInputSize: 'sizeof(Req)', checkScalarOutputCount: '1', checkStructureOutputSize: 'kIOUserClientVariableStructureSize' }],
    ],
  );
});

test('app calls: counts and sizes followed through the function, parameters left unfollowed', async () => {
  const text = `- (void)go:(uint32_t)count
{
    uint64_t in[] = { 1, 2, 3 };
    MyReq req;
    size_t outSize = sizeof(MyReply);
    IOConnectCallMethod(conn, kGo, in, sizeof(in)/sizeof(in[0]), &req, sizeof(req), NULL, NULL, &reply, &outSize);
    IOConnectCallScalarMethod(conn, (uint32_t)kStop, in, count, NULL, 0);
    IOConnectCallAsyncScalarMethod(conn, 4, port, ref, 3, NULL, 0, NULL, NULL);
}`;
  const calls = await appCallsOf(text);
  assert.deepEqual(
    calls.map((c) => [c.function, c.selector, c.async, c.parts]),
    [
      ['IOConnectCallMethod', 'kGo', false, { scalarInput: '((3)*sizeof(uint64_t))/(sizeof(uint64_t))', structureInput: 'sizeof(MyReq)', scalarOutput: '0', structureOutput: 'sizeof(MyReply)' }],
      ['IOConnectCallScalarMethod', 'kStop', false, { scalarInput: undefined, structureInput: '0', scalarOutput: '0', structureOutput: '0' }],
      ['IOConnectCallAsyncScalarMethod', '4', true, { scalarInput: '0', structureInput: '0', scalarOutput: '0', structureOutput: '0' }],
    ],
  );
});

test('hostile input finishes with bounded results: a huge enum, unclosed braces, thousands of calls', async () => {
  const members = Array.from({ length: 20000 }, (_, i) => `kM${i}`).join(',\n');
  const calls = Array.from({ length: 3000 }, (_, i) => `IOConnectCallScalarMethod(c, kM${i}, in${i}, n${i}, out, &cnt${i});`).join('\n');
  const text = `enum { ${members} };\nvoid f() {\n${calls}\nstruct { uint8_t x[` + '('.repeat(5000);
  const code = codeView(text);
  assert.ok(constantsOf(code, text).length <= 4096);
  assert.ok((await appCallsOf(text)).length <= 2000);
  assert.deepEqual(structsOf(code, text), []);
  const contract = await contractOf(text);
  assert.equal(contract.constant('kM4095'), 4095);
  // A wrapper making many calls, called from thousands of places.
  const wrapped = `int w(io_connect_t c, uint32_t sel, uint32_t n) {\n${'IOConnectCallScalarMethod(c, sel, NULL, n, NULL, 0);\n'.repeat(1500)}}\nvoid g() {\n${Array.from({ length: 3000 }, (_, i) => `w(c, kM${i}, 1);`).join('\n')}\n}\n`;
  assert.equal((await appCallsOf(wrapped, 'c')).length, 2000);
  assert.equal(contract.constant('kM4096'), undefined);
});

test('Swift calls: the bridging header’s names, the app’s own enum’s raw values, array counts and MemoryLayout sizes', async () => {
  const text = `enum Sel: UInt32 { case stats = 0, reset
    case limit = 5, last }
let kLocal: UInt32 = 0x10
func go(_ c: io_connect_t, _ n: UInt32) {
    var stats = Stats()
    var size = MemoryLayout<Stats>.stride
    let input: [UInt64] = [1, 2, 3]
    var out: UInt64 = 0
    var outCount: UInt32 = 1
    IOConnectCallStructMethod(c, kGetStats.rawValue, nil, 0, &stats, &size)
    IOConnectCallScalarMethod(c, Sel.limit.rawValue, input, UInt32(input.count), &out, &outCount)
    IOConnectCallScalarMethod(c, UInt32(kReset), nil, n, nil, nil)
    IOConnectCallStructMethod(c, .last, &stats, MemoryLayout.size(ofValue: stats), nil, nil)
    IOConnectCallStructMethod(c, kLocal, &stats, MemoryLayout<UInt32>.size * 2, nil, nil)
    IOConnectCallAsyncScalarMethod(c, 3, port, &ref, 8, nil, 0, nil, nil)
    IOConnectCallScalarMethod(connection: c, 1, nil, 0, nil, nil)
}`;
  const calls = await appCallsOf(text, 'swift');
  assert.deepEqual(
    calls.map((c) => [c.selector, c.selectorValue, c.async, c.parts, c.language]),
    [
      ['kGetStats', undefined, false, { scalarInput: '0', structureInput: '0', scalarOutput: '0', structureOutput: 'sizeof(Stats)' }, 'swift'],
      ['Sel.limit', 5, false, { scalarInput: '3', structureInput: '0', scalarOutput: '1', structureOutput: '0' }, 'swift'],
      ['kReset', undefined, false, { scalarInput: undefined, structureInput: '0', scalarOutput: '0', structureOutput: '0' }, 'swift'],
      ['.last', 6, false, { scalarInput: '0', structureInput: 'swiftsize(Stats)', scalarOutput: '0', structureOutput: '0' }, 'swift'],
      ['kLocal', 16, false, { scalarInput: '0', structureInput: '(sizeof(uint32_t))*(2)', scalarOutput: '0', structureOutput: '0' }, 'swift'],
      ['3', 3, true, { scalarInput: '0', structureInput: '0', scalarOutput: '0', structureOutput: '0' }, 'swift'],
    ],
  );
});

test('Swift’s MemoryLayout.size is C’s sizeof only for a struct that ends without padding; a type the Swift app declares has no C size', async () => {
  const contract = await contractOf('typedef struct { uint64_t a; uint8_t b; } Padded;\ntypedef struct { uint32_t a; uint16_t b[2]; } Tight;\nstruct Outer { uint32_t x; Padded last; };');
  assert.equal(contract.size('swiftsize(Tight)'), 8);
  assert.equal(contract.size('swiftsize(Padded)'), undefined);
  assert.equal(contract.size('swiftsize(Outer)'), undefined);
  assert.equal(contract.size('sizeof(Padded)'), 16);
  assert.equal(contract.size('swiftsize(uint32_t)'), 4);
});

test('C and Objective-C++ calls in code the grammar cannot read cleanly are left out; hostile Swift finishes bounded', async () => {
  // Objective-C++ read with the Objective-C grammar: a call inside C++ it cannot parse is not guessed at.
  const mm = 'void f() { std::unique_ptr<Thing> t = std::make_unique<Thing>(); IOConnectCallScalarMethod(c, kA, nullptr, 0 nullptr, nullptr); }\nvoid g() { IOConnectCallScalarMethod(c, kB, NULL, 0, NULL, NULL); }';
  assert.deepEqual((await appCallsOf(mm)).map((c) => c.selector), ['kB']);
  const swift = `func f() {\n${'IOConnectCallScalarMethod(c, 1, nil, 0, nil, nil)\n'.repeat(3000)}${'(['.repeat(20000)}`;
  assert.ok((await appCallsOf(swift, 'swift')).length <= 2000);
  assert.deepEqual(await appCallsOf('\u0000\u0001IOConnectCallScalarMethod\uFFFF'.repeat(5000), 'swift'), []);
});

test('Swift selectors held by a type: a caseless enum’s static lets, a stored let of the class around the call; a var is not followed', async () => {
  const text = `enum Selector {
    static let getStats: UInt32 = 4
}
final class Client {
    private let connection: io_connect_t = 0
    private let resetSelector = 2
    private var limitSelector: UInt32 = 3
    func go() {
        IOConnectCallScalarMethod(connection, Selector.getStats, nil, 0, nil, nil)
        IOConnectCallScalarMethod(connection, UInt32(resetSelector), nil, 0, nil, nil)
        IOConnectCallScalarMethod(connection, limitSelector, nil, 0, nil, nil)
    }
}`;
  assert.deepEqual(
    (await appCallsOf(text, 'swift')).map((c) => [c.selector, c.selectorValue]),
    [
      ['Selector.getStats', 4],
      ['resetSelector', 2],
      ['limitSelector', undefined],
    ],
  );
});

test('only a file calling IOConnectCall… is parsed for calls (a grammar is loaded for it); one naming the functions in a comment is not', () => {
  assert.equal(mayCallUserClient('// The app calls IOConnectCall…Method with one of these selectors.'), false);
  assert.equal(mayCallUserClient('kr = IOConnectCallAsyncStructMethod (c, 1, p, r, 8, NULL, 0, NULL, NULL);'), true);
});

test('Swift: a call inside a closure does not follow the locals it captures, nor a member they hide', async () => {
  const text = `final class Client {
    private let size = 16
    func read(_ connection: io_connect_t) {
        var size = 64
        var buffer = [UInt8](repeating: 0, count: 64)
        _ = buffer.withUnsafeMutableBytes { bytes in
            IOConnectCallStructMethod(connection, 1, nil, 0, bytes.baseAddress, &size)
        }
        var count: UInt32 = 1
        IOConnectCallScalarMethod(connection, 2, nil, 0, nil, &count)
    }
}`;
  assert.deepEqual(
    (await appCallsOf(text, 'swift')).map((c) => [c.parts.structureOutput, c.parts.scalarOutput]),
    [
      [undefined, '0'],
      ['0', '1'],
    ],
  );
});

test('Swift wrappers: a function passing its parameter on as the selector is read at each of its calls, with the caller’s values', async () => {
  const text = `import IOKit
enum Sel: UInt32 { case stats = 0; case limit = 1 }
final class Meter {
    private var connection: io_connect_t = 0
    func send(_ selector: UInt32, input: [UInt64], outputs count: UnsafeMutablePointer<UInt32>?) -> kern_return_t {
        var output = [UInt64](repeating: 0, count: 4)
        return IOConnectCallScalarMethod(connection, selector, input, UInt32(input.count), &output, count)
    }
    func setLimit() {
        _ = send(Sel.limit.rawValue, input: [5, 6], outputs: nil)
        let values: [UInt64] = [1, 2, 3]
        _ = self.send(kGetStats, input: values, outputs: nil)
        // A label that is not the parameter's: some other send, not read.
        _ = send(3, input: [], count: nil)
        var counted: [UInt64] = []
        counted.append(1)
        _ = send(kReset, input: counted, outputs: nil)
    }
}
`;
  const calls = await appCallsOf(text, 'swift');
  const at = (c: AppCall): string => text.slice(c.span.start, c.span.end);
  assert.deepEqual(
    calls.map((c) => [at(c), c.via, c.selector, c.selectorValue, c.parts.scalarInput, c.parts.scalarOutput]),
    [
      ['send', 'send', 'Sel.limit', 1, '2', '0'],
      ['send', 'send', 'kGetStats', undefined, '3', '0'],
      // An array changed after it was made: its count is not followed.
      ['send', 'send', 'kReset', undefined, undefined, '0'],
      // The wrapper's own call: its selector is a parameter, which the contract cannot evaluate.
      ['IOConnectCallScalarMethod', undefined, 'selector', undefined, undefined, undefined],
    ],
  );
});
