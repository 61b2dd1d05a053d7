import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Fix } from '../../../core/fixes/fix';
import type { Finding } from '../../../core/rules/finding';
import { fixesAt } from '../../../core/rules/fixesAt';
import type { Workspace } from '../../../core/workspace/workspace';
import { fixture } from '../../support/lspClient';
import { actualFindings, workspaceOf } from '../../support/analysis';

const temps: string[] = [];
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A copy of a broken fixture with its project text edited. */
function copyOf(name: string, project: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'driverkit-availability-'));
  temps.push(dir);
  cpSync(fixture(join('broken', name)), dir, { recursive: true });
  const path = join(dir, project);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  return dir;
}

const GADGET = 'sdk.unavailable-api';
const GADGET_PROJECT = join('Gadget.xcodeproj', 'project.pbxproj');
const gadgetAt = (debug: string, release = debug) =>
  copyOf(GADGET, GADGET_PROJECT, (text) => {
    let n = 0;
    return text.replace(/DRIVERKIT_DEPLOYMENT_TARGET = 19\.0;/g, () => (n++ === 0 ? debug : release));
  });

async function findings(dir: string): Promise<string[]> {
  const workspace = await workspaceOf(dir);
  try {
    return actualFindings(workspace);
  } finally {
    workspace.dispose();
  }
}

test('deploying to the version that introduced every API used: no finding', async () => {
  assert.deepEqual(await findings(gadgetAt('DRIVERKIT_DEPLOYMENT_TARGET = 21.0;')), []);
});

test('an unknown deployment target, or no project at all: no finding', async () => {
  assert.deepEqual(await findings(gadgetAt('')), [], 'the project sets none');
  assert.deepEqual(await findings(gadgetAt('DRIVERKIT_DEPLOYMENT_TARGET = "$(FROM_CI)";')), [], 'a value that cannot be resolved');
  const bare = copyOf(GADGET, GADGET_PROJECT, (t) => t);
  rmSync(join(bare, 'Gadget.xcodeproj'), { recursive: true });
  assert.deepEqual(await findings(bare), [], 'sources only');
});

test('between the two: only what is newer than the target is reported', async () => {
  assert.deepEqual(await findings(gadgetAt('DRIVERKIT_DEPLOYMENT_TARGET = 20.0;')), [
    'GadgetDriver.cpp:51 sdk.unavailable-api',
    'GadgetDriver.cpp:59 sdk.unavailable-api',
    'GadgetDriver.iig:18 sdk.unavailable-api',
    'GadgetSpeaker.iig:8 sdk.unavailable-api',
  ]);
});

test('Debug and Release deploying to different versions: the lower one counts', async () => {
  const dir = gadgetAt('DRIVERKIT_DEPLOYMENT_TARGET = 19.0;', 'DRIVERKIT_DEPLOYMENT_TARGET = 21.0;');
  assert.equal((await findings(dir)).length, 6);
  const workspace = await workspaceOf(dir);
  const base = workspace.check(join(dir, 'GadgetDriver', 'GadgetSpeaker.iig'))[0];
  workspace.dispose();
  assert.match(base.message, /IOUserAudioDriver is available from DriverKit 21\.0, but target GadgetDriver deploys to DriverKit 19\.0/);
});

const PAD = 'sdk.deprecated-api';
const padAt = (version: string) => copyOf(PAD, 'project.yml', (text) => text.replace('DRIVERKIT_DEPLOYMENT_TARGET: 23.0', `DRIVERKIT_DEPLOYMENT_TARGET: ${version}`));

test('deprecated and newer API through an XcodeGen spec: each reported from its own version on', async () => {
  assert.deepEqual(await findings(padAt('22.0')), ['PadDriver.cpp:19 sdk.unavailable-api'], 'the replacement is newer than 22.0');
  assert.deepEqual(await findings(padAt('21.0')), ['PadDriver.cpp:18 sdk.unavailable-api', 'PadDriver.cpp:19 sdk.unavailable-api']);
  assert.deepEqual(await findings(padAt('24.0')), ['PadDriver.cpp:18 sdk.deprecated-api']);
});

test('a class or method the .iig itself marks as available from a version may use what that version has', async () => {
  const dir = copyOf(GADGET, join('GadgetDriver', 'GadgetDriver.iig'), (text) =>
    text.replace('    virtual kern_return_t SetLEDState(', '    API_AVAILABLE(driverkit(21.0))\n    virtual kern_return_t SetLEDState(').replace('class GadgetDriver :', 'class __attribute__((availability(driverkit, introduced=20.0))) GadgetDriver :'),
  );
  // The override (now line 19) is gone; in the class marked 20.0 only the 21.0 calls remain.
  assert.deepEqual(await findings(dir), ['GadgetDriver.cpp:51 sdk.unavailable-api', 'GadgetDriver.cpp:59 sdk.unavailable-api', 'GadgetSpeaker.iig:8 sdk.unavailable-api']);
  const leading = copyOf(GADGET, join('GadgetDriver', 'GadgetSpeaker.iig'), (text) => text.replace('class GadgetSpeaker :', 'API_AVAILABLE(driverkit(21.0))\nclass GadgetSpeaker :'));
  assert.ok(!(await findings(leading)).some((f) => f.startsWith('GadgetSpeaker')), 'an annotation before the class counts too');
});

