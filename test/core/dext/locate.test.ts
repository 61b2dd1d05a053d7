/** Finding copies of a dext on disk: build folders, Xcode's DerivedData, installed copies; bounded walks. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { dextBinaryAt, readBundleInfo } from '../../../core/dext/bundle';
import { locateDextCopies } from '../../../core/dext/locate';

const root = mkdtempSync(join(tmpdir(), 'dk-locate-'));
after(() => rmSync(root, { recursive: true, force: true }));

function dext(folder: string, name: string, options: { executable?: string; bundleId?: string; mtime?: number; dsym?: boolean } = {}): string {
  const bundle = join(folder, `${name}.dext`);
  mkdirSync(bundle, { recursive: true });
  const executable = join(bundle, options.executable ?? name);
  writeFileSync(executable, 'binary');
  if (options.mtime) utimesSync(executable, options.mtime, options.mtime);
  if (options.executable || options.bundleId) {
    writeFileSync(join(bundle, 'Info.plist'), `<plist version="1.0"><dict><key>CFBundleExecutable</key><string>${options.executable ?? name}</string><key>CFBundleIdentifier</key><string>${options.bundleId ?? name}</string></dict></plist>`);
  }
  if (options.dsym) mkdirSync(`${bundle}.dSYM`, { recursive: true });
  return bundle;
}

test('built copies (workspace build folders, DerivedData, an app embedding it) come before installed ones, newest first', async () => {
  const workspace = join(root, 'ws');
  const home = join(root, 'home');
  const installedRoot = join(root, 'SystemExtensions');
  const old = dext(join(workspace, 'build', 'Debug'), 'com.example.Find', { mtime: 1_000_000 });
  const fresh = dext(join(home, 'Library/Developer/Xcode/DerivedData/Find-abc/Build/Products/Debug-driverkit'), 'com.example.Find', { mtime: 2_000_000, dsym: true });
  const embedded = dext(join(workspace, 'build', 'Debug', 'Host.app', 'Contents', 'Library', 'SystemExtensions'), 'com.example.Find', { mtime: 1_500_000 });
  const installed = dext(join(installedRoot, 'A1B2C3D4-0000-1111-2222-333344445555'), 'com.example.Find', { mtime: 3_000_000 });
  dext(join(workspace, 'build'), 'com.example.Other');
  const found = await locateDextCopies('com.example.Find', { roots: [workspace], platform: 'darwin', home, systemExtensions: installedRoot });
  assert.deepEqual(found.map((f) => [f.kind, f.bundle]), [['built', fresh], ['built', embedded], ['built', old], ['installed', installed]]);
  assert.equal(found[0].dsym, `${fresh}.dSYM`);
  const linux = await locateDextCopies('com.example.Find', { roots: [workspace], platform: 'linux', home, systemExtensions: installedRoot });
  assert.deepEqual(linux.map((f) => f.bundle), [embedded, old], 'DerivedData and installed copies are macOS places');
});

test('a bundle named otherwise is found by its bundle id or its executable', async () => {
  const workspace = join(root, 'named');
  const bundle = dext(join(workspace, 'out'), 'MyDriver', { executable: 'MyDriverExe', bundleId: 'com.example.Named' });
  assert.deepEqual((await locateDextCopies('com.example.Named', { roots: [workspace], platform: 'linux' })).map((f) => f.executable), [join(bundle, 'MyDriverExe')]);
  assert.deepEqual((await locateDextCopies('MyDriverExe', { roots: [workspace], platform: 'linux' })).map((f) => f.bundle), [bundle]);
  assert.deepEqual(readBundleInfo(bundle), { executable: 'MyDriverExe', bundleId: 'com.example.Named', userClasses: [] });
});

test('walks are bounded: a symlink loop, a deep tree and an entry budget end the search, names with / find nothing', async () => {
  const workspace = join(root, 'loop');
  mkdirSync(workspace, { recursive: true });
  symlinkSync(workspace, join(workspace, 'again'));
  let deep = workspace;
  for (let i = 0; i < 12; i++) deep = join(deep, `d${i}`);
  dext(deep, 'com.example.Deep');
  assert.deepEqual(await locateDextCopies('com.example.Deep', { roots: [workspace], platform: 'linux' }), [], 'deeper than 8 folders');
  assert.equal((await locateDextCopies('com.example.Deep', { roots: [workspace], platform: 'linux', maxDepth: 20 })).length, 1);
  assert.deepEqual(await locateDextCopies('com.example.Deep', { roots: [workspace], platform: 'linux', maxDepth: 20, maxEntries: 5 }), []);
  assert.deepEqual(await locateDextCopies('../etc', { roots: [workspace], platform: 'linux' }), []);
  assert.deepEqual(await locateDextCopies('', { roots: [workspace], platform: 'linux' }), []);
});

test('an Info.plist that is a FIFO is not opened (nothing hangs), and the bundle still resolves by its name', () => {
  const bundle = join(root, 'fifo', 'com.example.Fifo.dext');
  mkdirSync(bundle, { recursive: true });
  execFileSync('mkfifo', [join(bundle, 'Info.plist')]);
  writeFileSync(join(bundle, 'com.example.Fifo'), 'binary');
  const binary = dextBinaryAt(bundle);
  assert.equal(typeof binary === 'string' ? binary : binary.executable, join(bundle, 'com.example.Fifo'));
});
