import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ALL_RULES } from '../../../core/rules/ruleCatalog';
import { fixesAt } from '../../../core/rules/fixesAt';
import { fixture } from '../../support/lspClient';
import { actualFindings, expectedMarkers, workspaceOf } from '../../support/analysis';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

for (const name of ['hid-keyboard', 'usb-interface', 'user-client']) {
  test(`the valid ${name} driver has no findings`, async () => {
    assert.deepEqual(actualFindings(await workspaceOf(fixture(name))), []);
  });
}

test('the bundled example project has no findings', async () => {
  assert.deepEqual(actualFindings(await workspaceOf(EXAMPLES)), []);
});

const brokenRoot = fixture('broken');
const brokenFolders = readdirSync(brokenRoot).filter((n) => !n.includes('.md'));

for (const folder of brokenFolders) {
  test(`broken/${folder}: exactly the marked findings`, async () => {
    const path = join(brokenRoot, folder);
    const expected = expectedMarkers(path);
    assert.ok(expected.some((e) => e.endsWith(` ${folder}`)), `the ${folder} fixture marks its own rule`);
    assert.deepEqual(actualFindings(await workspaceOf(path)), expected);
  });
}

test('every source rule has a broken fixture, and every fixture names a rule', () => {
  const codes = new Set(ALL_RULES.map((r) => r.id));
  for (const folder of brokenFolders) assert.ok(codes.has(folder), `${folder} is no rule`);
  // Property-list rules have their own fixtures under test/fixtures/plist/broken, signing rules under test/fixtures/signing/projects, HID descriptor rules under test/fixtures/hid/broken, kext rules under test/fixtures/kext, user-client rules under test/fixtures/userclient/broken (test/core/rules/userClientRules.test.ts).
  for (const rule of ALL_RULES.filter((r) => !/^(file|plist|entitlements|signing|hid|kext|migrate|userclient)\./.test(r.id))) {
    assert.ok(brokenFolders.includes(rule.id), `no broken fixture for ${rule.id}`);
  }
});

test('findings follow the class: renaming the method in the .iig moves the finding to the .cpp', async () => {
  const workspace = await workspaceOf(fixture('usb-interface'));
  const iigPath = join(fixture('usb-interface'), 'BulkPipeDriver.iig');
  const text = workspace.text(iigPath)!;
  workspace.updateOpen(iigPath, text.replace('ReadComplete(', 'ReadDone('));
  const codes = actualFindings(workspace).map((f) => f.split(' ')[1]);
  assert.ok(codes.includes('cpp.impl-undeclared'), codes.join());
  assert.ok(codes.includes('iig.method-unimplemented'), codes.join());
  workspace.updateOpen(iigPath, text);
  assert.deepEqual(actualFindings(workspace), []);
  workspace.dispose();
});

test('cpp.bool-as-ioreturn quick fixes: an error code for false, the tested code itself for a returned success test', async () => {
  const root = join(fixture('broken'), 'cpp.bool-as-ioreturn');
  const workspace = await workspaceOf(root);
  const path = join(root, 'SirenDriver.cpp');
  const file = workspace.index.file(path);
  assert.ok(file);
  const found = workspace.check(path).filter((f) => f.code === 'cpp.bool-as-ioreturn');
  const newTexts = found.map((f) =>
    fixesAt({ path, file, span: f.span, findings: [f], index: workspace.index, catalog: workspace.catalog, textOf: (p) => workspace.text(p) }).flatMap((fix) => fix.edits.map((e) => e.newText)),
  );
  assert.deepEqual(newTexts, [['kIOReturnError'], ['status']]);
  assert.match(found[1].message, /SirenDriver::Mute .*swapped\. Return status itself\./);
});
