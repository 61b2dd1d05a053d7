import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture } from '../../support/lspClient';
import { actualFindings, workspaceOf } from '../../support/analysis';

test('an Xcode project: $(...) values resolve through build settings, generated keys count as present', async () => {
  assert.deepEqual(actualFindings(await workspaceOf(fixture('xcode-project'))), []);
});

test('resolved values are really compared: a personality naming another bundle id is caught', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dk-project-'));
  try {
    cpSync(fixture('xcode-project'), dir, { recursive: true });
    const info = join(dir, 'SamplerDriver', 'Info.plist');
    const text = readFileSync(info, 'utf8');
    // The personality's CFBundleIdentifier: the first $(PRODUCT_BUNDLE_IDENTIFIER) after IOKitPersonalities.
    const personalityId = text.indexOf('<string>$(PRODUCT_BUNDLE_IDENTIFIER)</string>', text.indexOf('IOKitPersonalities'));
    assert.ok(personalityId > 0);
    writeFileSync(info, text.slice(0, personalityId) + '<string>com.example.Elsewhere</string>' + text.slice(personalityId + '<string>$(PRODUCT_BUNDLE_IDENTIFIER)</string>'.length));
    const findings = actualFindings(await workspaceOf(dir));
    assert.deepEqual(findings, ['Info.plist:28 plist.personality.bundle-id']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a key only Debug generates is missing from the default Release build, and the finding says so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dk-project-'));
  try {
    cpSync(fixture('xcode-project'), dir, { recursive: true });
    const pbxproj = join(dir, 'Sampler.xcodeproj', 'project.pbxproj');
    const text = readFileSync(pbxproj, 'utf8');
    // The lite dext's Release configuration loses its bundle identifier; Debug keeps it.
    const release = text.indexOf('B68567505ECC397CE9670BCC /* Release */ = {');
    const line = '\t\t\t\tPRODUCT_BUNDLE_IDENTIFIER = "$(SAMPLER_VENDOR_PREFIX).$(PRODUCT_NAME:rfc1034identifier)";\n';
    const at = text.indexOf(line, release);
    assert.ok(release > 0 && at > release);
    writeFileSync(pbxproj, text.slice(0, at) + text.slice(at + line.length));
    const workspace = await workspaceOf(dir);
    assert.deepEqual(actualFindings(workspace), ['Info.plist:4 plist.missing-key']);
    const info = join(dir, 'SamplerLiteDriver', 'Info.plist');
    const [finding] = workspace.check(info);
    assert.match(finding?.message ?? '', /^The Release configuration, the target's default, builds this Info\.plist without CFBundleIdentifier: Debug generates it/);
    assert.match(finding?.message ?? '', /Set PRODUCT_BUNDLE_IDENTIFIER/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a folder checked on its own is judged by the project of the repository it sits in', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dk-project-'));
  try {
    cpSync(fixture('xcode-project'), dir, { recursive: true });
    const driver = join(dir, 'SamplerLiteDriver');
    // Outside a repository nothing above the folder is read: its generated keys are unknown.
    const alone = actualFindings(await workspaceOf(driver));
    assert.ok(alone.includes('Info.plist:4 plist.missing-key'), alone.join('\n'));
    mkdirSync(join(dir, '.git'));
    assert.deepEqual(actualFindings(await workspaceOf(driver)), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
