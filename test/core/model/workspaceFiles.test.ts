import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { findSourceFiles, isInSkippedFolder } from '../../../core/model/workspaceFiles';

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

test('skipped folders are judged below the workspace root', () => {
  const root = '/home/dev/build/MyDriver';
  assert.equal(isInSkippedFolder(`${root}/Driver/A.iig`, [root]), false);
  assert.equal(isInSkippedFolder(`${root}/build/Debug/A.cpp`, [root]), true);
  assert.equal(isInSkippedFolder(`${root}/Pods/A.cpp`, [root], new Set(['Pods'])), true);
});
