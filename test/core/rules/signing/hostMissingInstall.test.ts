/**
 * signing.host-missing-install on copies of its fixture project: an app whose configurations sign
 * differently is told which one lacks the entitlements file, and one whose every configuration names a
 * file holding the key gets nothing.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Workspace } from '../../../../core/workspace/workspace';
import { sharedParser } from '../../../support/analysis';
import { fixture } from '../../../support/lspClient';

const RULE = 'signing.host-missing-install';
const temp = mkdtempSync(join(tmpdir(), 'host-missing-install-'));
after(() => rmSync(temp, { recursive: true, force: true }));

const INSTALLING = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>com.apple.developer.system-extension.install</key>
	<true/>
</dict>
</plist>
`;

/** The fixture project with an app entitlements file that holds the key, and a Release configuration for the app. */
function project(name: string, releaseSettings: string): string {
  const folder = join(temp, name);
  cpSync(fixture('signing', 'projects', RULE), folder, { recursive: true });
  writeFileSync(join(folder, 'ProbeApp', 'ProbeApp.entitlements'), INSTALLING);
  const pbxproj = join(folder, 'Probe.xcodeproj', 'project.pbxproj');
  const release = `\t\tX00000000000000000000009 /* Release */ = {\n\t\t\tisa = XCBuildConfiguration;\n\t\t\tbuildSettings = {\n${releaseSettings}\t\t\t};\n\t\t\tname = Release;\n\t\t};\n/* End XCBuildConfiguration section */`;
  const text = readFileSync(pbxproj, 'utf8')
    .replace('/* End XCBuildConfiguration section */', release)
    .replace('\t\t\t\tX00000000000000000000002 /* Debug */,\n', '\t\t\t\tX00000000000000000000002 /* Debug */,\n\t\t\t\tX00000000000000000000009 /* Release */,\n');
  assert.match(text, /X00000000000000000000009 \/\* Release \*\/,\n/, 'the Release configuration is listed for the app');
  writeFileSync(pbxproj, text);
  return folder;
}

async function findings(folder: string): Promise<string[]> {
  const workspace = new Workspace(await sharedParser());
  await workspace.scan([folder]);
  return workspace.check(join(folder, 'Probe.xcodeproj', 'project.pbxproj')).filter((f) => f.code === RULE).map((f) => f.message);
}

test('Debug names a file with the key, Release none: the finding says the Release configuration', async () => {
  const found = await findings(project('release-bare', '\t\t\t\tPRODUCT_BUNDLE_IDENTIFIER = com.example.probe;\n\t\t\t\tSDKROOT = macosx;\n'));
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(found[0], /ProbeApp embeds com\.example\.probe\.driver\.dext in Contents\/Library\/SystemExtensions, but its Release configuration is signed without an entitlements file/);
});

test('control: both configurations name the file that holds the key', async () => {
  assert.deepEqual(await findings(project('both', '\t\t\t\tCODE_SIGN_ENTITLEMENTS = ProbeApp/ProbeApp.entitlements;\n\t\t\t\tPRODUCT_BUNDLE_IDENTIFIER = com.example.probe;\n\t\t\t\tSDKROOT = macosx;\n')), []);
});