/** The fixes offered for one finding. */
function fixesOf(workspace: Workspace, path: string, found: Finding): Fix[] {
  return fixesAt({ path, file: workspace.index.file(path)!, span: found.span, findings: [found], index: workspace.index, catalog: workspace.catalog, textOf: (p) => workspace.text(p) });
}

/** The `sdk.unavailable-api` findings of a file, each with the titles of the fixes offered there. */
async function fixesOffered(dir: string, file: string): Promise<string[]> {
  const workspace = await workspaceOf(dir);
  try {
    const path = join(dir, file);
    return workspace
      .check(path)
      .filter((f) => f.code === GADGET)
      .map((f) => {
        const fixes = fixesOf(workspace, path, f);
        const line = readFileSync(path, 'utf8').slice(0, f.span.start).split('\n').length;
        return `${line} ${fixes.map((x) => x.title).join(' | ') || '(none)'}`;
      });
  } finally {
    workspace.dispose();
  }
}

test('a newer call that is a statement of its own is put under __builtin_available by its fix, and then not reported', async () => {
  const dir = gadgetAt('DRIVERKIT_DEPLOYMENT_TARGET = 19.0;');
  const cpp = join('GadgetDriver', 'GadgetDriver.cpp');
  const at21 = 'Call it only on DriverKit 21.0 and later (__builtin_available)';
  const at20 = 'Call it only on DriverKit 20.0 and later (__builtin_available)';
  assert.deepEqual(await fixesOffered(dir, cpp), [`51 ${at21}`, `59 ${at21}`, `67 ${at20}`, `80 ${at20}`]);
  // Applied one at a time, each on the text the previous one left.
  for (let round = 0; round < 4; round++) {
    const workspace = await workspaceOf(dir);
    const path = join(dir, cpp);
    const found = workspace.check(path).find((f) => f.code === GADGET);
    assert.ok(found, `round ${round}: a finding is left to fix`);
    const [fix] = fixesOf(workspace, path, found);
    workspace.dispose();
    const [edit] = fix.edits;
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end));
  }
  assert.deepEqual((await findings(dir)).filter((f) => f.startsWith('GadgetDriver.cpp')), []);
  const fixed = readFileSync(join(dir, cpp), 'utf8');
  assert.ok(
    fixed.includes(
      '    if (__builtin_available(driverkit 20.0, *)) {\n        client->CreateMemoryDescriptorFromClient(kIOMemoryDirectionOut, 1, segments, &memory); // expect: sdk.unavailable-api\n    }\n',
    ),
    'the statement keeps its line, comment included, one level deeper',
  );
});

test('no fix where wrapping would change the code: a declaration, a return, a condition', async () => {
  const dir = copyOf(GADGET, join('GadgetDriver', 'GadgetDriver.cpp'), (text) =>
    text
      .replace('    client->CreateMemoryDescriptorFromClient(', '    kern_return_t made = client->CreateMemoryDescriptorFromClient(')
      .replace(/    IOMemoryDescriptor::CreateSubMemoryDescriptor\(kIOMemoryDirectionOut, 0, 16, source, &part\); \/\/ expect/, '    if (IOMemoryDescriptor::CreateSubMemoryDescriptor(kIOMemoryDirectionOut, 0, 16, source, &part) != kIOReturnSuccess) return; // expect')
      .replace('API_AVAILABLE(driverkit(20.0))\n', ''),
  );
  const offered = await fixesOffered(dir, join('GadgetDriver', 'GadgetDriver.cpp'));
  assert.deepEqual(offered.filter((f) => f.endsWith('(none)')).map((f) => f.split(' ')[0]), ['67', '80', '96']);
});

test('the fix keeps a statement written over several lines together, and the file\'s line endings', async () => {
  const dir = copyOf(GADGET, join('GadgetDriver', 'GadgetDriver.cpp'), (text) =>
    text.replace('    client->CreateMemoryDescriptorFromClient(kIOMemoryDirectionOut, 1, segments, &memory); // expect: sdk.unavailable-api', '    client->CreateMemoryDescriptorFromClient(kIOMemoryDirectionOut, 1,\n                                             segments, &memory);').replace(/\n/g, '\r\n'),
  );
  const workspace = await workspaceOf(dir);
  try {
    const path = join(dir, 'GadgetDriver', 'GadgetDriver.cpp');
    const found = workspace.check(path).find((f) => f.code === GADGET && f.message.includes('CreateMemoryDescriptorFromClient'));
    assert.ok(found);
    const [fix] = fixesOf(workspace, path, found);
    assert.equal(
      fix?.edits[0].newText,
      '    if (__builtin_available(driverkit 20.0, *)) {\r\n        client->CreateMemoryDescriptorFromClient(kIOMemoryDirectionOut, 1,\r\n                                                 segments, &memory);\r\n    }',
    );
  } finally {
    workspace.dispose();
  }
});
