/**
 * The user-client contract through the built dist/server.js and a real LSP client: hover on an app's
 * IOConnectCall… shows the dispatch entry it reaches, a code lens above each entry lists its app
 * callers (C and Swift apps alike), and a mismatch is published on the app's call.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CodeLens, Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
import { fixture, LspClient, uriOf } from '../../support/lspClient';
import { positionOf } from '../../support/lspChecks';

let root: string;
let client: LspClient;
let published: Awaited<ReturnType<LspClient['waitForDiagnostics']>>;
const tool = () => join(root, 'app', 'MeterTool.c');
const limits = () => join(root, 'broken', 'MeterLimits.c');
const table = () => join(root, 'dext', 'MeterUserClient.cpp');
const read = (path: string) => readFileSync(path, 'utf8');

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'dk-uc-'));
  cpSync(fixture('userclient', 'dext'), join(root, 'dext'), { recursive: true });
  cpSync(fixture('userclient', 'app'), join(root, 'app'), { recursive: true });
  cpSync(fixture('userclient', 'broken', 'userclient.scalar-count'), join(root, 'broken'), { recursive: true });
  client = (await LspClient.start(root)).client;
  // The Swift files' calls are read once the Swift grammar has loaded: every caller is known after that.
  const swiftRead = client.waitForDiagnostics(join(root, 'broken', 'MeterLimits.swift'), (list) => list.length === 1, 30_000);
  await client.open(table(), read(table()));
  await client.open(tool(), read(tool()), 'c');
  const waiting = client.waitForDiagnostics(limits(), (list) => list.length === 4);
  await client.open(limits(), read(limits()), 'c');
  published = await waiting;
  await swiftRead;
});

after(async () => {
  await client.stop();
  rmSync(root, { recursive: true, force: true });
});

test('a wrong scalar count is published at the app call', () => {
  assert.deepEqual(
    published.map((d) => `${d.range.start.line + 1} ${String(d.code)}`),
    ['10 userclient.scalar-count', '18 userclient.scalar-count', '23 userclient.scalar-count', '43 userclient.scalar-count'],
  );
});

test('hover on an app call: the dext entry it reaches, what it checks and what the call passes', async () => {
  const text = read(tool());
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(tool()) }, position: positionOf(text, 'IOConnectCallScalarMethod(connection, kMeterSelectorSetLimit', 3) });
  const value = (hover.contents as MarkupContent).value;
  assert.match(value, /\*\*kMeterSelectorSetLimit\*\* \(2\) → `sMeterMethods\[2\] \(MeterUserClient::StaticSetLimit\)` in MeterUserClient\.cpp:12/);
  assert.match(value, /\| scalar inputs \| 2 \| 2 \| `checkScalarInputCount` \|/);
  assert.match(value, /\| scalar outputs \| 1 \| 1 \| `checkScalarOutputCount` \|/);
});

test('a code lens above each dispatch entry names its app callers', async () => {
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(table()) } });
  const titles = lenses.map((l) => `${l.range.start.line + 1} ${l.command?.title ?? ''}`);
  assert.deepEqual(titles, [
    '10 4 app callers: MeterMonitor.swift:17, MeterMonitor.swift:53, MeterTool.c:9, +1 more',
    '11 2 app callers: MeterMonitor.swift:22, MeterTool.c:14',
    '12 9 app callers: MeterMonitor.swift:29, MeterTool.c:21, MeterTool.c:66, +6 more',
    '13 3 app callers: MeterMonitor.swift:39, MeterTool.c:31, MeterTool.c:67',
  ]);
  // Each lens opens its callers as references: all of them, not only the three its title names.
  const setLimit = lenses.find((l) => l.range.start.line === 11)!;
  assert.equal(setLimit.command?.command, 'driverkit.showAppCallers');
  const [shown] = (setLimit.command?.arguments ?? []) as { uri: string; position: { line: number }; locations: { uri: string; range: { start: { line: number } } }[] }[];
  assert.ok(shown.uri.endsWith('/dext/MeterUserClient.cpp') && shown.position.line === 11, JSON.stringify(shown));
  assert.deepEqual(shown.locations.map((l) => `${l.uri.split('/').slice(-1)[0]}:${l.range.start.line + 1}`).sort(), ['MeterLimits.c:10', 'MeterLimits.c:18', 'MeterLimits.c:30', 'MeterLimits.c:43', 'MeterLimits.swift:18', 'MeterLimits.swift:9', 'MeterMonitor.swift:29', 'MeterTool.c:21', 'MeterTool.c:66'].sort());
});

test('go to definition on an app call leads to the dext handler its selector reaches', async () => {
  const text = read(tool());
  const found = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf(tool()) }, position: positionOf(text, 'IOConnectCallScalarMethod(connection, kMeterSelectorSetLimit', 3) });
  assert.deepEqual(found.map((l) => `${l.uri.endsWith('/dext/MeterUserClient.cpp')} ${l.range.start.line + 1}`), ['true 39'], 'MeterUserClient::StaticSetLimit is defined at line 39');
  const elsewhere = await client.request<Location[] | null>('textDocument/definition', { textDocument: { uri: uriOf(tool()) }, position: { line: 0, character: 0 } });
  assert.deepEqual(elsewhere ?? [], [], 'no definition off a call');
});

test('find references on a dispatch entry lists the app calls that reach it', async () => {
  const text = read(table());
  const found = await client.request<Location[]>('textDocument/references', { textDocument: { uri: uriOf(table()) }, position: positionOf(text, '&MeterUserClient::StaticSetLimit', 2), context: { includeDeclaration: false } });
  const places = found.map((l) => `${l.uri.split('/').slice(-1)[0]}:${l.range.start.line + 1}`).sort();
  assert.equal(places.length, 9, places.join(', '));
  assert.ok(places.includes('MeterTool.c:21') && places.includes('MeterLimits.c:10') && places.includes('MeterLimits.swift:9') && places.includes('MeterMonitor.swift:29'), places.join(', '));
});

test("an app's source gets no semantic tokens (null, not an empty list) so the C or Swift extension's colouring stays", async () => {
  const none = await client.request<unknown>('textDocument/semanticTokens/full', { textDocument: { uri: uriOf(tool()) } });
  assert.equal(none, null);
  const dext = await client.request<{ data: number[] } | null>('textDocument/semanticTokens/full', { textDocument: { uri: uriOf(table()) } });
  assert.ok(dext && Array.isArray(dext.data), "the dext's own source is still answered");
});
