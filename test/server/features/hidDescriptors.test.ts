/**
 * HID report descriptors through the built dist/server.js and a real LSP client: hover on a byte,
 * a decoded comment per line (inlay hints, and the setting that turns them off), a code lens per
 * report, the decoded tree in the outline, and a finding at the exact byte.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SymbolKind, type CodeLens, type DocumentSymbol, type Hover, type InlayHint, type MarkupContent } from 'vscode-languageserver-protocol';
import { fixture, LspClient, uriOf } from '../../support/lspClient';

let root: string;
let client: LspClient;
let capabilities: Record<string, unknown>;
let refreshes = 0;
const keyboard = () => join(root, 'KeyboardDevice.cpp');
const gamepad = () => join(root, 'GamepadReports.h');
const broken = () => join(root, 'broken', 'TrackballDevice.cpp');
const read = (path: string) => readFileSync(path, 'utf8');

/** Zero-based position of the first occurrence of `needle` (plus `delta` characters). */
function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not found`);
  const before = text.slice(0, offset + delta);
  return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}

const lineOf = (text: string, needle: string): number => positionOf(text, needle).line;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'dk-hid-'));
  cpSync(fixture('hid', 'valid'), root, { recursive: true });
  cpSync(fixture('hid', 'broken', 'hid.unbalanced-collection'), join(root, 'broken'), { recursive: true });
  const started = await LspClient.start(root, { hidInlayHints: true });
  client = started.client;
  capabilities = started.result.capabilities as Record<string, unknown>;
  client.connection.onRequest('workspace/inlayHint/refresh', () => {
    refreshes++;
    return null;
  });
  await client.open(keyboard(), read(keyboard()));
  await client.waitForDiagnostics(keyboard());
  // The gamepad's descriptor is a descriptor because GamepadDevice.cpp returns it: both are opened,
  // so the answers do not wait for the index to reach them (an open header is read as the editor has it).
  await client.open(join(root, 'GamepadDevice.cpp'), read(join(root, 'GamepadDevice.cpp')));
  await client.open(gamepad(), read(gamepad()));
});

after(async () => {
  await client.stop();
  rmSync(root, { recursive: true, force: true });
});

test('initialize announces inlay hints and code lenses', () => {
  assert.ok(capabilities.inlayHintProvider);
  assert.ok(capabilities.codeLensProvider);
});

test('hover on a byte: the decoded item, where it stands and the state it uses', async () => {
  const text = read(keyboard());
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(keyboard()) }, position: positionOf(text, '0x91, 0x01', 2) });
  const value = (hover.contents as MarkupContent).value;
  assert.match(value, /\*\*Output \(Constant, Array, Absolute\)\*\* · main item · `0x91 0x01`/);
  assert.match(value, /In Application \(Keyboard\)/);
  assert.match(value, /Output report: 1 × 5 bits, bits 3–7/);
  assert.match(value, /\| Report Size × Count \| 5 × 1 \|/);
  // The hover covers the whole item: prefix and data byte.
  assert.equal(hover.range!.end.character - hover.range!.start.character, '0x91, 0x01'.length);

  // The data byte of a global item: the same item, and the state after it.
  const max = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(keyboard()) }, position: positionOf(text, '0x25, 0x65', 7) });
  const maxValue = (max.contents as MarkupContent).value;
  assert.match(maxValue, /\*\*Logical Maximum \(101\)\*\* · global item/);
  assert.match(maxValue, /\| Logical \| 0 … 101 \|/);
  assert.match(maxValue, /\| Usage Page \| Keyboard\/Keypad \|/);
});

test('hover on the array name sums the descriptor up; a header descriptor answers too', async () => {
  const text = read(keyboard());
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(keyboard()) }, position: positionOf(text, 'kKeyboardReportDescriptor[]', 3) });
  const value = (hover.contents as MarkupContent).value;
  assert.match(value, /HID report descriptor\*\* `kKeyboardReportDescriptor` · 63 bytes, 32 items/);
  assert.match(value, /- Input report: 8 bytes \(64 bits\)/);
  assert.match(value, /- Output report: 1 bytes \(8 bits\)/);
  const header = read(gamepad());
  const hat = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(gamepad()) }, position: positionOf(header, '0x65, 0x14', 1) });
  assert.match((hat.contents as MarkupContent).value, /\*\*Unit \(English Rotation: deg\)\*\*/);
  assert.match((hat.contents as MarkupContent).value, /\| Report ID \| 1 \|/);
});

test('inlay hints: one decoded comment per line, indented by collection depth, after the line\'s bytes', async () => {
  const text = read(keyboard());
  const start = lineOf(text, 'kKeyboardReportDescriptor[]');
  const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: uriOf(keyboard()) }, range: { start: { line: start, character: 0 }, end: { line: start + 40, character: 0 } } });
  assert.equal(hints.length, 32);
  const at = (needle: string) => hints.find((h) => h.position.line === lineOf(text, needle));
  assert.deepEqual(at('0x05, 0x01,')?.label, '// Usage Page (Generic Desktop)');
  assert.deepEqual(at('0x19, 0xE0,')?.label, '// \u00a0\u00a0Usage Minimum (Left Control)');
  assert.deepEqual(at('0xC0,')?.label, '// End Collection');
  // Right after the comma that ends the line's bytes.
  assert.deepEqual(at('0x05, 0x01,')?.position, positionOf(text, '0x05, 0x01,', '0x05, 0x01,'.length));
  // Only the lines asked for.
  const few = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: uriOf(keyboard()) }, range: { start: { line: start + 1, character: 0 }, end: { line: start + 2, character: 0 } } });
  assert.equal(few.length, 2);
});

test('several items on one line share one hint', async () => {
  const header = read(gamepad());
  const line = lineOf(header, '0x09, 0x30, 0x09, 0x31');
  const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: uriOf(gamepad()) }, range: { start: { line, character: 0 }, end: { line, character: 200 } } });
  assert.deepEqual(hints.map((h) => h.label), ['// \u00a0\u00a0Usage (X); Usage (Y); Usage (Z); Usage (Rz)']);
});

test('code lenses: each report with its ID, direction and length, above the array', async () => {
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(gamepad()) } });
  assert.deepEqual(lenses.map((l) => l.command?.title), ['Input 1 · 8 bytes', 'Output 2 · 3 bytes', 'Feature 3 · 5 bytes']);
  const line = lineOf(read(gamepad()), 'static const uint8_t kGamepadBytes');
  assert.ok(lenses.every((l) => l.range.start.line === line));
});

test('document symbols: the decoded tree as children of the array', async () => {
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf(keyboard()) } });
  const array = symbols.find((s) => s.name === 'kKeyboardReportDescriptor')!;
  assert.equal(array.kind, SymbolKind.Array);
  assert.equal(array.detail, 'HID report descriptor · 63 bytes');
  assert.deepEqual(array.children!.map((c) => [c.name, c.detail]), [['Collection (Application)', 'Keyboard']]);
  assert.deepEqual(array.children![0].children!.map((c) => c.name), [
    'Input (Data, Variable, Absolute)',
    'Input (Constant, Array, Absolute)',
    'Output (Data, Variable, Absolute)',
    'Output (Constant, Array, Absolute)',
    'Input (Data, Array, Absolute)',
  ]);
  assert.equal(array.children![0].children![0].detail, 'Input report · 8 × 1 bit · Left Control – Right GUI');
  // The methods are still there beside it.
  assert.ok(symbols.some((s) => s.name === 'KeyboardDevice::newReportDescriptor'));
});

test('a finding at the exact byte: the Collection that is never closed', async () => {
  const text = read(broken());
  const diagnostics = client.waitForDiagnostics(broken(), (d) => d.length > 0);
  await client.open(broken(), text);
  const [finding] = await diagnostics;
  assert.equal(finding.code, 'hid.unbalanced-collection');
  assert.deepEqual(finding.range.start, positionOf(text, '0xA1, 0x01'));
});

test('an edit re-decodes at once: one more key makes the input report 9 bytes', async () => {
  const text = read(keyboard());
  const at = positionOf(text, '0x95, 0x06', 8);
  // Each wait is set up before its edit is sent, so the answer cannot slip past it.
  const flagged = client.waitForDiagnostics(keyboard(), (d) => d.some((x) => x.code === 'hid.report-length'));
  await client.change(keyboard(), { start: at, end: { line: at.line, character: at.character + 2 } }, '07');
  const diagnostics = await flagged;
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(keyboard()) } });
  assert.deepEqual(lenses.map((l) => l.command?.title), ['Input · 9 bytes', 'Output · 1 byte']);
  // The sendInput call still says 8: now a finding at that literal.
  assert.match(diagnostics.find((d) => d.code === 'hid.report-length')!.message, /^8 bytes, but the Input report that kKeyboardReportDescriptor describes is 9 bytes long/);
  const clean = client.waitForDiagnostics(keyboard(), (d) => d.length === 0);
  await client.change(keyboard(), { start: at, end: { line: at.line, character: at.character + 2 } }, '06');
  await clean;
});

test('driverkit.hid.inlayHints off: no hints, and the editor is asked to refresh them', async () => {
  const range = { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } };
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { driverkit: { hid: { inlayHints: false } } } });
  const off = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: uriOf(keyboard()) }, range });
  assert.deepEqual(off, []);
  assert.equal(refreshes, 1);
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { driverkit: { hid: { inlayHints: true } } } });
  const on = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: uriOf(keyboard()) }, range });
  assert.equal(on.length, 32);
});
