import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileKindOf, findSourceFiles, isInSkippedFolder } from '../../../core/model/workspaceFiles';

test('the index finds .iig and .cpp sources and skips build output and extra folders', async () => {
  const root = mkdtempSync(join(tmpdir(), 'dk-files-'));
  try {
    for (const path of ['Driver/A.iig', 'Driver/A.cpp', 'Driver/notes.txt', 'build/Gen.cpp', 'DerivedData/X/B.iig', 'Pods/C.cpp', 'node_modules/d/E.cpp']) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), '');
    }
    const found = (await findSourceFiles([root], new Set(['Pods']))).map((p) => p.slice(root.length + 1));
    assert.deepEqual(found, ['Driver/A.cpp', 'Driver/A.iig']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("macOS's AppleDouble files (._Name.cpp beside Name.cpp) are metadata, not sources", async () => {
  const root = mkdtempSync(join(tmpdir(), 'dk-files-'));
  try {
    mkdirSync(join(root, 'Driver'));
    writeFileSync(join(root, 'Driver', 'A.cpp'), '');
    writeFileSync(join(root, 'Driver', '._A.cpp'), Buffer.from([0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00]));
    writeFileSync(join(root, 'Driver', '._Info.plist'), Buffer.from([0x00, 0x05, 0x16, 0x07]));
    const found = (await findSourceFiles([root])).map((p) => p.slice(root.length + 1));
    assert.deepEqual(found, ['Driver/A.cpp']);
    assert.equal(fileKindOf(join(root, 'Driver', '._A.cpp')), undefined);
    assert.equal(fileKindOf(join(root, 'Driver', 'A.cpp')), 'cpp');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('skipped folders are judged below the workspace root', () => {
  const root = '/home/dev/build/MyDriver';
  assert.equal(isInSkippedFolder(`${root}/Driver/A.iig`, [root]), false);
  assert.equal(isInSkippedFolder(`${root}/build/Debug/A.cpp`, [root]), true);
  assert.equal(isInSkippedFolder(`${root}/Pods/A.cpp`, [root], new Set(['Pods'])), true);
});
