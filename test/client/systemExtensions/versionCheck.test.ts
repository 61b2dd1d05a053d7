import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isDextInfoPlist, NO_PROJECT, type SettingsResolver } from '../../../core/plist/plistContext';
import { parsePlist } from '../../../core/plist/plistXml';
import { readDextVersion as versionOf, type DextVersion } from '../../../core/workspace/dextVersion';
import { linkProjects } from '../../../core/xcode/projectSettings';
import { parseSystemExtensionsList, type SystemExtensionEntry } from '../../../core/tools/systemExtensionsCtl';
import { compareVersions, findVersionConflict, type VersionConflict } from '../../../client/src/systemExtensions/versionCheck';

const PROJECT = join(__dirname, '..', '..', 'fixtures', 'xcode-project');
const LISTS = join(__dirname, '..', '..', 'fixtures', 'systemextensions');
const DRIVER_PLIST = join(PROJECT, 'SamplerDriver', 'Info.plist');
const LITE_PLIST = join(PROJECT, 'SamplerLiteDriver', 'Info.plist');

/** A dext's versions as the language server reads them for driverkit/dexts; undefined for other property lists. */
function readDextVersion(text: string, resolver: SettingsResolver = NO_PROJECT): DextVersion | undefined {
  const root = parsePlist(text).root;
  return root && isDextInfoPlist(root, resolver) ? versionOf(root, resolver) : undefined;
}

function checkDextVersion(text: string, resolver: SettingsResolver, entries: readonly SystemExtensionEntry[]): VersionConflict | undefined {
  const version = readDextVersion(text, resolver);
  return version ? findVersionConflict(version, entries) : undefined;
}

const list = (name: string): SystemExtensionEntry[] => parseSystemExtensionsList(readFileSync(join(LISTS, name), 'utf8'));

async function resolverFor(plist: string): Promise<SettingsResolver> {
  const resolver = (await linkProjects([PROJECT])).resolvers.get(plist);
  assert.ok(resolver, `the fixture project names ${plist}`);
  return resolver;
}

