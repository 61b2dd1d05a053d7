/** Availability through the built language server: the warning in the editor and what hovers say. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CodeAction, Hover } from 'vscode-languageserver-protocol';
import { fixture, LspClient, uriOf } from '../support/lspClient';
import { positionOf } from '../support/lspChecks';

let root: string;
let cache: string;
let client: LspClient;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'dk-lsp-availability-'));
  cache = mkdtempSync(join(tmpdir(), 'dk-lsp-availability-cache-'));
  cpSync(fixture('broken', 'sdk.unavailable-api'), root, { recursive: true });
  // The fake SDK (ours) is installed: its IOFakeWidget::Polish is marked introduced=21.0 in its header.
  ({ client } = await LspClient.start(root, { sdkPath: fixture('fake-sdk'), cacheDir: cache }));
});

after(async () => {
  await client.stop();
  rmSync(root, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

async function hoverText(path: string, text: string, marker: string, delta = 1): Promise<string> {
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(path) }, position: positionOf(text, marker, delta) });
  return JSON.stringify(hover?.contents ?? '');
}

test('a call newer than the deployment target is a warning in the editor, naming both versions', async () => {
  const path = join(root, 'GadgetDriver', 'GadgetDriver.cpp');
  const text = readFileSync(path, 'utf8');
  await client.open(path, text);
  const diagnostics = await client.waitForDiagnostics(path, (d) => d.some((x) => x.code === 'sdk.unavailable-api'), 120_000);
  const lines = diagnostics.filter((d) => d.code === 'sdk.unavailable-api').map((d) => d.range.start.line + 1);
  // Line 67 calls IOUserClient::CreateMemoryDescriptorFromClient: the installed (fake) SDK's IOUserClient
  // declares no such method, and an installed SDK is the authority on what a class has.
  assert.deepEqual(lines, [51, 59, 80]);
  const first = diagnostics.find((d) => d.code === 'sdk.unavailable-api')!;
  assert.equal(first.severity, 2);
  assert.match(first.message, /DriverKit 21\.0, but target GadgetDriver deploys to DriverKit 19\.0/);

  // Its quick fix puts the call under a check of the version, as one edit of the whole line.
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uriOf(path) }, range: first.range, context: { diagnostics: [first] } });
  const wrap = actions.find((a) => a.title === 'Call it only on DriverKit 21.0 and later (__builtin_available)');
  assert.ok(wrap, `offered: ${actions.map((a) => a.title).join(', ')}`);
  assert.equal(wrap.kind, 'quickfix');
  const [edit] = Object.values(wrap.edit?.changes ?? {})[0] ?? (wrap.edit?.documentChanges?.[0] as { edits: { newText: string; range: unknown }[] }).edits;
  assert.match(edit.newText, /^    if \(__builtin_available\(driverkit 21\.0, \*\)\) \{\n        dispatchStandardGameControllerEvent\(now,[^\n]*\n    \}$/);
});

test('hover shows when an SDK method and class became available, and what is deprecated', async () => {
  const path = join(root, 'GadgetDriver', 'GadgetDriver.cpp');
  const text = readFileSync(path, 'utf8');
  await client.open(path, text);
  assert.match(await hoverText(path, text, 'CreateSubMemoryDescriptor'), /DriverKit 20\.0\+/);
  assert.match(await hoverText(path, text, 'dispatchStandardGameControllerEvent'), /DriverKit 21\.0\+/);

  const speaker = join(root, 'GadgetDriver', 'GadgetSpeaker.iig');
  const speakerText = readFileSync(speaker, 'utf8');
  await client.open(speaker, speakerText);
  assert.match(await hoverText(speaker, speakerText, 'public IOUserAudioDriver', 8), /IOUserAudioDriver[\s\S]*DriverKit 21\.0\+/);

  const pad = join(root, 'GadgetDriver', 'Pad.cpp');
  const padText = 'void GadgetDriver::sendPadState()\n{\n    dispatchExtendedGameControllerEvent(0);\n}\n';
  await client.open(pad, padText);
  assert.match(await hoverText(pad, padText, 'dispatchExtendedGameControllerEvent'), /deprecated in DriverKit 23\.0 \(use dispatchExtendedGameControllerEventWithOptionalButtons\)/);
});

test('the installed SDK header\'s own mark shows in the hover', async () => {
  const path = join(root, 'GadgetDriver', 'Widget.cpp');
  const text = 'void poke(IOFakeWidget * widget)\n{\n    widget->Polish(0);\n}\n';
  await client.open(path, text);
  assert.match(await hoverText(path, text, 'Polish'), /IOFakeWidget::Polish[\s\S]*DriverKit 21\.0\+/);
});
