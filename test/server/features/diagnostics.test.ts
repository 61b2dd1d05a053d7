/**
 * What the editor is shown before the workspace is indexed: only what a file says on its own. A
 * finding that concludes from something absent (no class of that name) waits for the whole index,
 * so a file read before the one declaring the class never flashes a false error.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver';
import { Workspace } from '../../../core/workspace/workspace';
import { DiagnosticsPublisher } from '../../../server/src/features/diagnostics';
import { FeatureContext } from '../../../server/src/features/context';
import { sharedParser } from '../../support/analysis';
import { fixture } from '../../support/lspClient';

const KEYS = join(fixture('real-code'), 'valid-rules', 'Keys');
const PAD = join(fixture('real-code'), 'valid-rules', 'Pad');

async function setUp() {
  const workspace = new Workspace(await sharedParser());
  const sent: PublishDiagnosticsParams[] = [];
  const connection = { sendDiagnostics: async (params: PublishDiagnosticsParams) => void sent.push(params) } as unknown as Connection;
  const context = new FeatureContext(workspace);
  return { workspace, sent, context, publisher: new DiagnosticsPublisher(connection, context) };
}

const codesSent = (sent: PublishDiagnosticsParams[], uri: string): string[][] => sent.filter((p) => p.uri === uri).map((p) => p.diagnostics.map((d) => String(d.code)));

test('before the index is complete, an open Info.plist shows its own findings only; afterwards all of them', async () => {
  const { workspace, sent, context, publisher } = await setUp();
  const info = join(KEYS, 'Info.plist');
  const broken = join(PAD, 'Info.plist');
  // Another project's class is known, KeysDriver (declared in KeysDriver.iig) not yet.
  workspace.updateOpen(join(PAD, 'PadDevice.iig'), readFileSync(join(PAD, 'PadDevice.iig'), 'utf8'));
  workspace.updatePlist(info, readFileSync(info, 'utf8'), true);
  workspace.updatePlist(broken, '<plist><dict><key>IOKitPersonalities</key>', true);
  assert.ok(workspace.check(info).some((f) => f.code === 'plist.personality.unknown-user-class'), 'the partial index does produce the premature finding');

  publisher.publish(info, true);
  publisher.publish(broken, true);
  await publisher.publishAll();
  assert.deepEqual(codesSent(sent, context.uriOf(info)), [[]]);
  assert.deepEqual(codesSent(sent, context.uriOf(broken)), [['plist.malformed']], 'a file\'s own findings are shown at once');

  workspace.updateOpen(join(KEYS, 'KeysDriver.iig'), readFileSync(join(KEYS, 'KeysDriver.iig'), 'utf8'));
  await publisher.indexed();
  assert.deepEqual(codesSent(sent, context.uriOf(info)).at(-1), [], 'with KeysDriver indexed, nothing is wrong with the Info.plist');
  assert.deepEqual(codesSent(sent, context.uriOf(broken)).at(-1), ['plist.malformed']);
});

test('after the index is complete a re-check publishes every finding, whichever file it comes from', async () => {
  const { workspace, sent, context, publisher } = await setUp();
  const info = join(KEYS, 'Info.plist');
  workspace.updateOpen(join(PAD, 'PadDevice.iig'), readFileSync(join(PAD, 'PadDevice.iig'), 'utf8'));
  workspace.updatePlist(info, readFileSync(info, 'utf8'), true);
  await publisher.indexed();
  assert.ok(codesSent(sent, context.uriOf(info)).at(-1)?.includes('plist.personality.unknown-user-class'), 'once indexed, a class that is really missing is reported');
});