/** A dext Info.plist with literal values (no project: NO_PROJECT resolves plain values only). */
function dextPlist(id: string, short: string, build: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>CFBundleIdentifier</key>
	<string>${id}</string>
	<key>CFBundlePackageType</key>
	<string>DEXT</string>
	<key>CFBundleShortVersionString</key>
	<string>${short}</string>
	<key>CFBundleVersion</key>
	<string>${build}</string>
	<key>IOKitPersonalities</key>
	<dict/>
</dict>
</plist>
`;
}

/** One driver row in the real tab-separated format. */
function listOf(...rows: [team: string, id: string, short: string, build: string, state: string][]): SystemExtensionEntry[] {
  const lines = ['--- com.apple.system_extension.driver_extension', 'enabled\tactive\tteamID\tbundleID (version)\tname\t[state]'];
  for (const [team, id, short, build, state] of rows) lines.push(`*\t*\t${team}\t${id} (${short}/${build})\tDriver\t[${state}]`);
  return parseSystemExtensionsList(`${rows.length} extension(s)\n${lines.join('\n')}\n`);
}

test('versions compare number by number', () => {
  assert.equal(compareVersions('1.10', '1.9'), 1);
  assert.equal(compareVersions('1.9', '1.10'), -1);
  assert.equal(compareVersions('1.0', '1.0.0'), 0);
  assert.equal(compareVersions('2', '10'), -1);
  assert.equal(compareVersions('1.0d3', '1.0d3'), 0);
  assert.equal(compareVersions('1.0d3', '1.0'), undefined); // stages are not guessed at
  assert.equal(compareVersions('', '1'), undefined);
});

test('the fixture project: same version installed and enabled (the copy being removed is ignored)', async () => {
  const text = readFileSync(DRIVER_PLIST, 'utf8');
  const entries = list('list-sampler.txt');
  const resolver = await resolverFor(DRIVER_PLIST);
  const version = readDextVersion(text, resolver);
  assert.ok(version);
  assert.equal(version.bundleId, 'com.example.Sampler.Driver');
  assert.equal(version.shortVersion.value, '1.2');
  assert.equal(version.bundleVersion.value, '7');
  assert.equal(version.bundleVersion.setting, 'CURRENT_PROJECT_VERSION');
  assert.equal(version.teamId, 'ABCDE12345');
  // the offset points at the value as written, where the user would change it
  const offset = version.bundleVersion.offset;
  assert.ok(offset !== undefined);
  assert.ok(text.startsWith('$(CURRENT_PROJECT_VERSION)</string>', offset));

  const conflict = checkDextVersion(text, resolver, entries);
  assert.ok(conflict);
  assert.equal(conflict.kind, 'same');
  assert.equal(conflict.key, 'CFBundleVersion');
  assert.equal(conflict.installed.bundleVersion, '7');
  assert.equal(conflict.installed.state, 'activated enabled');
  assert.match(conflict.message, /com\.example\.Sampler\.Driver 1\.2 \(build 7\) is already installed/);
  assert.match(conflict.message, /CURRENT_PROJECT_VERSION/);

  // Without the project's settings the $(...) values are unknown: no warning, never a guess.
  assert.equal(readDextVersion(text, NO_PROJECT), undefined);
  assert.equal(checkDextVersion(text, NO_PROJECT, entries), undefined);
});

test('the fixture project: generated versions, installed one build ahead (build-only difference)', async () => {
  const text = readFileSync(LITE_PLIST, 'utf8');
  const resolver = await resolverFor(LITE_PLIST);
  const conflict = checkDextVersion(text, resolver, list('list-sampler.txt'));
  assert.ok(conflict);
  assert.equal(conflict.kind, 'installed-newer');
  assert.equal(conflict.workspace.bundleId, 'com.example.SamplerLite-Driver');
  assert.equal(conflict.workspace.shortVersion.value, '2.0');
  assert.equal(conflict.workspace.bundleVersion.value, '3');
  // generated from a build setting: nothing in the file to point at, the setting is named instead
  assert.equal(readDextVersion(text, resolver)?.bundleVersion.offset, undefined);
  assert.equal(conflict.key, 'CFBundleVersion');
  assert.match(conflict.message, /newer than the workspace's 2\.0 \(build 3\)/);
  assert.match(conflict.message, /CURRENT_PROJECT_VERSION\) above 4/);
});

test('an upgrade in progress: every copy that is still installed counts, the newest wins', () => {
  const entries = list('list-upgrading.txt');
  const at = (build: string) => findVersionConflict({ bundleId: 'com.example.Sampler.Driver', shortVersion: { value: '1.2' }, bundleVersion: { value: build }, teamId: 'ABCDE12345' }, entries);
  // rebuilding the copy that waits to take over changes nothing
  assert.equal(at('8')?.kind, 'same');
  assert.equal(at('8')?.installed.state, 'activated waiting to upgrade');
  // the running 1.2 (7) is equal, but 1.2 (8) is already staged: that one decides
  assert.equal(at('7')?.kind, 'installed-newer');
  assert.equal(at('7')?.installed.bundleVersion, '8');
  assert.equal(at('9'), undefined);
});

test('literal versions: equal, newer, older, build-only and short-only differences', () => {
  const installed = listOf(['ABCDE12345', 'com.example.MyDriver', '1.4', '12', 'activated enabled']);
  const check = (short: string, build: string) => checkDextVersion(dextPlist('com.example.MyDriver', short, build), NO_PROJECT, installed);
  assert.equal(check('1.4', '12')?.kind, 'same');
  assert.equal(check('1.4.0', '12')?.kind, 'same'); // numerically equal
  assert.equal(check('1.4', '13'), undefined); // workspace one build ahead: replaced
  assert.equal(check('1.5', '1'), undefined); // a higher short version wins over a lower build
  const older = check('1.4', '11');
  assert.equal(older?.kind, 'installed-newer');
  assert.equal(older?.key, 'CFBundleVersion');
  const olderShort = check('1.3', '99');
  assert.equal(olderShort?.kind, 'installed-newer');
  assert.equal(olderShort?.key, 'CFBundleShortVersionString');
  assert.match(olderShort?.message ?? '', /raise CFBundleShortVersionString above 1\.4/);
});

test('no warning for another bundle id, another team, a copy being removed, or unknowable versions', () => {
  const plist = dextPlist('com.example.MyDriver', '1.0', '3');
  assert.equal(checkDextVersion(plist, NO_PROJECT, listOf(['ABCDE12345', 'com.example.MyDriverToo', '1.0', '3', 'activated enabled'])), undefined);
  assert.equal(checkDextVersion(plist, NO_PROJECT, listOf(['ABCDE12345', 'com.example.mydriver', '1.0', '3', 'activated enabled'])), undefined);
  assert.equal(checkDextVersion(plist, NO_PROJECT, listOf(['ABCDE12345', 'com.example.MyDriver', '1.0', '3', 'terminated waiting to uninstall on reboot'])), undefined);
  assert.equal(checkDextVersion(plist, NO_PROJECT, listOf(['ABCDE12345', 'com.example.MyDriver', '1.0d2', '3', 'activated enabled'])), undefined);
  // a team from the build settings keeps another vendor's identically named dext out of it
  const team: SettingsResolver = { resolve: (v) => (v === '$(DEVELOPMENT_TEAM)' ? 'ABCDE12345' : NO_PROJECT.resolve(v)), generatedKeys: new Set() };
  assert.equal(checkDextVersion(plist, team, listOf(['ZZ99YY88XX', 'com.example.MyDriver', '1.0', '3', 'activated enabled'])), undefined);
  assert.equal(checkDextVersion(plist, team, listOf(['ABCDE12345', 'com.example.MyDriver', '1.0', '3', 'activated enabled']))?.kind, 'same');
  // without a team setting the bundle id decides
  assert.equal(checkDextVersion(plist, NO_PROJECT, listOf(['ZZ99YY88XX', 'com.example.MyDriver', '1.0', '3', 'activated enabled']))?.kind, 'same');
  // a row with a single version cannot be compared
  const single = parseSystemExtensionsList('--- com.apple.system_extension.driver_extension\n*\t*\tABCDE12345\tcom.example.MyDriver (1.0)\tDriver\t[activated enabled]\n');
  assert.equal(single.length, 1);
  assert.equal(checkDextVersion(plist, NO_PROJECT, single), undefined);
});

test('only dext Info.plists with every value resolved are read', () => {
  assert.equal(readDextVersion(dextPlist('com.example.MyDriver', '$(MARKETING_VERSION)', '3')), undefined);
  assert.equal(readDextVersion(dextPlist('$(PRODUCT_BUNDLE_IDENTIFIER)', '1.0', '3')), undefined);
  assert.equal(readDextVersion(dextPlist('com.example.MyDriver', '1.0', '')), undefined);
  const app = dextPlist('com.example.App', '1.0', '3').replace('DEXT', 'APPL').replace('\t<key>IOKitPersonalities</key>\n\t<dict/>\n', '');
  assert.equal(readDextVersion(app), undefined);
  assert.equal(readDextVersion('not a plist'), undefined);
  assert.deepEqual(readDextVersion(dextPlist('com.example.MyDriver', ' 1.0 ', '3'))?.shortVersion.value, '1.0');
});
