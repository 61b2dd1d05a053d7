import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generatePair } from '../../support/generate';
import { generateWorkspace } from '../../support/generateWorkspace';
import { actualFindings, sharedParser } from '../../support/analysis';
import { Workspace } from '../../../core/workspace/workspace';

test('the benchmark sources are valid DriverKit code of the requested size, with zero findings', async () => {
  const { iig, cpp } = generatePair(5000, 20000);
  assert.ok(Math.abs(iig.split('\n').length - 5000) < 50);
  assert.ok(Math.abs(cpp.split('\n').length - 20000) < 50);
  const workspace = new Workspace(await sharedParser());
  workspace.updateOpen('/bench/BigDriver.iig', iig);
  workspace.updateOpen('/bench/BigDriver.cpp', cpp);
  assert.deepEqual(actualFindings(workspace), []);
  assert.ok(workspace.index.definitionsOf('BigDriver').length > 500);
  workspace.dispose();
});

test('a generated workspace indexes its sources and skips its build folders', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dk-gen-'));
  try {
    const generated = generateWorkspace(dir, 40);
    const workspace = new Workspace(await sharedParser());
    const count = await workspace.scan([generated.root]);
    assert.equal(count, 40);
    assert.deepEqual(actualFindings(workspace), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
