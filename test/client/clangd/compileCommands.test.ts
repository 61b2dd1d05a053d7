/**
 * The clangd configuration generator: the clang flags, compile_commands.json and .clangd texts
 * (quoting), the bounded search for iig-generated headers on real temporary folder trees, the
 * workspace scan (a copy of the Xcode project fixture) and the whole pipeline.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { buildClangdConfig, dextHints, EMPTY_SETTINGS, type DextTargetSettings } from '../../../client/src/clangd/clangdConfig';
import { readDextBuildSettings } from '../../../core/workspace/dextBuildSettings';
import { clangdYaml, compileCommands, compileCommandsJson, DEFAULT_FLAG_OPTIONS, driverKitFlags } from '../../../client/src/clangd/compileCommands';
import { derivedDataLocations, findGeneratedHeaders, DEFAULT_SEARCH_LIMITS } from '../../../client/src/clangd/derivedSources';
import { scanWorkspace } from '../../../client/src/clangd/workspaceScan';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const FAKE_SDK = join(FIXTURES, 'fake-sdk');
const HASH = 'abcdefghijklmnopqrstuvwxyzab'; // the 28 lowercase letters Xcode appends to a DerivedData folder

/** Every folder a test makes lives in this one, removed at the end. */
const TEMP = mkdtempSync(join(tmpdir(), 'driverkit-clangd-config-'));
after(() => rmSync(TEMP, { recursive: true, force: true }));
const tempDir = (label: string): string => mkdtempSync(join(TEMP, `${label}-`));

function write(path: string, text = '', mtimeSeconds?: number): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  if (mtimeSeconds !== undefined) utimesSync(path, mtimeSeconds, mtimeSeconds);
  return path;
}

/** The folder Xcode gives a target's generated sources, in a shared DerivedData folder. */
function derivedSources(derivedData: string, project: string, target: string, config = 'Debug'): string {
  return join(derivedData, `${project}-${HASH}`, 'Build', 'Intermediates.noindex', `${project}.build`, `${config}-driverkit`, `${target}.build`, 'DerivedSources');
}

test('flags: target, SDK frameworks, libc++ before the C headers, dialect, generated headers, extras — in that order', () => {
  const flags = driverKitFlags(FAKE_SDK, ['/gen/one', '/gen/two'], { arch: 'x86_64', deploymentTarget: '22.4', cxxStandard: 'gnu++17', additionalFlags: ['-DEXTRA=1'] });
  const kit = join(FAKE_SDK, 'System', 'DriverKit');
  assert.deepEqual(flags, [
    '--target=x86_64-apple-driverkit22.4',
    '-isysroot', FAKE_SDK,
    '-iframework', join(kit, 'System', 'Library', 'Frameworks'),
    '-isystem', join(kit, 'usr', 'include', 'c++', 'v1'),
    '-idirafter', join(kit, 'usr', 'include'),
    '-std=gnu++17',
    '-I', '/gen/one', '-I', '/gen/two',
    '-DEXTRA=1',
  ]);
});

test('flags: an SDK copy with the frameworks at the top level, and no -std for the compiler default', () => {
  const sdk = tempDir('flat-sdk');
  mkdirSync(join(sdk, 'System', 'Library', 'Frameworks', 'DriverKit.framework'), { recursive: true });
  const flags = driverKitFlags(sdk, [], { ...DEFAULT_FLAG_OPTIONS, cxxStandard: undefined });
  assert.equal(flags[flags.indexOf('-iframework') + 1], join(sdk, 'System', 'Library', 'Frameworks'));
  assert.equal(flags[flags.indexOf('-idirafter') + 1], join(sdk, 'usr', 'include'));
  assert.ok(!flags.some((f) => f.startsWith('-std=')), flags.join(' '));
  assert.equal(flags[0], '--target=arm64-apple-driverkit21.0');
});

