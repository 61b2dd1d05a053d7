/**
 * A Swift app's calls into a dext's user client through the built dist/server.js and a real LSP
 * client: the Swift grammar is loaded once a Swift source calling IOConnectCall… is there, and then
 * findings are published at the Swift call, hover shows the entry a call reaches and go to
 * definition leads to the dext's handler. The gauge fixture's Swift app links by its own enum's raw
 * values; the meter's Swift file on disk (never opened) links through the bridging header's names.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
import { fixture, LspClient, uriOf } from '../../support/lspClient';
import { positionOf } from '../../support/lspChecks';

let root: string;
let client: LspClient;
let published: Awaited<ReturnType<LspClient['waitForDiagnostics']>>;
const gauge = () => join(root, 'gauge', 'app', 'GaugeClient.swift');
const read = (path: string) => readFileSync(path, 'utf8');

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'dk-ucswift-'));
  cpSync(fixture('userclient', 'gauge'), join(root, 'gauge'), { recursive: true });
  client = (await LspClient.start(root)).client;
  // Not opened: the workspace scan finds the Swift file on disk.
  published = await client.waitForDiagnostics(gauge(), (list) => list.length === 4, 30_000);
});

after(async () => {
  await client.stop();
  rmSync(root, { recursive: true, force: true });
});

test('the scan reads a Swift file on disk: findings are published at its calls once the Swift grammar is there', () => {
  assert.deepEqual(
    published.map((d) => `${d.range.start.line + 1} ${String(d.code)}`).sort(),
    ['29 userclient.scalar-count', '40 userclient.structure-size', '44 userclient.async-mismatch', '49 userclient.selector-out-of-range'],
  );
  const outOfRange = published.find((d) => d.code === 'userclient.selector-out-of-range');
  assert.match(outOfRange?.message ?? '', /^\.calibrate is 7, past the end of the dext's sGaugeMethods \(3 entries, in GaugeUserClient\.cpp\)/);
});

test('hover on a Swift call: the dext entry its raw value reaches', async () => {
  const text = read(gauge());
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(gauge()) }, position: positionOf(text, 'IOConnectCallScalarMethod(connection, GaugeSelector.read', 3) });
  const value = (hover.contents as MarkupContent).value;
  assert.match(value, /\*\*GaugeSelector\.read\*\* \(0\) → `sGaugeMethods\[0\] \(GaugeUserClient::StaticRead\)` in GaugeUserClient\.cpp:21/);
  assert.match(value, /\| scalar outputs \| 2 \| 2 \| `checkScalarOutputCount` \|/);
});

test('go to definition on a Swift call leads to the dext handler', async () => {
  const text = read(gauge());
  const found = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf(gauge()) }, position: positionOf(text, 'IOConnectCallStructMethod(connection, 1,', 3) });
  assert.deepEqual(found.map((l) => `${l.uri.split('/').slice(-1)[0]} ${l.range.start.line + 1}`), ['GaugeUserClient.cpp 43'], 'GaugeUserClient::StaticWrite is defined at line 43');
});

test('an opened Swift document is read from the editor, and a Swift file created on disk is read when the watcher reports it', async () => {
  const text = read(gauge()).replace('UInt32 = 2', 'UInt32 = 3');
  const edited = client.waitForDiagnostics(gauge(), (list) => list.length === 5);
  await client.open(gauge(), text, 'swift');
  assert.deepEqual((await edited).map((d) => `${d.range.start.line + 1} ${String(d.code)}`).sort(), ['22 userclient.scalar-count', '29 userclient.scalar-count', '40 userclient.structure-size', '44 userclient.async-mismatch', '49 userclient.selector-out-of-range']);

  const swift = join(root, 'meter', 'broken', 'MeterLimits.swift');
  cpSync(fixture('userclient', 'dext'), join(root, 'meter', 'dext'), { recursive: true });
  cpSync(fixture('userclient', 'broken', 'userclient.scalar-count'), join(root, 'meter', 'broken'), { recursive: true });
  const waiting = client.waitForDiagnostics(swift, (list) => list.length === 1, 30_000);
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
    changes: ['dext/MeterShared.h', 'dext/MeterUserClient.iig', 'dext/MeterUserClient.cpp', 'dext/MeterAdminClient.iig', 'dext/MeterAdminClient.cpp', 'broken/MeterLimits.swift'].map((p) => ({ uri: uriOf(join(root, 'meter', p)), type: 1 })),
  });
  const list = await waiting;
  assert.deepEqual(list.map((d) => `${d.range.start.line + 1} ${String(d.code)}`), ['9 userclient.scalar-count']);
});
