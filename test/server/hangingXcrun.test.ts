/**
 * The built dist/server.js started with a PATH whose `xcrun` misbehaves. At start-up the server asks
 * xcrun for the DriverKit SDK; a hung xcrun must not stop it answering the editor, and once the xcrun
 * limit (5 s) passes it carries on with the bundled catalog and indexes the workspace.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, test } from 'node:test';
import { SymbolKind, type WorkspaceSymbol } from 'vscode-languageserver-protocol';
import { SdkStatusNotification, type SdkStatus } from '../../protocol/sdkStatus';
import { guard } from '../../scripts/bench/support';
import { generateIig } from '../support/generate';
import { expectAnswersFor, pollUntil } from '../support/lspChecks';
import { fixture, LspClient } from '../support/lspClient';
import { isAlive, StandInTools, waitForExit } from '../support/standInTools';

const HANG_GUARD_MS = 30_000;
const SDK_STATUS = SdkStatusNotification.method;
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A copy of the usb-interface fixture plus a class in a file no editor opens, and a server whose PATH starts with `tools`. */
async function startWith(tools: StandInTools): Promise<{ client: LspClient; iig: string; text: string; firstDiagnostics: Promise<unknown[]> }> {
  const root = mkdtempSync(join(tmpdir(), 'dk-xcrun-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  cpSync(fixture('usb-interface'), root, { recursive: true });
  writeFileSync(join(root, 'IndexedLater.iig'), generateIig(100, 'IndexedLater', 3));
  const saved = process.env.PATH;
  process.env.PATH = `${tools.dir}${delimiter}${saved ?? ''}`;
  const starting = LspClient.start(root); // spawns at once, inheriting this PATH
  process.env.PATH = saved;
  const { client } = await guard(starting, HANG_GUARD_MS, 'initialize');
  cleanups.push(() => client.stop());
  const iig = join(root, 'BulkPipeDriver.iig');
  const text = readFileSync(iig, 'utf8');
  const firstDiagnostics = client.waitForDiagnostics(iig, () => true, HANG_GUARD_MS);
  firstDiagnostics.catch(() => undefined); // awaited by the test that wants it
  await client.open(iig, text);
  return { client, iig, text, firstDiagnostics };
}

async function indexedLater(client: LspClient): Promise<boolean> {
  const symbols = await guard(client.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'IndexedLater' }), HANG_GUARD_MS, 'workspace/symbol');
  return symbols.some((s) => s.kind === SymbolKind.Class && s.name === 'IndexedLater');
}

test('a hanging xcrun: requests are answered while it hangs; then it is killed and the workspace is indexed', async () => {
  const tools = new StandInTools();
  cleanups.push(() => tools.remove());
  tools.hanging('xcrun');
  const { client, iig, text, firstDiagnostics } = await startWith(tools);

  await pollUntil('the server ran xcrun', () => tools.startedPid('xcrun') !== undefined, HANG_GUARD_MS);
  const xcrun = tools.startedPid('xcrun')!;
  // What they say depends on whether the .cpp is indexed yet; that they come is what counts here.
  const diagnostics = await guard(firstDiagnostics, HANG_GUARD_MS, 'diagnostics of the open .iig');
  assert.ok(Array.isArray(diagnostics));
  await expectAnswersFor(client, iig, text, 'BulkPipeDriver', HANG_GUARD_MS);
  // All of that was answered while the server was still waiting for xcrun.
  assert.ok(isAlive(xcrun), 'xcrun had already ended: the answers did not overlap the hang');
  assert.equal(client.notifications.some((n) => n.method === SDK_STATUS), false);

  const status = await guard(client.waitForNotification<SdkStatus>(SDK_STATUS, HANG_GUARD_MS), HANG_GUARD_MS, 'the SDK status after xcrun was given up on');
  assert.equal(status.path, undefined);
  assert.ok(status.classes > 0, 'the bundled catalog is in use');
  await waitForExit(xcrun, 5_000);
  await pollUntil('IndexedLater.iig indexed', () => indexedLater(client), HANG_GUARD_MS);
  assert.equal(client.process.exitCode, null);
});

test('an xcrun that prints garbage: the bundled catalog at once, and the workspace is indexed', async () => {
  const tools = new StandInTools();
  cleanups.push(() => tools.remove());
  tools.garbage('xcrun');
  const { client } = await startWith(tools);
  const status = await guard(client.waitForNotification<SdkStatus>(SDK_STATUS, HANG_GUARD_MS), HANG_GUARD_MS, 'the SDK status');
  assert.equal(status.path, undefined);
  await pollUntil('IndexedLater.iig indexed', () => indexedLater(client), HANG_GUARD_MS);
});
