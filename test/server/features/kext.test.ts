/**
 * A kext through the built dist/server.js and a real LSP client: its classes in the outline, go to
 * the class from its .cpp, a class hover, the migration hint on hover at any use of a kext API, and
 * the hints published as information.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DiagnosticSeverity, SymbolKind, type Diagnostic, type DocumentSymbol, type Hover, type Location, type MarkupContent } from 'vscode-languageserver-protocol';
import { fixture, LspClient, uriOf } from '../../support/lspClient';

const root = fixture('kext', 'pci');
const header = join(root, 'LanternPCI.h');
const source = join(root, 'LanternPCI.cpp');
let client: LspClient;
let diagnostics: Diagnostic[];

function positionOf(path: string, needle: string, delta = 0, nth = 0): { line: number; character: number } {
  const text = readFileSync(path, 'utf8');
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} not found`);
  const before = text.slice(0, offset + delta);
  return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}

before(async () => {
  client = (await LspClient.start(root, {})).client;
  await client.open(header, readFileSync(header, 'utf8'));
  await client.open(source, readFileSync(source, 'utf8'));
  diagnostics = await client.waitForDiagnostics(source);
});

after(async () => {
  await client.stop();
});

test('the outline lists the kext class with its methods, and the .cpp its definitions', async () => {
  const inHeader = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uriOf(header) } })) as DocumentSymbol[];
  const cls = inHeader.find((s) => s.name === 'LanternPCI');
  assert.ok(cls, JSON.stringify(inHeader));
  assert.deepEqual(cls.children?.map((c) => c.name).filter((n) => n === 'start' || n === 'stop'), ['start', 'stop']);
  const inSource = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uriOf(source) } })) as DocumentSymbol[];
  assert.deepEqual(inSource.map((s) => s.name), ['LanternPCI::start', 'LanternPCI::heartbeat', 'LanternPCI::stop']);
});

test('go to definition and hover on the class name in the .cpp reach its declaration', async () => {
  const at = positionOf(source, 'LanternPCI::start', 1);
  const found = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri: uriOf(source) }, position: at })) as Location[];
  assert.equal(found[0]?.uri, uriOf(header));
  assert.equal(found[0].range.start.line, positionOf(header, 'class LanternPCI').line);
  const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(source) }, position: at })) as Hover;
  assert.match((hover.contents as MarkupContent).value, /class LanternPCI : public IOService/);
});

test('hover on a kext API shows its migration hint, at every use (not in an #include)', async () => {
  const include = positionOf(source, 'IOTimerEventSource', 3, 0);
  assert.equal(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(source) }, position: include }), null);
  for (const nth of [1, 3]) {
    const at = positionOf(source, 'IOTimerEventSource', 3, nth);
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(source) }, position: at })) as Hover;
    const text = (hover.contents as MarkupContent).value;
    assert.match(text, /Moving to DriverKit: IOTimerEventSource/);
    assert.match(text, /IOTimerDispatchSource/);
    assert.match(text, /```cpp/);
  }
});

test('the migration hints are published as information, errors and warnings none', () => {
  assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]).sort(), [
    ['migrate.timer', DiagnosticSeverity.Information],
    ['migrate.work-loop', DiagnosticSeverity.Information],
  ]);
});

test('classes a kext declares in its .cpp are in its outline too', async () => {
  const beacon = join(fixture('kext', 'user-client'), 'Beacon.cpp');
  await client.open(beacon, readFileSync(beacon, 'utf8'));
  await client.waitForDiagnostics(beacon);
  const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uriOf(beacon) } })) as DocumentSymbol[];
  const classes = symbols.filter((s) => s.kind === SymbolKind.Class).map((s) => `${s.name} ${s.detail ?? ''}`);
  assert.deepEqual(classes, ['BeaconService : IOService', 'BeaconUserClient : IOUserClient']);
  assert.ok(symbols.some((s) => s.name === 'BeaconUserClient::externalMethod'));
});
