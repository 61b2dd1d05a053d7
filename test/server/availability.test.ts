/** Availability through the built language server: the warning in the editor and what hovers say. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
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