test('compile_commands.json: one entry per file with an arguments array, paths with spaces and quotes intact', () => {
  const root = '/Users/dev/My "Driver" #2\'s folder';
  const file = `${root}/Sub Dir/Foo Bar.cpp`;
  const flags = ['-I', `${root}/gen\\headers`, '-DNAME="x y"'];
  const entries = JSON.parse(compileCommandsJson(compileCommands(root, [file], flags))) as Record<string, unknown>[];
  assert.equal(entries.length, 1);
  assert.deepEqual(Object.keys(entries[0]).sort(), ['arguments', 'directory', 'file'], 'never a shell "command" string');
  assert.equal(entries[0].directory, root);
  assert.equal(entries[0].file, file);
  assert.deepEqual(entries[0].arguments, ['clang++', ...flags, '-c', file]);
});

test('.clangd: every flag one quoted YAML item; CompilationDatabase only when the database is elsewhere', () => {
  const flags = ['-I', '/a b/"quoted" #not-a-comment', '-DX=a: b', '-isystem', 'C:\\sdk\\usr'];
  const text = clangdYaml(flags, '/ws', '/ws');
  const items = text.split('\n').filter((l) => l.startsWith('    - ')).map((l) => JSON.parse(l.slice(6)) as string);
  assert.deepEqual(items, flags, 'each item reads back as the flag it was');
  assert.match(text, /^CompileFlags:\n {2}Add:\n/m);
  assert.doesNotMatch(text, /CompilationDatabase/);
  assert.match(clangdYaml(flags, '/ws', '/ws/.vscode/clangd'), /^ {2}CompilationDatabase: "\.vscode\/clangd"$/m);
  assert.match(clangdYaml(flags, '/ws', '/elsewhere/db'), /^ {2}CompilationDatabase: "\/elsewhere\/db"$/m);
});

test('build locations: the setting (relative to the workspace), build/ and DerivedData/ beside the workspace and each project, then Xcode\'s', () => {
  assert.deepEqual(derivedDataLocations('/ws', ['/ws', '/ws/Driver'], '/home/me', 'out/dd'), [
    '/ws/out/dd',
    '/ws/build', '/ws/DerivedData',
    '/ws/Driver/build', '/ws/Driver/DerivedData',
    '/home/me/Library/Developer/Xcode/DerivedData',
  ]);
  assert.equal(derivedDataLocations('/ws', [], '/home/me', '/abs/dd')[0], '/abs/dd');
});

test('generated headers: found in a real DerivedData layout, one level below DerivedSources; a missing one is named', async () => {
  const dd = tempDir('dd');
  const sources = derivedSources(dd, 'Sampler', 'SamplerDriver');
  write(join(sources, 'com.example.Sampler.Driver', 'SamplerDriver.h'), '// generated');
  write(join(sources, 'com.example.Sampler.Driver', 'SamplerDriver.iig.cpp'), '// generated');
  const found = await findGeneratedHeaders([dd, join(dd, 'absent')], ['SamplerDriver', 'SamplerLiteDriver'], ['Sampler']);
  assert.deepEqual(found.folders, [join(sources, 'com.example.Sampler.Driver'), sources]);
  assert.deepEqual(found.missing, ['SamplerLiteDriver']);
  assert.deepEqual(found.searched, [dd], 'a location that does not exist is not reported as searched');
  assert.equal(found.incomplete, false);
});

test('generated headers: the workspace\'s own project is preferred over another project with the same class', async () => {
  const dd = tempDir('dd-two');
  const mine = derivedSources(dd, 'Sampler', 'SamplerDriver');
  const other = derivedSources(dd, 'Elsewhere', 'SamplerDriver');
  write(join(mine, 'SamplerDriver.h'), '', 1_000_000);
  write(join(other, 'SamplerDriver.h'), '', 2_000_000); // newer, but another project's
  assert.deepEqual((await findGeneratedHeaders([dd], ['SamplerDriver'], ['Sampler'])).folders, [mine]);
  // Without project names every project is searched and the newest header wins.
  assert.deepEqual((await findGeneratedHeaders([dd], ['SamplerDriver'], [])).folders, [other]);
  // Names that match no folder: everything is searched rather than nothing.
  assert.deepEqual((await findGeneratedHeaders([dd], ['SamplerDriver'], ['Unbuilt'])).folders, [other]);
});

