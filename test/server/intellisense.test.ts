/** IntelliSense through the built server over stdio, with a (fake, our own) installed SDK indexed. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CodeAction, CompletionItem, Hover, Location, SignatureHelp } from 'vscode-languageserver-protocol';
import { CatalogDocumentRequest } from '../../protocol/catalog';
import { SdkStatusNotification, type SdkStatus } from '../../protocol/sdkStatus';
import { fixture, LspClient, uriOf } from '../support/lspClient';

let root: string;
let cache: string;
let client: LspClient;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'dk-lsp-sense-'));
  cache = mkdtempSync(join(tmpdir(), 'dk-lsp-cache-'));
  cpSync(fixture('usb-interface'), root, { recursive: true });
  ({ client } = await LspClient.start(root, { sdkPath: fixture('fake-sdk'), cacheDir: cache }));
});

after(async () => {
  await client.stop();
  rmSync(root, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

function position(text: string, marker: string, delta = 0) {
  const offset = text.indexOf(marker) + delta;
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
}

test('the installed SDK is indexed at start-up and reported for the status bar', async () => {
  const status = await client.waitForNotification<SdkStatus>(SdkStatusNotification.method);
  assert.equal(status.path, fixture('fake-sdk'));
  assert.ok(status.headers >= 5);
});

test('completion after ": public" offers SDK classes (installed ones too) with their #include', async () => {
  const path = join(root, 'Widget.iig');
  const text = 'class Widget : public IO\n{\n};\n';
  await client.open(path, text);
  await client.waitForDiagnostics(path);
  const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: uriOf(path) }, position: position(text, ' IO', 3) });
  const fromSdk = items.find((i) => i.label === 'IOFakeWidget');
  assert.ok(fromSdk, 'a class only the installed SDK has');
  assert.equal(fromSdk.additionalTextEdits?.[0].newText, '#include <FakeWidgetKit/IOFakeWidget.iig>\n');
  assert.ok(items.some((i) => i.label === 'IOUserHIDEventService'), 'bundled classes stay');
});

test('hover on an SDK method call and signature help inside its arguments', async () => {
  const path = join(root, 'Extra.cpp');
  const text = 'kern_return_t IMPL(BulkPipeDriver, Start)\n{\n    IOUSBHostPipe * pipe = nullptr;\n    pipe->AsyncIO(buffer, 64, \n}\n';
  await client.open(path, text);
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(path) }, position: position(text, 'AsyncIO', 2) });
  assert.match(JSON.stringify(hover.contents), /IOUSBHostPipe::AsyncIO/);
  const help = await client.request<SignatureHelp>('textDocument/signatureHelp', { textDocument: { uri: uriOf(path) }, position: position(text, '64, ', 4) });
  assert.equal(help.activeParameter, 2);
  assert.match(help.signatures[0].label, /AsyncIO/);
});

test('go to definition on a bundled class opens its catalog rendering', async () => {
  const path = join(root, 'BulkPipeDriver.cpp');
  const text = readFileSync(path, 'utf8');
  await client.open(path, text);
  const [location] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf(path) }, position: position(text, 'IOUSBHostInterface       *', 3) });
  assert.equal(location.uri, 'driverkit-catalog:/USBDriverKit/IOUSBHostInterface.iig');
  const rendered = await client.request<string>(CatalogDocumentRequest.method, { uri: location.uri });
  assert.match(rendered.split('\n')[location.range.start.line], /class IOUSBHostInterface : public IOService/);
});

test('go to definition on an installed-SDK class opens its header', async () => {
  const path = join(root, 'Widget2.iig');
  const text = '#include <FakeWidgetKit/IOFakeWidget.iig>\nclass Widget2 : public IOFakeWidget\n{\n};\n';
  await client.open(path, text);
  const [location] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf(path) }, position: position(text, 'public IOFakeWidget', 10) });
  assert.ok(location.uri.endsWith('/FakeWidgetKit.framework/Headers/IOFakeWidget.iig'), location.uri);
});

test('a quick fix adds the missing #include', async () => {
  const path = join(root, 'Panel.iig');
  const text = '#include <DriverKit/IOService.iig>\nclass Panel : public IOUserClient\n{\n};\n';
  await client.open(path, text);
  const diagnostics = await client.waitForDiagnostics(path, (d) => d.some((x) => x.code === 'iig.missing-include'));
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: uriOf(path) },
    range: diagnostics.find((d) => d.code === 'iig.missing-include')!.range,
    context: { diagnostics },
  });
  const add = actions.find((a) => a.title === 'Add #include <DriverKit/IOUserClient.iig>');
  assert.ok(add, actions.map((a) => a.title).join());
  assert.equal(add.isPreferred, true);
  const change = add.edit?.documentChanges?.[0] as { edits: { range: { start: { line: number } }; newText: string }[] };
  assert.equal(change.edits[0].range.start.line, 1);
  assert.equal(change.edits[0].newText, '#include <DriverKit/IOUserClient.iig>\n');
});
