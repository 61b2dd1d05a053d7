/**
 * dist/server.js starts the server bundle from a V8 code cache in the folder the client names
 * (server/src/boot.ts): written by the first server to exit, taken by the next one, written anew
 * when V8 refuses it, and never in the way: a server with a damaged cache or a folder it cannot
 * write answers as any other.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { DocumentSymbol } from 'vscode-languageserver-protocol';
import { fixture, LspClient, productLaunch, uriOf } from '../support/lspClient';

const TEMP = mkdtempSync(join(tmpdir(), 'dk-code-cache-'));
after(() => rmSync(TEMP, { recursive: true, force: true }));

const root = fixture('usb-interface');
const iig = join(root, 'BulkPipeDriver.iig');

/** Starts a server with its cache in `folder`, opens a file, reads the cache status it logs and its symbols, and stops it (it writes the cache as it exits). */
async function session(folder: string): Promise<{ status: string; symbols: string[] }> {
  const { client } = await LspClient.start(root, undefined, productLaunch(folder));
  const status = new Promise<string>((resolve) => {
    client.connection.onNotification('window/logMessage', ({ message }: { message: string }) => {
      const m = /V8 code cache (\w+)/.exec(message);
      if (m) resolve(m[1]);
    });
    client.process.once('exit', (code, signal) => resolve(`the server exited (${code ?? signal}): ${client.stderr}`));
  });
  await client.open(iig, readFileSync(iig, 'utf8'));
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf(iig) } });
  const result = { status: await status, symbols: symbols.map((s) => s.name) };
  assert.match(result.status, /^\w+$/, result.status);
  await client.stop();
  return result;
}

const cacheFiles = (folder: string): string[] => readdirSync(folder).filter((name) => name.endsWith('.v8cache'));

test('the first server writes the cache as it exits; the next starts from it and leaves it as it is', async () => {
  const folder = join(TEMP, 'fresh');
  const first = await session(folder);
  assert.equal(first.status, 'absent');
  assert.deepEqual(first.symbols, ['BulkPipeDriver']);
  const [written] = cacheFiles(folder);
  assert.ok(written, 'a cache file was written');
  assert.equal(statSync(join(folder, written)).mode & 0o777, 0o600, 'only its owner may read or change it');
  const size = statSync(join(folder, written)).size;
  assert.ok(size > 10_000, `the cache holds compiled code (${size} bytes)`);
  const before = readFileSync(join(folder, written));
  const second = await session(folder);
  assert.equal(second.status, 'accepted');
  assert.deepEqual(second.symbols, first.symbols);
  assert.deepEqual(readFileSync(join(folder, written)), before, 'an accepted cache is not written again');
});

test('a damaged cache is refused by V8, the server answers all the same, and a good cache replaces it', async () => {
  const folder = join(TEMP, 'damaged');
  await session(folder);
  const [name] = cacheFiles(folder);
  const path = join(folder, name);
  const good = readFileSync(path);
  writeFileSync(path, Buffer.concat([good.subarray(0, 64), Buffer.alloc(good.length - 64, 0x5a)]));
  const damaged = await session(folder);
  assert.equal(damaged.status, 'rejected');
  assert.deepEqual(damaged.symbols, ['BulkPipeDriver']);
  assert.equal((await session(folder)).status, 'accepted', 'the cache written after the refusal is taken');
});

test('a cache folder that cannot be made (a file is in its place): no cache, and nothing else changes', async () => {
  const blocked = join(TEMP, 'blocked');
  writeFileSync(blocked, 'not a folder');
  const result = await session(join(blocked, 'cache'));
  assert.equal(result.status, 'absent');
  assert.deepEqual(result.symbols, ['BulkPipeDriver']);
});

test('without a cache folder the server compiles its code as usual', async () => {
  const { client } = await LspClient.start(root);
  const messages: string[] = [];
  client.connection.onNotification('window/logMessage', ({ message }: { message: string }) => messages.push(message));
  await client.open(iig, readFileSync(iig, 'utf8'));
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf(iig) } });
  await client.stop();
  assert.deepEqual(symbols.map((s) => s.name), ['BulkPipeDriver']);
  assert.ok(!messages.some((m) => m.includes('code cache')), 'nothing is said about a cache');
});
