/**
 * signing.host-userclient-access on copies of its fixture project: the finding, its quick fix, and
 * the cases where nothing is known or nothing is wrong (the dext allows any client, has no user
 * client, the app lists no bundle id, or names the dext).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { plistFixes } from '../../../../core/rules/fixesAt';
import { Workspace } from '../../../../core/workspace/workspace';
import { sharedParser } from '../../../support/analysis';
import { fixture } from '../../../support/lspClient';

const RULE = 'signing.host-userclient-access';
const temp = mkdtempSync(join(tmpdir(), 'host-client-access-'));
after(() => rmSync(temp, { recursive: true, force: true }));

let copies = 0;
/** A copy of the fixture project with `edit` applied to the files it names. */
function project(edit: Record<string, (text: string) => string> = {}): string {
  const folder = join(temp, String(++copies));
  cpSync(fixture('signing', 'projects', RULE), folder, { recursive: true });
  for (const [file, change] of Object.entries(edit)) writeFileSync(join(folder, file), change(readFileSync(join(folder, file), 'utf8')));
  return folder;
}

async function findings(folder: string) {
  const workspace = new Workspace(await sharedParser());
  await workspace.scan([folder]);
  const path = join(folder, 'ProbeApp', 'ProbeApp.entitlements');
  return { workspace, path, found: workspace.check(path).filter((f) => f.code === RULE) };
}

const APP = 'ProbeApp/ProbeApp.entitlements';
const DEXT_ENTITLEMENTS = 'ProbeDriver/ProbeDriver.entitlements';
const INFO = 'ProbeDriver/Info.plist';

describe('a host app whose userclient-access does not name its dext', () => {
  it('is found on the array, naming the dext, what the app names and what fails', async () => {
    const { found } = await findings(project());
    assert.equal(found.length, 1);
    assert.match(found[0].message, /^ProbeApp embeds com\.example\.probe\.driver\.dext \(com\.example\.probe\.driver\), whose personalities give it a user client/);
    assert.match(found[0].message, /names only com\.acme\.sensorhub\.dext/);
    assert.match(found[0].message, /UC failed userclient-access check/);
  });

  it('offers to add the dext\'s bundle id to the list, indented like its items', async () => {
    const { workspace, path, found } = await findings(project());
    const [fix] = plistFixes(workspace, path, found);
    assert.equal(fix.title, 'Add com.example.probe.driver to com.apple.developer.driverkit.userclient-access');
    const text = readFileSync(path, 'utf8');
    const edit = fix.edits[0];
    const fixed = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    assert.match(fixed, /\t\t<string>com\.acme\.sensorhub\.dext<\/string>\n\t\t<string>com\.example\.probe\.driver<\/string>\n\t<\/array>/);
  });

  const controls: [string, Record<string, (text: string) => string>][] = [
    ['the dext allows any client', { [DEXT_ENTITLEMENTS]: (t) => t.replace('<dict>', '<dict>\n\t<key>com.apple.developer.driverkit.allow-any-userclient-access</key>\n\t<true/>') }],
    ['the dext has no user client', { [INFO]: (t) => t.replace(/\t*<key>UserClientProperties<\/key>\n\t*<dict>[\s\S]*?<\/dict>\n/, '') }],
    ['the app names the dext too', { [APP]: (t) => t.replace('<string>com.acme.sensorhub.dext</string>', '<string>com.acme.sensorhub.dext</string>\n\t\t<string>com.example.probe.driver</string>') }],
    ['the app has no userclient-access', { [APP]: (t) => t.replace(/\t<key>com\.apple\.developer\.driverkit\.userclient-access<\/key>\n\t<array>[\s\S]*?<\/array>\n/, '') }],
    ['the app lists `*`', { [APP]: (t) => t.replace('com.acme.sensorhub.dext', '*') }],
  ];
  for (const [name, edit] of controls) {
    it(`control: nothing when ${name}`, async () => {
      const folder = project(edit);
      for (const [file] of Object.entries(edit)) assert.notEqual(readFileSync(join(folder, file), 'utf8'), readFileSync(join(fixture('signing', 'projects', RULE), file), 'utf8'), `${name}: the edit applies`);
      assert.deepEqual((await findings(folder)).found, []);
    });
  }
});
