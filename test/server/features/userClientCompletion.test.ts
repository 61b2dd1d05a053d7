/**
 * Completion of an IOConnectCall… selector through the built dist/server.js and a real LSP client:
 * in an app's C source, inside the call's second argument (also while the call is still being typed),
 * the selectors that reach the meter dext's tables are offered, each with its value and handler.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CompletionItem, CompletionList, MarkupContent } from 'vscode-languageserver-protocol';
import { fixture, LspClient, uriOf } from '../../support/lspClient';

let root: string;
let client: LspClient;
const typing = () => join(root, 'app', 'Typing.c');

const START = `#include <IOKit/IOKitLib.h>
#include "MeterShared.h"

// Not a call: IOConnectCallScalarMethod(connection, k
kern_return_t go(io_connect_t connection, uint64_t limit)
{
    uint64_t previous = 0;
    uint32_t count = 1;
    IOConnectCallScalarMethod(connection, kMeterSelectorSe, &limit, 1, &previous, &count);
    IOConnectCallScalarMethod(connection, `;

function endOf(text: string, needle: string, last = false): { line: number; character: number } {
  const offset = (last ? text.lastIndexOf(needle) : text.indexOf(needle)) + needle.length;
  assert.ok(offset >= needle.length, `${needle} not found`);
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}

async function complete(position: { line: number; character: number }): Promise<CompletionItem[]> {
  const got = await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri: uriOf(typing()) }, position });
  return Array.isArray(got) ? got : (got?.items ?? []);
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'dk-ucc-'));
  cpSync(fixture('userclient', 'dext'), join(root, 'dext'), { recursive: true });
  cpSync(fixture('userclient', 'app'), join(root, 'app'), { recursive: true });
  cpSync(fixture('userclient', 'broken', 'userclient.scalar-count'), join(root, 'broken'), { recursive: true });
  client = (await LspClient.start(root)).client;
  const table = join(root, 'dext', 'MeterUserClient.cpp');
  await client.open(table, readFileSync(table, 'utf8'));
  const admin = join(root, 'dext', 'MeterAdminClient.cpp');
  await client.open(admin, readFileSync(admin, 'utf8'));
  // The shared header is read by the initial index: a known mismatch published means it was.
  const limits = join(root, 'broken', 'MeterLimits.c');
  const mismatches = client.waitForDiagnostics(limits, (list) => list.length === 4, 30_000);
  await client.open(limits, readFileSync(limits, 'utf8'), 'c');
  await mismatches;
  const published = client.waitForDiagnostics(typing(), () => true, 30_000);
  await client.open(typing(), START, 'c');
  await published;
});

after(async () => {
  await client.stop();
  rmSync(root, { recursive: true, force: true });
});

test('while a call is being typed: the selectors the dext tables handle, one user client at a time, by value', async () => {
  const items = await complete(endOf(START, 'IOConnectCallScalarMethod(connection, ', true));
  const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
  assert.deepEqual(
    sorted.map((i) => `${i.label} ${i.detail}`),
    [
      'kMeterAdminFlush 0 → sAdminMethods[0] MeterAdminClient::StaticFlush',
      'kMeterAdminDump 2 → sAdminMethods[2] MeterAdminClient::StaticDump',
      'kMeterSelectorGetStats 0 → sMeterMethods[0] MeterUserClient::StaticGetStats',
      'kMeterSelectorReset 1 → sMeterMethods[1] MeterUserClient::StaticReset',
      'kMeterSelectorSetLimit 2 → sMeterMethods[2] MeterUserClient::StaticSetLimit',
      'kMeterSelectorSendRequest 3 → sMeterMethods[3] MeterUserClient::StaticSendRequest',
      "kMeterAdminReload 8 → handled in the dext's ExternalMethod",
    ],
  );
  const setLimit = sorted.find((i) => i.label === 'kMeterSelectorSetLimit');
  const doc = (setLimit?.documentation as MarkupContent).value;
  assert.match(doc, /\| scalar inputs \| 2 \|/);
  assert.match(doc, /\| scalar outputs \| 1 \|/);
});

test('inside a written selector: the name typed so far is replaced whole', async () => {
  const items = await complete(endOf(START, 'kMeterSelectorSe'));
  const item = items.find((i) => i.label === 'kMeterSelectorSetLimit');
  assert.ok(item && item.textEdit && 'range' in item.textEdit);
  const { range } = item.textEdit;
  assert.deepEqual([range.start.character, range.end.character], [42, 58], 'the whole of kMeterSelectorSe');
});

test('no selectors off the selector argument: in a comment, past the second argument', async () => {
  const inComment = await complete(endOf(START, '// Not a call: IOConnectCallScalarMethod(connection, k'));
  assert.ok(!inComment.some((i) => i.label === 'kMeterSelectorReset'));
  const third = await complete(endOf(START, 'kMeterSelectorSe, &li'));
  assert.ok(!third.some((i) => i.label === 'kMeterSelectorReset'));
});

test('after an edit: the edited text is the one completed', async () => {
  const end = endOf(START, 'IOConnectCallScalarMethod(connection, ', true);
  const typed = client.waitForDiagnostics(typing(), () => true, 30_000);
  await client.change(typing(), { start: end, end }, '\n        (uint32_t)kMeterAdminD');
  await typed;
  const items = await complete({ line: end.line + 1, character: 30 });
  const dump = items.find((i) => i.label === 'kMeterAdminDump');
  assert.ok(dump && dump.textEdit && 'range' in dump.textEdit);
  assert.deepEqual([dump.textEdit.range.start, dump.textEdit.range.end], [{ line: end.line + 1, character: 18 }, { line: end.line + 1, character: 30 }]);
});

test('in a Swift app: the bridged selectors, also inside a UInt32( conversion', async () => {
  const swift = join(root, 'app', 'Typing.swift');
  const text = 'import IOKit\n\nfunc go(_ connection: io_connect_t) {\n    var count: UInt32 = 0\n    IOConnectCallScalarMethod(connection, UInt32(kMeterSelectorSe';
  const published = client.waitForDiagnostics(swift, () => true, 30_000);
  await client.open(swift, text, 'swift');
  await published;
  const got = await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri: uriOf(swift) }, position: endOf(text, 'kMeterSelectorSe') });
  const items = Array.isArray(got) ? got : (got?.items ?? []);
  const setLimit = items.find((i) => i.label === 'kMeterSelectorSetLimit');
  assert.ok(setLimit, items.map((i) => i.label).join(', '));
  assert.equal(setLimit.detail, '2 → sMeterMethods[2] MeterUserClient::StaticSetLimit');
});
