import assert from 'node:assert/strict';
import { mkdirSync, utimesSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { chooseProfile } from '../../../core/signing/profileChoice';
import { findProfileFiles, ProfileCache, userProfileFolders } from '../../../core/signing/profileDiscovery';
import { DAY, ProfileFactory } from './support/profiles';
import { ensureProfileFolder, FOLDER_NOW, RIGHT_UUID, TARGET_BUNDLE, TARGET_TEAM } from './support/profileFolder';

describe('finding profiles', () => {
  let factory: ProfileFactory;
  let workspace: string;
  before(() => {
    factory = new ProfileFactory();
    workspace = join(factory.dir, 'ws');
    const spec = (uuid: string) => ({ name: uuid, uuid, created: new Date(FOLDER_NOW - DAY), expires: new Date(FOLDER_NOW + DAY) });
    factory.profile(spec('W1'), 'Driver.provisionprofile', { folder: join(workspace, 'Signing') });
    factory.profile(spec('W2'), 'App.mobileprovision', { folder: join(workspace, 'Signing', 'ios') });
    // Under build/: found only as an embedded profile of a bundle, never by the workspace walk.
    factory.profile(spec('B1'), 'embedded.provisionprofile', { folder: join(workspace, 'build', 'Debug', 'Host.app', 'Contents') });
    factory.profile(spec('B2'), 'embedded.provisionprofile', { folder: join(workspace, 'build', 'Debug', 'Host.app', 'Contents', 'Library', 'SystemExtensions', 'com.example.driver.dext') });
    factory.profile(spec('B3'), 'embedded.provisionprofile', { folder: join(workspace, 'build', 'Debug', 'com.example.driver.dext') });
    factory.profile(spec('B4'), 'stray.provisionprofile', { folder: join(workspace, 'build', 'Intermediates.noindex') });
  });

  it('walks the workspace for profile files and build folders for embedded profiles', async () => {
    const files = await findProfileFiles([{ path: workspace, kind: 'workspace' }, { path: join(workspace, 'build'), kind: 'build' }]);
    const rel = files.map((f) => f.slice(workspace.length + 1)).sort();
    assert.deepEqual(rel, [
      'Signing/Driver.provisionprofile',
      'Signing/ios/App.mobileprovision',
      'build/Debug/Host.app/Contents/Library/SystemExtensions/com.example.driver.dext/embedded.provisionprofile',
      'build/Debug/Host.app/Contents/embedded.provisionprofile',
      'build/Debug/com.example.driver.dext/embedded.provisionprofile',
    ]);
  });

  it('names the user folders under a given home and passes over missing folders', async () => {
    const folders = userProfileFolders('/Users/jane');
    assert.deepEqual(folders.map((f) => f.path), ['/Users/jane/Library/Developer/Xcode/UserData/Provisioning Profiles', '/Users/jane/Library/MobileDevice/Provisioning Profiles']);
    assert.deepEqual(await findProfileFiles(folders), []);
  });

  it('reads each file once while it is unchanged, again when it changes, and reports bad files', async () => {
    const folder = join(factory.dir, 'cache');
    mkdirSync(folder, { recursive: true });
    const path = join(folder, 'one.provisionprofile');
    copyFileSync(join(workspace, 'Signing', 'Driver.provisionprofile'), path);
    writeFileSync(join(folder, 'junk.provisionprofile'), 'not a profile');
    const cache = new ProfileCache();
    const files = await findProfileFiles([{ path: folder, kind: 'profiles' }]);
    const first = await cache.load(files);
    assert.equal(first.profiles.length, 1);
    assert.equal(first.problems.length, 1);
    assert.equal(first.problems[0].reason, 'not-cms');
    const second = await cache.load(files);
    assert.equal(second.profiles[0], first.profiles[0], 'an unchanged file is not parsed again');
    copyFileSync(join(workspace, 'Signing', 'ios', 'App.mobileprovision'), path);
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    const third = await cache.load(files);
    assert.equal(third.profiles[0].uuid, 'W2');
  });

  it('reads a folder of 500 profiles and picks the right one for a dext', async () => {
    const folder = await ensureProfileFolder(500);
    const cache = new ProfileCache();
    const { profiles, problems } = await cache.load(await findProfileFiles([{ path: folder, kind: 'profiles' }]));
    assert.equal(profiles.length, 500);
    assert.equal(problems.length, 0);
    const choice = chooseProfile({ settings: { DEVELOPMENT_TEAM: TARGET_TEAM, CODE_SIGN_STYLE: 'Automatic' }, bundleId: TARGET_BUNDLE, profiles, now: FOLDER_NOW });
    assert.equal(choice.profile?.uuid, RIGHT_UUID, choice.reason);
  });
});
