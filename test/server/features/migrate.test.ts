/** Migrate to DriverKit through the built dist/server.js: the request on a kext class, and the code action on its name. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CodeAction } from 'vscode-languageserver-protocol';
import type { MigrateReply } from '../../../protocol/migrate';
import { fixture, LspClient, uriOf } from '../../support/lspClient';

const root = fixture('kext', 'pci');
const header = join(root, 'LanternPCI.h');
const source = join(root, 'LanternPCI.cpp');
let client: LspClient;

function positionOf(path: string, needle: string): { line: number; character: number } {
  const text = readFileSync(path, 'utf8');
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not found`);
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}

before(async () => {
  client = (await LspClient.start(root, {})).client;
  await client.open(header, readFileSync(header, 'utf8'));
  await client.open(source, readFileSync(source, 'utf8'));
  await client.waitForDiagnostics(source);
});

after(async () => {
  await client.stop();
});

test('the request on a kext class name gives its skeleton for a folder beside the class', async () => {
  const reply = (await client.connection.sendRequest('driverkit/migrateToDriverKit', { uri: uriOf(header), position: positionOf(header, 'LanternPCI : public') })) as MigrateReply | null;
  assert.ok(reply);
  assert.equal(reply.className, 'LanternPCI');
  assert.match(reply.folderUri, /\/pci\/LanternPCIDriverKit$/);
  assert.deepEqual(reply.files.map((f) => f.path).sort(), ['Info.plist', 'LanternPCI.cpp', 'LanternPCI.entitlements', 'LanternPCI.iig']);
  // The personality came from the kext's Info.plist, whose IOClass is the class's alias.
  assert.match(reply.files.find((f) => f.path === 'Info.plist')?.text ?? '', /0x12341af4/);
});

test('the request from a use of the class in the .cpp finds it too; elsewhere it gives null', async () => {
  const reply = (await client.connection.sendRequest('driverkit/migrateToDriverKit', { uri: uriOf(source), position: positionOf(source, 'LanternPCI::start') })) as MigrateReply | null;
  assert.equal(reply?.className, 'LanternPCI');
  const none = await client.connection.sendRequest('driverkit/migrateToDriverKit', { uri: uriOf(source), position: { line: 0, character: 0 } });
  assert.equal(none, null);
});

test('a code action on the class name offers the migration as the command', async () => {
  const at = positionOf(header, 'LanternPCI : public');
  const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uriOf(header) }, range: { start: at, end: at }, context: { diagnostics: [] } })) as CodeAction[];
  const migrate = actions.find((a) => a.command?.command === 'driverkit.migrateToDriverKit');
  assert.ok(migrate, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(migrate.title, 'Migrate LanternPCI to DriverKit…');
  assert.deepEqual(migrate.command?.arguments, [uriOf(header), at]);
});
