/**
 * `driverkit/dexts` and the dext code lenses through the built server over stdio: the workspace's
 * driver extensions as the server reads them from its own index (Info.plists, entitlements, the
 * Xcode project's build settings), which the client's views, Build and Debug and debugging use.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { ATTACH_TO_DEXT_COMMAND, BUILD_AND_DEBUG_COMMAND } from '../../protocol/commands';
import { DextsRequest, type DextsResult } from '../../protocol/dexts';
import { fixture, LspClient, uriOf } from '../support/lspClient';

let root: string;
let client: LspClient;

const plistAt = (...parts: string[]): string => join(root, ...parts, 'Info.plist');

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'dk-lsp-dexts-'));
  // The Xcode project in a folder of its own: an Info.plist inside a project's folder is a dext's only when a target names it.
  cpSync(fixture('xcode-project'), join(root, 'Sampler'), { recursive: true });
  cpSync(fixture('usb-interface'), join(root, 'BulkPipe'), { recursive: true });
  // An Info.plist that declares personalities but is not a readable property list.
  cpSync(join(root, 'Sampler', 'SamplerDriver'), join(root, 'Broken'), { recursive: true });
  writeFileSync(plistAt('Broken'), '<plist><dict><key>IOKitPersonalities</key><dict>');
  ({ client } = await LspClient.start(root));
});

after(async () => {
  await client?.stop();
  rmSync(root, { recursive: true, force: true });
});

test('asked right after start, the answer waits for the index: every dext, resolved through the Xcode project', async () => {
  const result = await client.request<DextsResult>(DextsRequest.method, {});
  assert.deepEqual(result.dexts.map((d) => d.infoPlist), [plistAt('BulkPipe'), plistAt('Sampler', 'SamplerDriver'), plistAt('Sampler', 'SamplerLiteDriver')].map(uriOf));
  const sampler = result.dexts[1];
  assert.equal(sampler.bundleId, 'com.example.Sampler.Driver');
  assert.equal(sampler.processName, 'com.example.Sampler.Driver');
  assert.equal(sampler.executable, 'com.example.Sampler.Driver');
  assert.equal(sampler.version?.shortVersion.value, '1.2');
  assert.equal(sampler.version?.bundleVersion.value, '7');
  assert.equal(sampler.version?.bundleVersion.setting, 'CURRENT_PROJECT_VERSION');
  // The position is where the value is written: the line of $(CURRENT_PROJECT_VERSION).
  const line = readFileSync(plistAt('Sampler', 'SamplerDriver'), 'utf8').split('\n')[sampler.version?.bundleVersion.position?.line ?? -1];
  assert.match(line ?? '', /\$\(CURRENT_PROJECT_VERSION\)/);
  assert.equal(sampler.target, 'SamplerDriver');
  assert.equal(sampler.project, uriOf(join(root, 'Sampler', 'Sampler.xcodeproj')));
  assert.equal(sampler.entitlements, uriOf(join(root, 'Sampler', 'SamplerDriver', 'SamplerDriver.entitlements')));
  assert.deepEqual(
    sampler.personalities.map((p) => [p.name, p.userClass, p.providerClass, p.serverName, p.properties.IOMatchCategory]),
    [['SamplerDriver', 'SamplerDriver', 'IOUserResources', 'com.example.Sampler.Driver', 'com.example.Sampler.Driver']],
  );
  // A dext no project builds: literal values only, and no project or target.
  const bulk = result.dexts[0];
  assert.equal(bulk.processName, 'com.example.driverkit.BulkPipeDriver');
  assert.equal(bulk.project, undefined);
  assert.equal(bulk.personalities[0].properties.idProduct, 4097);
  // The generated Info.plist keys of the second target (GENERATE_INFOPLIST_FILE) count too.
  assert.equal(result.dexts[2].version?.bundleVersion.position, undefined);
  assert.deepEqual(result.unreadable.map((u) => u.infoPlist), [uriOf(plistAt('Broken'))]);
  assert.deepEqual(result.projects, [
    { project: uriOf(join(root, 'Sampler', 'Sampler.xcodeproj')), dextTarget: { name: 'SamplerDriver', deploymentTarget: '21.0', cxxStandard: 'gnu++20' } },
  ]);
});

test('one Info.plist: only its dext', async () => {
  const result = await client.request<DextsResult>(DextsRequest.method, { infoPlist: uriOf(plistAt('BulkPipe')) });
  assert.deepEqual(result.dexts.map((d) => d.bundleId), ['com.example.driverkit.BulkPipeDriver']);
  assert.deepEqual(result.unreadable, []);
});

test('an Info.plist edited in the editor answers with the editor\'s text', async () => {
  const path = plistAt('BulkPipe');
  await client.open(path, readFileSync(path, 'utf8').replace('<key>CFBundleIdentifier</key>\n\t<string>com.example.driverkit.BulkPipeDriver</string>', '<key>CFBundleIdentifier</key>\n\t<string>com.example.driverkit.Renamed</string>'), 'xml');
  const result = await client.request<DextsResult>(DextsRequest.method, { infoPlist: uriOf(path) });
  assert.equal(result.dexts[0].bundleId, 'com.example.driverkit.Renamed');
  await client.close(path);
});

test('Build and Debug and Attach lenses sit on a dext Info.plist, not on other files', async () => {
  const lenses = async (path: string): Promise<CodeLens[]> => client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(path) } });
  const path = plistAt('Sampler', 'SamplerDriver');
  await client.open(path, readFileSync(path, 'utf8'), 'xml');
  const found = await lenses(path);
  assert.deepEqual(found.map((l) => [l.command?.command, l.command?.arguments]), [
    [BUILD_AND_DEBUG_COMMAND, [uriOf(path)]],
    [ATTACH_TO_DEXT_COMMAND, [uriOf(path)]],
  ]);
  assert.deepEqual(await lenses(join(root, 'Sampler', 'SamplerDriver', 'SamplerDriver.entitlements')), []);
  assert.deepEqual(await lenses(join(root, 'Sampler', 'SamplerDriver', 'SamplerDriver.iig')), []);
  await client.close(path);
});
