/**
 * The contract index reads an app's calls once its language's grammar has loaded: before that the
 * file has no calls (and no finding), then the index reads it again and says so. A separate test
 * process: the Swift grammar is loaded here for the first time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appGrammarRequested, appParser } from '../../../core/model/appGrammars';
import type { SourceFile } from '../../../core/model/model';
import { ContractIndex } from '../../../core/userclient/contractIndex';
import { parseCpp, parseIig } from '../../support/analysis';

const DEXT = `enum { kRead = 0, kCount };
static const IOUserClientMethodDispatch sMethods[kCount] = {
    { (IOUserClientMethodFunction) &Client::StaticRead, 0, 0, 0, 2, 0 },
};
kern_return_t Client::ExternalMethod(uint64_t selector, IOUserClientMethodArguments * a, const IOUserClientMethodDispatch * d, OSObject * t, void * r)
{ return super::ExternalMethod(selector, a, &sMethods[selector], this, r); }
`;

const APP = `func read(_ c: io_connect_t) {
    var out = [UInt64](repeating: 0, count: 2)
    var count: UInt32 = 1
    _ = IOConnectCallScalarMethod(c, UInt32(kRead), nil, 0, &out, &count)
}
`;

test('a Swift file that only declares types is kept for its type names, and loads no grammar', () => {
  const index = new ContractIndex({ paths: () => [], text: () => undefined, model: () => undefined });
  index.keep('/w/Models.swift', 'struct Stats { var ticks: UInt64 }\n// IOConnectCallScalarMethod is called elsewhere.\n');
  assert.deepEqual([...index.keptPaths()], ['/w/Models.swift']);
  assert.deepEqual(index.linksFrom('/w/Models.swift'), []);
  assert.equal(appGrammarRequested('swift'), false);
});

test('an app file kept before its grammar has loaded is read again when it arrives, and the listener hears of it', async () => {
  const dext = await parseCpp(DEXT);
  const index = new ContractIndex({ paths: () => ['/w/Client.cpp'], text: (path) => (path === '/w/Client.cpp' ? DEXT : undefined), model: (path): SourceFile | undefined => (path === '/w/Client.cpp' ? dext : undefined) });
  assert.equal(appParser('swift'), undefined, 'the Swift grammar is not loaded before a Swift file calls a user client');
  assert.equal(appGrammarRequested('swift'), false);
  let heard = 0;
  const arrived = new Promise<void>((resolve) => index.onCallsRead(() => resolve(void heard++)));
  index.keep('/w/App.swift', APP);
  assert.equal(appGrammarRequested('swift'), true);
  assert.deepEqual(index.linksFrom('/w/App.swift'), [], 'no calls while the grammar loads');
  await arrived;
  const [link] = index.linksFrom('/w/App.swift');
  assert.equal(heard, 1);
  assert.equal(link?.call.selector, 'kRead');
  assert.deepEqual([link?.expected.scalarOutput, link?.actual.scalarOutput], [2, 1]);
  // Nothing is left to wait for.
  await index.settled();
});

test('a Swift app numbering its own selectors links to the dext only through a service a .iig declares, not a kext class of a plain header', async () => {
  const dext = await parseCpp(DEXT);
  const KEXT_HEADER = 'class com_example_Relay : public IOService\n{\n    OSDeclareDefaultStructors(com_example_Relay);\n};\n';
  const IIG = 'class Relay : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n};\n';
  const app = (service: string): string => `let create: UInt32 = 0
func go(_ c: io_connect_t) {
    _ = IOServiceMatching("${service}")
    _ = IOConnectCallScalarMethod(c, create, nil, 0, nil, nil)
}
`;
  const models = new Map<string, SourceFile>([['/w/Client.cpp', dext], ['/w/kext/Relay.h', await parseIig(KEXT_HEADER)], ['/w/dext/Relay.iig', await parseIig(IIG)]]);
  const texts = new Map([['/w/Client.cpp', DEXT], ['/w/kext/Relay.h', KEXT_HEADER], ['/w/dext/Relay.iig', IIG]]);
  const index = new ContractIndex({ paths: () => models.keys(), text: (path) => texts.get(path), model: (path) => models.get(path) });
  index.keep('/w/KextTool.swift', app('com_example_Relay'));
  index.keep('/w/DextTool.swift', app('Relay'));
  await index.settled();
  assert.deepEqual(index.linksFrom('/w/KextTool.swift'), [], 'the kext\'s class is not the dext\'s service');
  const [link] = index.linksFrom('/w/DextTool.swift');
  assert.equal(link?.selectorValue, 0);
  assert.deepEqual([link?.expected.scalarOutput, link?.actual.scalarOutput], [2, 0]);
});

test('after each edit of an app file, the links equal those of an index built afresh (the last contract\'s values are reused only while nothing but calls changed)', async () => {
  const dextText = `enum { kRead = 0, kWrite, kCount };
static const IOUserClientMethodDispatch sMethods[kCount] = {
    { (IOUserClientMethodFunction) &Client::StaticRead, 0, 0, 0, 2, 0 },
    { (IOUserClientMethodFunction) &Client::StaticWrite, 0, 1, sizeof(uint64_t) * 2, 0, 0 },
};
kern_return_t Client::ExternalMethod(uint64_t selector, IOUserClientMethodArguments * a, const IOUserClientMethodDispatch * d, OSObject * t, void * r)
{ return super::ExternalMethod(selector, a, &sMethods[selector], this, r); }
`;
  const dext = await parseCpp(dextText);
  const sources = { paths: () => ['/w/Client.cpp'], text: (path: string) => (path === '/w/Client.cpp' ? dextText : undefined), model: (path: string): SourceFile | undefined => (path === '/w/Client.cpp' ? dext : undefined) };
  const versions = [
    'void r(io_connect_t c) { uint64_t out[2]; uint32_t n = 2; IOConnectCallScalarMethod(c, kRead, NULL, 0, out, &n); }\nvoid w(io_connect_t c) { uint64_t v = 1; uint64_t b[2]; IOConnectCallMethod(c, kWrite, &v, 1, b, sizeof(b), NULL, NULL, NULL, NULL); }\n',
    'void r(io_connect_t c) { uint64_t out[2]; uint32_t n = 1; IOConnectCallScalarMethod(c, kRead, NULL, 0, out, &n); }\nvoid w(io_connect_t c) { uint64_t v = 1; uint64_t b[2]; IOConnectCallMethod(c, kWrite, &v, 1, b, sizeof(b), NULL, NULL, NULL, NULL); }\n',
    'void r(io_connect_t c) { uint64_t out[2]; uint32_t n = 1; IOConnectCallScalarMethod(c, kWrite, NULL, 0, out, &n); }\nvoid w(io_connect_t c) { uint64_t v = 1; uint64_t b[3]; IOConnectCallMethod(c, kWrite, &v, 1, b, sizeof(b), NULL, NULL, NULL, NULL); }\n',
    // The app declares its own copy of a struct: values change, nothing of the last contract is reused.
    'typedef struct { uint64_t a, b; } Pair;\nvoid w(io_connect_t c) { uint64_t v = 1; Pair p; IOConnectCallMethod(c, kWrite, &v, 1, &p, sizeof(p), NULL, NULL, NULL, NULL); }\n',
    'typedef struct { uint64_t a; } Pair;\nvoid w(io_connect_t c) { uint64_t v = 1; Pair p; IOConnectCallMethod(c, kWrite, &v, 1, &p, sizeof(p), NULL, NULL, NULL, NULL); }\n',
  ];
  const shown = (index: ContractIndex): unknown[] => index.linksFrom('/w/Tool.c').map((l) => [l.call.selector, l.selectorValue, l.entry?.handler, l.expected, l.actual]);
  const kept = new ContractIndex(sources);
  for (const [i, text] of versions.entries()) {
    kept.keep('/w/Tool.c', text);
    await kept.settled();
    const fresh = new ContractIndex(sources);
    fresh.keep('/w/Tool.c', text);
    await fresh.settled();
    assert.deepEqual(shown(kept), shown(fresh), `version ${i}`);
  }
  // The last version's struct is one uint64_t: the write passes 8 bytes where the dext checks 16.
  assert.deepEqual(shown(kept).map((l) => (l as unknown[])[4]), [{ scalarInput: 1, structureInput: 8, scalarOutput: 0, structureOutput: 0 }]);
});

test('after the dext source is read again, its links point at the tables it has now (the editor finds a table\'s callers by the table)', async () => {
  const dext = await parseCpp(DEXT);
  const index = new ContractIndex({ paths: () => ['/w/Client.cpp'], text: (path) => (path === '/w/Client.cpp' ? DEXT : undefined), model: (path): SourceFile | undefined => (path === '/w/Client.cpp' ? dext : undefined) });
  const tool = (count: number): string => `void r(io_connect_t c) { uint64_t out[2]; uint32_t n = ${count}; IOConnectCallScalarMethod(c, kRead, NULL, 0, out, &n); }\n`;
  index.keep('/w/Tool.c', tool(1));
  await index.settled();
  assert.equal(index.linksInto('/w/Client.cpp').length, 1);
  // The dext's file is read again (opened in the editor: same text, new table objects), then the app is edited.
  index.touch('/w/Client.cpp');
  index.keep('/w/Tool.c', tool(2));
  const tables = index.tablesIn('/w/Client.cpp');
  const links = index.linksInto('/w/Client.cpp');
  assert.equal(links.length, 1);
  assert.ok(links.every((l) => tables.includes(l.table)), 'each link names the table the index has now');
});
