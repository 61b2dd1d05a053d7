/**
 * The language server on real projects (../shared/corpus): it judges them as driverkit-check does.
 * Files that once drew false findings — clang's blocks, a kext, `init(void)`, a kext's Info.plist —
 * are opened and must get no diagnostic but hints; the one true finding is published.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LspClient, uriOf } from '../support/lspClient';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');
const skip = existsSync(CORPUS) ? false : 'no ../shared/corpus beside the repository';
let client: LspClient;

before(async () => {
  if (skip) return;
  client = (await LspClient.start(CORPUS)).client;
});

after(async () => {
  await client?.stop();
});

const opened = [
  'apple-samples/audiodriverkit-creating-an-audio-device-driver/SimpleAudioDriverExtension/SimpleAudioDevice.cpp',
  'apple-samples/driverkit-communicating-between-a-driverkit-extension-and-a-client-app/DriverKitUserClientSample/NullDriver/NullDriver.iig',
  'snd-xonedb4/macos/Backends/OzzyKext/OzzyKext.cpp',
  'snd-xonedb4/macos/Backends/OzzyKext/Info.plist',
];

for (const file of opened) {
  test(`real project, opened: ${file} gets no finding`, { skip }, async () => {
    const path = join(CORPUS, file);
    const published = client.waitForDiagnostics(path, () => true, 60_000);
    await client.open(path, readFileSync(path, 'utf8'), file.endsWith('.plist') ? 'plist' : file.endsWith('.iig') ? 'iig' : 'cpp');
    const diagnostics = await published;
    // No error or warning. Severity 4 is a hint (a region the parser skipped); 3 is information, which
    // only the migrate.* hints on a kext are.
    assert.deepEqual(diagnostics.filter((d) => d.severity !== 4 && !(d.severity === 3 && String(d.code).startsWith('migrate.'))).map((d) => `${d.code} ${d.message}`), []);
  });
}

test('real project: the one true finding is published where driverkit-check reports it', { skip }, async () => {
  const path = join(CORPUS, 'MacVirtualHID', 'OpenVirtualHIDDriver', 'Info.plist');
  const diagnostics = client.diagnostics.get(uriOf(path))?.length ? client.diagnostics.get(uriOf(path))! : await client.waitForDiagnostics(path, (d) => d.length > 0, 60_000);
  assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line + 1, d.severity]), [['plist.invalid-version', 20, 2]]);
});
