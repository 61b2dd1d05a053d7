/** Info.plist and entitlements through the built server over stdio. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CodeAction, CompletionItem, Hover } from 'vscode-languageserver-protocol';
import { fixture, LspClient, uriOf } from '../support/lspClient';

let root: string;
let client: LspClient;
const info = () => join(root, 'Info.plist');
const iig = () => join(root, 'BulkPipeDriver.iig');

function position(text: string, marker: string, delta = 0) {
  const offset = text.indexOf(marker) + delta;
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'dk-lsp-plist-'));
  cpSync(fixture('usb-interface'), root, { recursive: true });
  ({ client } = await LspClient.start(root));
});

after(async () => {
  await client.stop();
  rmSync(root, { recursive: true, force: true });
});

test('renaming the class in the .iig re-checks the Info.plist that names it, and the quick fix follows', async () => {
  const iigText = readFileSync(iig(), 'utf8');
  await client.open(iig(), iigText);
  const at = position(iigText, 'class BulkPipeDriver', 6);
  const flagged = client.waitForDiagnostics(info(), (d) => d.some((x) => x.code === 'plist.personality.unknown-user-class'));
  await client.change(iig(), { start: at, end: { line: at.line, character: at.character + 'BulkPipeDriver'.length } }, 'BulkPipeDriverX');
  const diagnostics = await flagged;
  const diagnostic = diagnostics.find((d) => d.code === 'plist.personality.unknown-user-class')!;
  assert.match(diagnostic.message, /Did you mean 'BulkPipeDriverX'\?/);
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uriOf(info()) }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  assert.equal(actions[0]?.title, "Change IOUserClass to 'BulkPipeDriverX'");
  const cleared = client.waitForDiagnostics(info(), (d) => d.length === 0);
  await client.change(iig(), { start: at, end: { line: at.line, character: at.character + 'BulkPipeDriverX'.length } }, 'BulkPipeDriver');
  await cleared;
});

test('typing in an open Info.plist: a wrong value type is reported at once', async () => {
  const text = readFileSync(info(), 'utf8');
  await client.open(info(), text);
  const at = position(text, '<integer>4660</integer>');
  const flagged = client.waitForDiagnostics(info(), (d) => d.some((x) => x.code === 'plist.wrong-type'));
  await client.change(info(), { start: at, end: { line: at.line, character: at.character + '<integer>4660</integer>'.length } }, '<string>4660</string>');
  const [wrong] = (await flagged).filter((d) => d.code === 'plist.wrong-type');
  assert.match(wrong.message, /idVendor must be an <integer>/);
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uriOf(info()) }, range: wrong.range, context: { diagnostics: [wrong] } });
  assert.equal(actions[0]?.title, 'Write idVendor as <integer>');
});

test('completion and hover in the Info.plist', async () => {
  const text = readFileSync(info(), 'utf8');
  const path = join(root, 'Other.plist');
  const edited = text.replace('<key>IOClass</key>', '<key>IOCl</key>');
  await client.open(path, edited);
  const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: uriOf(path) }, position: position(edited, '<key>IOCl</key>', 9) });
  assert.ok(items.some((i) => i.label === 'IOClass'), items.map((i) => i.label).join());
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(path) }, position: position(edited, 'IOProviderClass', 3) });
  assert.match(JSON.stringify(hover.contents), /IOProviderClass/);
});
