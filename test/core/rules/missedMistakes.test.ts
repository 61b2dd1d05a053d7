/** Mistakes real projects made that the checker once missed (test/fixtures/missed-mistakes/README.md). */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture } from '../../support/lspClient';
import { actualFindings, expectedMarkers, workspaceOf } from '../../support/analysis';

const ROOT = fixture('missed-mistakes');

for (const folder of readdirSync(ROOT).filter((name) => !name.includes('.'))) {
  test(`missed-mistakes/${folder}: exactly the marked findings`, async () => {
    const path = join(ROOT, folder);
    const expected = expectedMarkers(path);
    assert.ok(expected.length > 0, 'the fixture marks its mistake');
    assert.deepEqual(actualFindings(await workspaceOf(path)), expected);
  });
}
