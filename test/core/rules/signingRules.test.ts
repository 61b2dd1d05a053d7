/**
 * The signing rules on fixture projects (test/fixtures/signing/projects): each broken project gives
 * exactly its marked finding with the profiles its profiles.json describes, signed for real with
 * openssl; the valid project gives none. Without profiles, only what needs none is found.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ALL_RULES } from '../../../core/rules/ruleCatalog';
import { Workspace } from '../../../core/workspace/workspace';
import { runCommand } from '../../../core/tools/runCommand';
import { fixture } from '../../support/lspClient';
import { actualFindings, expectedMarkers, sharedParser } from '../../support/analysis';
import { fixtureProfiles } from '../signing/support/fixtureProfiles';

const projects = fixture('signing', 'projects');
const folders = readdirSync(projects);
/** codesign is macOS's: a stand-in prints the recording kept beside a built bundle. */
const CODESIGN = fixture('signing', 'codesign', 'stand-in', 'codesign');

async function signingWorkspace(folder: string, profiles: string[]): Promise<Workspace> {
  const workspace = new Workspace(await sharedParser());
  workspace.signing.sources = { folders: profiles, quietFolders: [] };
  workspace.signing.codesign = (args) => runCommand(CODESIGN, args, { timeoutMs: 20_000 });
  await workspace.scan([folder]);
  return workspace;
}

test('the valid signing project has no findings, with its profiles and without', async () => {
  const folder = join(projects, 'valid');
  assert.deepEqual(actualFindings(await signingWorkspace(folder, [fixtureProfiles(folder)])), []);
  assert.deepEqual(actualFindings(await signingWorkspace(folder, [])), []);
});

for (const name of folders.filter((f) => f !== 'valid')) {
  test(`signing/projects/${name}: exactly the marked findings`, async () => {
    const folder = join(projects, name);
    const expected = expectedMarkers(folder);
    assert.ok(expected.some((e) => e.endsWith(` ${name}`)), `the ${name} fixture marks its own rule`);
    assert.deepEqual(actualFindings(await signingWorkspace(folder, [fixtureProfiles(folder)])), expected);
  });
}

test('without any profile, only the rules that need none report', async () => {
  const needNone = new Set(['signing.sandbox-key-in-dext', 'signing.host-missing-install', 'signing.host-userclient-access', 'signing.dext-not-embedded', 'signing.signed-differs', 'signing.profile-unreadable']);
  for (const name of folders.filter((f) => f !== 'valid')) {
    const found = actualFindings(await signingWorkspace(join(projects, name), []));
    assert.deepEqual(found, needNone.has(name) ? expectedMarkers(join(projects, name)) : [], name);
  }
});

test('every signing rule has a fixture project', () => {
  for (const rule of ALL_RULES.filter((r) => r.id.startsWith('signing.'))) {
    assert.ok(folders.includes(rule.id), `no fixture project for ${rule.id}`);
  }
});
