/** The built dist/server.js, spawned over stdio and driven by a real LSP client. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { DocumentSymbol, FoldingRange, Hover, Location, SemanticTokens, WorkspaceSymbol } from 'vscode-languageserver-protocol';
import { fixture, LspClient, uriOf } from '../support/lspClient';

let root: string;
let client: LspClient;
let capabilities: Record<string, unknown>;
const iig = () => join(root, 'BulkPipeDriver.iig');
const cpp = () => join(root, 'BulkPipeDriver.cpp');
const read = (path: string) => readFileSync(path, 'utf8');

/** Zero-based position of the first occurrence of `needle` (plus `delta` characters). */
function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not found`);
  const before = text.slice(0, offset + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'dk-lsp-'));
  cpSync(fixture('usb-interface'), root, { recursive: true });
  const started = await LspClient.start(root);
  client = started.client;
  capabilities = started.result.capabilities as Record<string, unknown>;
  await client.open(iig(), read(iig()));
  await client.open(cpp(), read(cpp()));
});

after(async () => {
  await client.stop();
  rmSync(root, { recursive: true, force: true });
});

test('initialize announces the DriverKit features', () => {
  for (const key of ['documentSymbolProvider', 'workspaceSymbolProvider', 'hoverProvider', 'definitionProvider', 'implementationProvider', 'foldingRangeProvider', 'semanticTokensProvider']) {
    assert.ok(capabilities[key], key);
  }
});

test('a valid driver gets empty diagnostics', async () => {
  const diagnostics = await client.waitForDiagnostics(cpp(), () => true);
  assert.deepEqual(diagnostics, []);
});

test('document symbols: the class with its methods and their attributes', async () => {
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf(iig()) } });
  assert.equal(symbols.length, 1);
  assert.equal(symbols[0].name, 'BulkPipeDriver');
  assert.equal(symbols[0].detail, ': IOService');
  const readComplete = symbols[0].children!.find((c) => c.name === 'ReadComplete')!;
  assert.match(readComplete.detail!, /TYPE\(IOUSBHostPipe::CompleteAsyncIO\)/);
  assert.match(readComplete.detail!, /QUEUENAME\(ReadQueue\)/);
  const cppSymbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf(cpp()) } });
  assert.ok(cppSymbols.some((s) => s.name === 'BulkPipeDriver::Start' && s.detail === 'IMPL'));
  assert.ok(cppSymbols.some((s) => s.name === 'BulkPipeDriver_IVars'));
});

test('workspace symbols find classes and methods across files', async () => {
  const symbols = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'ReadComp' });
  assert.ok(symbols.some((s) => s.name === 'ReadComplete' && s.containerName === 'BulkPipeDriver'));
});

test('hover explains IIG attributes and DriverKit macros', async () => {
  const text = read(iig());
  const onType = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(iig()) }, position: positionOf(text, 'TYPE(', 1) });
  assert.match(JSON.stringify(onType.contents), /callback/);
  const cppText = read(cpp());
  const onSuper = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(cpp()) }, position: positionOf(cppText, 'SUPERDISPATCH', 2) });
  assert.match(JSON.stringify(onSuper.contents), /parent/);
  const onLocalOnly = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(iig()) }, position: positionOf(text, ') LOCALONLY', 4) });
  assert.match(JSON.stringify(onLocalOnly.contents), /super::/);
});

test('definition from IMPL(Class, Method) lands on the declaration, implementation leads back', async () => {
  const cppText = read(cpp());
  const [location] = await client.request<Location[]>('textDocument/definition', {
    textDocument: { uri: uriOf(cpp()) },
    position: positionOf(cppText, 'IMPL(BulkPipeDriver, Start)', 'IMPL(BulkPipeDriver, '.length + 1),
  });
  assert.equal(location.uri, uriOf(iig()));
  const iigText = read(iig());
  assert.deepEqual(location.range.start, positionOf(iigText, 'Start(IOService'));
  const back = await client.request<Location[]>('textDocument/implementation', { textDocument: { uri: uriOf(iig()) }, position: positionOf(iigText, 'Start(IOService', 1) });
  assert.equal(back.length, 1);
  assert.equal(back[0].uri, uriOf(cpp()));
  assert.deepEqual(back[0].range.start, positionOf(cppText, 'IMPL(BulkPipeDriver, Start)', 'IMPL(BulkPipeDriver, '.length));
});

test('semantic tokens mark IIG attributes in the .iig and macros in the .cpp', async () => {
  const legend = (capabilities.semanticTokensProvider as { legend: { tokenTypes: string[] } }).legend.tokenTypes;
  const decode = async (path: string) => {
    const { data } = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: uriOf(path) } });
    const lines = read(path).split('\n');
    const out: string[] = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i < data.length; i += 5) {
      line += data[i];
      character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
      out.push(`${legend[data[i + 3]]}:${lines[line].slice(character, character + data[i + 2])}`);
    }
    return out;
  };
  const iigTokens = await decode(iig());
  assert.ok(iigTokens.includes('iigAttribute:TYPE'), iigTokens.join());
  assert.ok(iigTokens.includes('type:IOUSBHostPipe::CompleteAsyncIO'), iigTokens.join());
  assert.ok(iigTokens.includes('iigAttribute:LOCALONLY'), iigTokens.join());
  const cppTokens = await decode(cpp());
  assert.ok(cppTokens.includes('driverkitMacro:SUPERDISPATCH'), cppTokens.join());
  assert.ok(cppTokens.includes('driverkitMacro:IMPL'), cppTokens.join());
});

test('folding ranges cover the class body', async () => {
  const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: uriOf(iig()) } });
  const classLine = positionOf(read(iig()), 'class BulkPipeDriver').line;
  assert.ok(ranges.some((r) => r.startLine >= classLine && r.endLine > r.startLine + 5), JSON.stringify(ranges));
});

test('a mistake typed into the .cpp is reported, and typing the fix clears it', async () => {
  const text = read(cpp());
  const at = positionOf(text, 'Start(provider, SUPERDISPATCH)');
  const end = { line: at.line, character: at.character + 'Start(provider, SUPERDISPATCH)'.length };
  await client.change(cpp(), { start: at, end }, 'kIOReturnSuccess');
  const broken = await client.waitForDiagnostics(cpp(), (d) => d.length > 0);
  assert.deepEqual(broken.map((d) => d.code), ['cpp.missing-superdispatch']);
  assert.equal(broken[0].source, 'DriverKit');
  await client.change(cpp(), { start: at, end: { line: at.line, character: at.character + 'kIOReturnSuccess'.length } }, 'Start(provider, SUPERDISPATCH)');
  assert.deepEqual(await client.waitForDiagnostics(cpp(), (d) => d.length === 0), []);
});

test('renaming a method in the .iig re-checks the .cpp that implements it', async () => {
  const text = read(iig());
  const at = positionOf(text, 'ReadComplete(');
  await client.change(iig(), { start: at, end: { line: at.line, character: at.character + 'ReadComplete'.length } }, 'ReadDone');
  const cppDiagnostics = await client.waitForDiagnostics(cpp(), (d) => d.some((x) => x.code === 'cpp.impl-undeclared'));
  assert.ok(cppDiagnostics[0].relatedInformation?.[0].location.uri.endsWith('BulkPipeDriver.iig'));
  await client.change(iig(), { start: at, end: { line: at.line, character: at.character + 'ReadDone'.length } }, 'ReadComplete');
  await client.waitForDiagnostics(cpp(), (d) => d.length === 0);
});

test('files created on disk join the index through watched-file events', async () => {
  const extra = join(root, 'Extra.iig');
  writeFileSync(extra, '#include <DriverKit/IOService.iig>\nclass ExtraService : public IOService\n{\npublic:\n    virtual kern_return_t Poke() LOCALL;\n};\n');
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(extra), type: 1 }] });
  const diagnostics = await client.waitForDiagnostics(extra, (d) => d.length > 0);
  assert.deepEqual(diagnostics.map((d) => d.code), ['iig.unknown-attribute']);
  rmSync(extra);
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(extra), type: 3 }] });
  assert.deepEqual(await client.waitForDiagnostics(extra, (d) => d.length === 0), []);
});

test('bad input: binary, deeply nested and huge documents get an answer and the server keeps serving', async () => {
  const binary = join(root, 'Blob.iig');
  await client.open(binary, read(fixture('bad-input', 'binary.iig')));
  assert.deepEqual((await client.waitForDiagnostics(binary)).map((d) => d.code), ['file.binary']);
  const deep = join(root, 'Deep.iig');
  const huge = join(root, 'Huge.cpp');
  const deepDiagnostics = client.waitForDiagnostics(deep);
  const hugeDiagnostics = client.waitForDiagnostics(huge);
  await client.open(deep, `class Deep : public IOService {\n${'{'.repeat(10_000)}${'}'.repeat(10_000)}\n};\n`);
  await client.open(huge, 'int filler = 0; // a line of a ten megabyte file\n'.repeat(210_000));
  // Both are answered, and an ordinary request made meanwhile still gets its reply.
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf(iig()) } });
  assert.equal(symbols[0].name, 'BulkPipeDriver');
  assert.ok((await deepDiagnostics).length >= 1);
  assert.ok((await hugeDiagnostics).length <= 1);
  assert.equal(client.process.exitCode, null, `the server is still running; stderr: ${client.stderr}`);
});
