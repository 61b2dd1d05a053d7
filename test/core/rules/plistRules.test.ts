import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ALL_RULES } from '../../../core/rules/ruleCatalog';
import { validKextVersion } from '../../../core/rules/plist/topLevel';
import { fixture } from '../../support/lspClient';
import { actualFindings, expectedMarkers, workspaceOf } from '../../support/analysis';

const valid = fixture('plist', 'valid');
for (const name of readdirSync(valid)) {
  test(`the valid ${name} project has no findings`, async () => {
    assert.deepEqual(actualFindings(await workspaceOf(join(valid, name))), []);
  });
}

const broken = fixture('plist', 'broken');
const folders = readdirSync(broken);
for (const folder of folders) {
  test(`plist/broken/${folder}: exactly the marked findings`, async () => {
    const expected = expectedMarkers(join(broken, folder));
    assert.ok(expected.some((e) => e.endsWith(` ${folder}`)), `the ${folder} fixture marks its own rule`);
    assert.deepEqual(actualFindings(await workspaceOf(join(broken, folder))), expected);
  });
}

test('every plist and entitlements rule has a broken fixture', () => {
  for (const rule of ALL_RULES.filter((r) => r.id.startsWith('plist.') || r.id.startsWith('entitlements.'))) {
    assert.ok(folders.includes(rule.id), `no fixture for ${rule.id}`);
  }
});

test('kext versions: up to three numbers of at most four digits, then an optional stage and number up to 255', () => {
  for (const ok of ['1', '1.0', '1.2.3', '1234.5.6', '1.0d1', '2.1a12', '3.0b255', '1.0fc3']) assert.ok(validKextVersion(ok), ok);
  for (const bad of ['', '1.2.3.4', '12345', '1.0d256', '1.0x1', 'v1', '1..2', '1.0b']) assert.ok(!validKextVersion(bad), bad);
});
