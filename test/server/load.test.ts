/**
 * File storms against the built dist/server.js: 1,000 creates and deletes on disk within a second,
 * announced with workspace/didChangeWatchedFiles in batches as vscode-languageclient sends them (it
 * collects the watcher's events and sends them after a quiet spell, so one storm can arrive as a few
 * large notifications, and a path deleted in one batch may come back in the next). The server must
 * answer requests throughout, end with an index that matches the disk, and stay alive.
 *
 * No timing is asserted: the 30 s guards only turn a hang into a failure.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test, type TestContext } from 'node:test';
import { FileChangeType, SymbolKind, type FileEvent, type WorkspaceSymbol } from 'vscode-languageserver-protocol';
import { guard } from '../../scripts/bench/support';
import { generateIig } from '../support/generate';
import { generateWorkspace, type GeneratedWorkspace } from '../support/generateWorkspace';
import { expectAnswersFor, pollUntil } from '../support/lspChecks';
import { LspClient, uriOf } from '../support/lspClient';

const HANG_GUARD_MS = 30_000;
const dirs: string[] = [];
const clients: LspClient[] = [];

after(async () => {
  for (const client of clients) await client.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function startOn(files: number): Promise<{ client: LspClient; ws: GeneratedWorkspace }> {
  const dir = mkdtempSync(join(tmpdir(), 'dk-storm-'));
  dirs.push(dir);
  const ws = generateWorkspace(dir, files);
  const { client } = await guard(LspClient.start(dir), HANG_GUARD_MS, 'initialize');
  clients.push(client);
  return { client, ws };
}

/** The names of the classes workspace/symbol reports for `query`. */
async function classesMatching(client: LspClient, query: string): Promise<string[]> {
  const symbols = await guard(client.request<WorkspaceSymbol[]>('workspace/symbol', { query }), HANG_GUARD_MS, `workspace/symbol ${query}`);
  assert.ok(symbols.length < 500, `the answer for "${query}" hit the server's limit; the test cannot judge it`);
  return symbols.filter((s) => s.kind === SymbolKind.Class).map((s) => s.name).sort();
}

const range = (from: number, to: number, prefix: string): string[] => Array.from({ length: to - from }, (_, k) => `${prefix}${from + k}`).sort();

/** Polls until `read` equals `expected` (the server may still be applying the last batch); fails with the last answer after the guard. */
async function eventually(what: string, read: () => Promise<string[]>, expected: string[]): Promise<void> {
  let last: string[] = [];
  const same = async (): Promise<boolean> => JSON.stringify((last = await read())) === JSON.stringify(expected);
  await pollUntil(what, same, HANG_GUARD_MS).catch(() => undefined);
  assert.deepEqual(last, expected, what);
}

interface Storm {
  readonly batches: FileEvent[][];
  readonly operations: number;
}

/**
 * On disk: creates Storm0..399, deletes Storm200..399, deletes the .iig and .cpp of Driver0..99,
 * deletes Storm0..99 and writes those same paths again declaring Reborn0..99. 1,000 operations.
 * The first three steps arrive as one batch, the re-creation as the next.
 */
function stormOn(ws: GeneratedWorkspace): Storm {
  const stormPath = (i: number): string => join(ws.root, 'Storm', `Storm${i}.iig`);
  const first: FileEvent[] = [];
  const second: FileEvent[] = [];
  const created = (batch: FileEvent[], path: string): number => batch.push({ uri: uriOf(path), type: FileChangeType.Created });
  const deleted = (batch: FileEvent[], path: string): number => {
    unlinkSync(path);
    return batch.push({ uri: uriOf(path), type: FileChangeType.Deleted });
  };
  mkdirSync(join(ws.root, 'Storm'));
  for (let i = 0; i < 400; i++) {
    writeFileSync(stormPath(i), generateIig(100, `Storm${i}`, 3));
    created(first, stormPath(i));
  }
  for (let i = 200; i < 400; i++) deleted(first, stormPath(i));
  for (const path of [...ws.iigFiles, ...ws.cppFiles].filter((p) => /[\\/]Driver\d{1,2}\.(iig|cpp)$/.test(p))) deleted(first, path);
  for (let i = 0; i < 100; i++) deleted(first, stormPath(i));
  for (let i = 0; i < 100; i++) {
    writeFileSync(stormPath(i), generateIig(100, `Reborn${i}`, 3));
    created(second, stormPath(i));
  }
  return { batches: [first, second], operations: first.length + second.length };
}

async function expectIndexMatchesDisk(client: LspClient, drivers: number): Promise<void> {
  await eventually('Storm classes: created and not deleted', () => classesMatching(client, 'Storm'), range(100, 200, 'Storm'));
  await eventually('Reborn classes: deleted, then written again', () => classesMatching(client, 'Reborn'), range(0, 100, 'Reborn'));
  await eventually('Driver classes: the first 100 deleted', () => classesMatching(client, 'Driver'), range(100, drivers, 'Driver'));
}

/** Runs the storm and checks that requests are answered meanwhile and that the index ends matching the disk. */
async function stormWhileWorking(t: TestContext, client: LspClient, ws: GeneratedWorkspace, drivers: number): Promise<void> {
  const open = ws.iigFiles.find((p) => p.endsWith('Driver150.iig'))!;
  const text = readFileSync(open, 'utf8');
  await client.open(open, text);
  const started = Date.now();
  const storm = stormOn(ws);
  t.diagnostic(`${storm.operations} operations on disk in ${Date.now() - started} ms`);
  assert.equal(storm.operations, 1000);
  for (const batch of storm.batches) await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: batch });

  await expectAnswersFor(client, open, text, 'Driver150', HANG_GUARD_MS); // asked while the batches are being applied

  await expectIndexMatchesDisk(client, drivers);
  assert.equal(client.process.exitCode, null, `the server exited: ${client.stderr.slice(-2000)}`);
  assert.equal(client.process.signalCode, null);
}

test('a storm of 1,000 creates and deletes after indexing: requests answered, index consistent, process alive', async (t: TestContext) => {
  const { client, ws } = await startOn(400);
  await eventually('the initial index', () => classesMatching(client, 'Driver199'), ['Driver199']);
  await stormWhileWorking(t, client, ws, 200);
});

test('the same storm while the initial index runs', async (t: TestContext) => {
  const { client, ws } = await startOn(600);
  await stormWhileWorking(t, client, ws, 300);
});
