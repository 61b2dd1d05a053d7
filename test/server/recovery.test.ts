/**
 * The built dist/server.js killed with SIGKILL mid-session, then started again on the same workspace
 * with the open documents sent again, unsaved edits included (what vscode-languageclient does when
 * its server dies and it restarts it): the new server reports the same diagnostics and symbols.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { guard, IndexWatch } from '../../scripts/bench/support';
import { positionOf } from '../support/lspChecks';
import { fixture, LspClient, uriOf } from '../support/lspClient';

const GUARD_MS = 30_000;
const root = mkdtempSync(join(tmpdir(), 'dk-recovery-'));
cpSync(fixture('usb-interface'), root, { recursive: true });
const iig = join(root, 'BulkPipeDriver.iig');
const cpp = join(root, 'BulkPipeDriver.cpp');
const plist = join(root, 'Info.plist');
const clients: LspClient[] = [];
after(async () => {
  for (const client of clients) await client.stop();
  rmSync(root, { recursive: true, force: true });
});

/** What the editor holds: every open document's current (unsaved) text. */
const open = new Map<string, string>([iig, cpp, plist].map((path) => [path, readFileSync(path, 'utf8')]));

/**
 * A server on `root` that was sent every open document right after `initialized`, as the language
 * client does (so the documents arrive while the initial index runs), and whose index has ended.
 */
async function startWithOpenDocuments(): Promise<LspClient> {
  const { client } = await guard(LspClient.start(root), GUARD_MS, 'initialize');
  clients.push(client);
  const watch = new IndexWatch(client.connection);
  for (const [path, text] of open) await client.open(path, text);
  await guard(watch.ended, GUARD_MS, 'the initial index');
  return client;
}

/** Types `inserted` right after the first `after` in an open document, as an unsaved edit. */
async function typeAfter(client: LspClient, path: string, after: string, inserted: string): Promise<void> {
  const text = open.get(path)!;
  const at = positionOf(text, after, after.length);
  const offset = text.indexOf(after) + after.length;
  open.set(path, text.slice(0, offset) + inserted + text.slice(offset));
  await client.change(path, { start: at, end: at }, inserted);
}

/** Resolves when the .iig's diagnostics (the last published, or the next) report both unsaved edits: ResetPipe and Stop unimplemented. */
async function bothEditsReported(client: LspClient): Promise<void> {
  const check = (diagnostics: PublishDiagnosticsParams['diagnostics'] = []): boolean => {
    const unimplemented = diagnostics.filter((d) => d.code === 'iig.method-unimplemented').map((d) => d.message.split(' ')[0]);
    return JSON.stringify(unimplemented.sort()) === JSON.stringify(['BulkPipeDriver::ResetPipe', 'BulkPipeDriver::Stop']);
  };
  if (!check(client.diagnostics.get(uriOf(iig)))) await guard(client.waitForDiagnostics(iig, check, GUARD_MS), GUARD_MS, 'the findings of both unsaved edits in the .iig');
}

/** Everything the user sees from the server for the open documents. */
async function snapshot(client: LspClient): Promise<unknown> {
  const ask = <T>(method: string, params: unknown): Promise<T> => guard(client.request<T>(method, params), GUARD_MS, method);
  // A request's answer comes after every notification the server sent before it: the diagnostics are current.
  const symbols = await Promise.all([iig, cpp].map((path) => ask('textDocument/documentSymbol', { textDocument: { uri: uriOf(path) } })));
  return {
    diagnostics: [...open.keys()].map((path) => ({ path, diagnostics: client.diagnostics.get(uriOf(path)) })),
    symbols,
    workspaceSymbols: await ask('workspace/symbol', { query: 'BulkPipe' }),
  };
}

test('killed with SIGKILL and restarted with the open documents sent again: the same diagnostics and symbols', async () => {
  const first = await startWithOpenDocuments();
  // Unsaved edits: a method nobody implements, and Stop's IMPL renamed to a method the class does not
  // declare. The .iig hears of the second through the debounced re-check of other files.
  await typeAfter(first, iig, 'Stop(IOService * provider) override;', '\n\n    virtual kern_return_t ResetPipe();');
  await typeAfter(first, cpp, 'IMPL(BulkPipeDriver, Stop', 'AndDrain');
  await bothEditsReported(first);
  const before = await snapshot(first);

  const killed = once(first.process, 'exit');
  first.process.kill('SIGKILL');
  const [code, signal] = await guard(killed, GUARD_MS, 'the server to die');
  assert.deepEqual([code, signal], [null, 'SIGKILL']);

  const second = await startWithOpenDocuments();
  await bothEditsReported(second);
  const afterRestart = await snapshot(second);

  assert.deepEqual(afterRestart, before);
  // The snapshot holds what the edits made, so the comparison is not between two empty answers.
  assert.match(JSON.stringify(before), /ResetPipe/);
  assert.match(JSON.stringify(before), /StopAndDrain/);
});