test('generated headers: of Debug and Release builds the newest header wins; a legacy build/ layout works too', async () => {
  const dd = tempDir('dd-configs');
  const debug = derivedSources(dd, 'Sampler', 'SamplerDriver', 'Debug');
  const release = derivedSources(dd, 'Sampler', 'SamplerDriver', 'Release');
  write(join(debug, 'P', 'SamplerDriver.h'), '', 3_000_000);
  write(join(release, 'P', 'SamplerDriver.h'), '', 1_000_000);
  assert.deepEqual((await findGeneratedHeaders([dd], ['SamplerDriver'], ['Sampler'])).folders, [join(debug, 'P'), debug]);

  const build = join(tempDir('ws-build'), 'build');
  const legacy = join(build, 'Sampler.build', 'Debug-driverkit', 'SamplerDriver.build', 'DerivedSources');
  write(join(legacy, 'SamplerDriver.h'));
  assert.deepEqual((await findGeneratedHeaders([build], ['SamplerDriver'], ['Sampler'])).folders, [legacy]);
});

test('generated headers: symbolic links are not followed (a loop cannot trap the search)', async () => {
  const dd = tempDir('dd-links');
  const outside = tempDir('outside');
  write(join(outside, 'DerivedSources', 'SamplerDriver.h'));
  const project = join(dd, `Sampler-${HASH}`);
  mkdirSync(project, { recursive: true });
  symlinkSync(dd, join(project, 'loop'));
  symlinkSync(join(outside, 'DerivedSources'), join(project, 'DerivedSources'));
  const found = await findGeneratedHeaders([dd], ['SamplerDriver'], ['Sampler']);
  assert.deepEqual(found.folders, []);
  assert.equal(found.incomplete, false);
});

test('generated headers: depth, entry and cancel limits end the search and say so', async () => {
  const dd = tempDir('dd-limits');
  write(join(derivedSources(dd, 'Sampler', 'SamplerDriver'), 'SamplerDriver.h'));
  for (let i = 0; i < 50; i++) mkdirSync(join(dd, `Sampler-${HASH}`, `noise${i}`));
  assert.deepEqual((await findGeneratedHeaders([dd], ['SamplerDriver'], [], { ...DEFAULT_SEARCH_LIMITS, maxDepth: 7 })).folders.length, 1, 'the real layout needs depth 7');
  assert.deepEqual((await findGeneratedHeaders([dd], ['SamplerDriver'], [], { ...DEFAULT_SEARCH_LIMITS, maxDepth: 6 })).folders, []);
  const few = await findGeneratedHeaders([dd], ['SamplerDriver'], [], { ...DEFAULT_SEARCH_LIMITS, maxEntries: 20 });
  assert.deepEqual([few.folders, few.incomplete], [[], true]);
  const abort = new AbortController();
  abort.abort();
  const cancelled = await findGeneratedHeaders([dd], ['SamplerDriver'], [], DEFAULT_SEARCH_LIMITS, abort.signal);
  assert.deepEqual([cancelled.folders, cancelled.incomplete], [[], true]);
});

/** A copy of the Xcode project fixture whose dext target asks for DriverKit 22.4 and C++17 (values no default has). */
function sampler(): string {
  const root = join(tempDir('sampler'), 'Sampler Workspace');
  cpSync(join(FIXTURES, 'xcode-project'), root, { recursive: true });
  const pbxproj = join(root, 'Sampler.xcodeproj', 'project.pbxproj');
  const text = readFileSync(pbxproj, 'utf8');
  writeFileSync(pbxproj, text.replaceAll('DRIVERKIT_DEPLOYMENT_TARGET = 21.0;', 'DRIVERKIT_DEPLOYMENT_TARGET = 22.4;').replaceAll('"gnu++20"', '"c++17"'));
  write(join(root, 'build', 'Stale.cpp')); // build output: skipped
  write(join(root, 'node_modules', 'x', 'y.cpp'));
  write(join(root, 'Sampler', 'Bridge.mm')); // the host app's Objective-C++: not given DriverKit flags
  return root;
}

