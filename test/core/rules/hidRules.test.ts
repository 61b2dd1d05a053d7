/**
 * The hid.* rules on our fixtures: the valid descriptors give no finding at all, and each broken
 * folder of test/fixtures/hid/broken gives exactly the findings its `// expect:` markers name.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ALL_RULES } from '../../../core/rules/ruleCatalog';
import { fixture } from '../../support/lspClient';
import { actualFindings, expectedMarkers, workspaceOf } from '../../support/analysis';

const BROKEN = fixture('hid', 'broken');
const folders = readdirSync(BROKEN);

test('the valid keyboard, mouse, gamepad and vendor-defined devices have no findings', async () => {
  const workspace = await workspaceOf(fixture('hid', 'valid'));
  assert.deepEqual(actualFindings(workspace), []);
  workspace.dispose();
});

for (const folder of folders) {
  test(`hid/broken/${folder}: exactly the marked findings`, async () => {
    const path = join(BROKEN, folder);
    const expected = expectedMarkers(path);
    assert.ok(expected.some((e) => e.endsWith(` ${folder}`)), `the ${folder} fixture marks its own rule`);
    const workspace = await workspaceOf(path);
    assert.deepEqual(actualFindings(workspace), expected);
    workspace.dispose();
  });
}

test('every hid rule has a broken fixture, and every fixture names a hid rule', () => {
  const hidRules = ALL_RULES.filter((r) => r.id.startsWith('hid.')).map((r) => r.id).sort();
  assert.deepEqual([...folders].sort(), hidRules);
});