/** Each project's first dext target, as the language server reports them in driverkit/dexts (server/src/features/dexts.ts). */
async function dextTargetsOf(root: string): Promise<DextTargetSettings[]> {
  return (await readDextBuildSettings([root])).flatMap(({ project, target }) => (target ? [{ project, ...target }] : []));
}

test('workspace scan: C++ sources, .iig names and projects, skipping build output; the dext target\'s settings', async () => {
  const root = sampler();
  const scan = await scanWorkspace(root);
  assert.deepEqual(scan.cppFiles, [join(root, 'SamplerDriver', 'SamplerDriver.cpp'), join(root, 'SamplerLiteDriver', 'SamplerLiteDriver.cpp')]);
  assert.deepEqual(scan.iigBases, ['SamplerDriver', 'SamplerLiteDriver']);
  assert.deepEqual([scan.projectNames, scan.projectFolders, scan.xcodeProjects], [['Sampler'], [root], [join(root, 'Sampler.xcodeproj')]]);
  assert.deepEqual(dextHints(scan, await dextTargetsOf(root)), { deploymentTarget: '22.4', cxxStandard: 'c++17' });
  assert.deepEqual(dextHints(scan, [{ project: join(root, 'Elsewhere.xcodeproj'), deploymentTarget: '23.0' }]), {}, 'only a project the walk found counts');
  assert.deepEqual((await scanWorkspace(root, new Set(['SamplerLiteDriver']))).iigBases, ['SamplerDriver'], 'driverkit.index.excludeFolders is honoured');
});

test('whole pipeline: project settings fill the gaps, user settings win, generated headers come from Xcode\'s DerivedData', async () => {
  const root = sampler();
  const home = tempDir('home');
  const sources = derivedSources(join(home, 'Library', 'Developer', 'Xcode', 'DerivedData'), 'Sampler', 'SamplerDriver');
  write(join(sources, 'com.example.Sampler.Driver', 'SamplerDriver.h'));

  const dextTargets = await dextTargetsOf(root);
  const fromProject = await buildClangdConfig({ root, sdkPath: FAKE_SDK, settings: EMPTY_SETTINGS, homeDir: home, dextTargets });
  assert.deepEqual([fromProject.options.deploymentTarget, fromProject.options.cxxStandard, fromProject.options.arch], ['22.4', 'c++17', 'arm64']);
  assert.deepEqual(fromProject.headers.folders, [join(sources, 'com.example.Sampler.Driver'), sources]);
  const [database, clangd] = fromProject.files;
  assert.equal(database.path, join(root, 'compile_commands.json'));
  assert.equal(clangd.path, join(root, '.clangd'));
  const entries = JSON.parse(database.text) as { file: string; arguments: string[] }[];
  assert.deepEqual(entries.map((e) => e.file), fromProject.scan.cppFiles);
  assert.ok(entries.every((e) => e.arguments.includes(join(sources, 'com.example.Sampler.Driver'))));

  const settings = { ...EMPTY_SETTINGS, deploymentTarget: '24.0', cppStandard: 'compiler-default', arch: 'arm64e', outputFolder: '.vscode' };
  const fromUser = await buildClangdConfig({ root, sdkPath: FAKE_SDK, settings, homeDir: home, dextTargets });
  assert.equal(fromUser.flags[0], '--target=arm64e-apple-driverkit24.0');
  assert.ok(!fromUser.flags.some((f) => f.startsWith('-std=')), 'compiler-default: clang picks the dialect');
  assert.equal(fromUser.files[0].path, join(root, '.vscode', 'compile_commands.json'));
  assert.match(fromUser.files[1].text, /CompilationDatabase: "\.vscode"/);
});
