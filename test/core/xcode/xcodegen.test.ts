import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { settingsFor, type XcodeProject } from '../../../core/xcode/buildSettings';
import { linkProjects, targetNaming } from '../../../core/xcode/projectSettings';
import { readXcodeGenSpec } from '../../../core/xcode/xcodegen';
import { actualFindings, workspaceOf } from '../../support/analysis';

const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'real-code', 'xcodegen');
const SPEC = join(FIXTURE, 'project.yml');
const noFiles = (): undefined => undefined;

function read(text: string, readFile: (path: string) => string | undefined = noFiles): XcodeProject | undefined {
  return readXcodeGenSpec(text, '/work/Dial/project.yml', readFile);
}

function settingsOf(project: XcodeProject | undefined, target: string, configuration: string): Record<string, string> {
  const found = project?.targets.find((t) => t.name === target);
  assert.ok(found, `target ${target}`);
  const settings = settingsFor(found, configuration);
  assert.ok(settings);
  return settings;
}

test('an XcodeGen spec gives targets with their product types and the settings XcodeGen would write', () => {
  const project = readXcodeGenSpec(readFileSync(SPEC, 'utf8'), SPEC, noFiles);
  assert.ok(project);
  assert.deepEqual(project.targets.map((t) => [t.name, t.productType]), [
    ['DialDriver', 'com.apple.product-type.driver-extension'],
    ['DialApp', 'com.apple.product-type.application'],
  ]);
  const debug = settingsOf(project, 'DialDriver', 'Debug');
  // bundleIdPrefix + target name, a setting group, numbers as written, YES kept as YES.
  assert.equal(debug.PRODUCT_BUNDLE_IDENTIFIER, 'com.example.DialDriver');
  assert.equal(debug.MARKETING_VERSION, '1.0');
  assert.equal(debug.GENERATE_INFOPLIST_FILE, 'YES');
  assert.equal(debug.OTHER_CFLAGS, '-DDIAL_TRACE=1', 'config settings match the configuration by name, case-insensitively');
  assert.equal(settingsOf(project, 'DialDriver', 'Release').OTHER_CFLAGS, undefined);
  const app = settingsOf(project, 'DialApp', 'Release');
  assert.equal(app.CODE_SIGN_ENTITLEMENTS, 'DialApp/DialApp.entitlements');
  assert.equal(app.INFOPLIST_FILE, 'DialApp/Info.plist');
  assert.equal(project.targets[1].infoProperties?.LSMinimumSystemVersion, '13.0');
  assert.equal(project.targets[1].infoProperties?.CFBundleIdentifier, '$(PRODUCT_BUNDLE_IDENTIFIER)');
  assert.deepEqual(project.targets[0].folders, [join(FIXTURE, 'DialDriver')]);
});

test('the workspace links a spec like a project: the dext Info.plist gets its generated keys and bundle id', async () => {
  const links = await linkProjects([FIXTURE]);
  const named = targetNaming(links, join(FIXTURE, 'DialDriver', 'Info.plist'));
  assert.equal(named?.target.kind, 'dext');
  assert.equal(named?.target.generated?.CFBundleIdentifier, 'com.example.DialDriver');
  assert.equal(named?.target.generated?.OSBundleUsageDescription, 'Turns the dial.');
  assert.equal(targetNaming(links, join(FIXTURE, 'DialApp', 'DialApp.entitlements'))?.target.kind, 'app');
});

test('without its spec the same Info.plist lacks its keys: the spec is what silences them', async () => {
  const copy = mkdtempSync(join(tmpdir(), 'xcodegen-'));
  try {
    cpSync(FIXTURE, copy, { recursive: true });
    rmSync(join(copy, 'project.yml'));
    const findings = actualFindings(await workspaceOf(copy));
    assert.ok(findings.some((f) => f.endsWith(' plist.missing-key')), findings.join('\n'));
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

test('config settings, merge keys, xcconfig files and setting groups combine in XcodeGen order', () => {
  const spec = [
    'configs: { Debug: debug, Release: release, Release-Beta: release }',
    'configFiles: { Release: Shared.xcconfig }',
    'defaults: &defaults',
    '  SDKROOT: driverkit',
    '  CURRENT_PROJECT_VERSION: 7',
    'targets:',
    '  Knob:',
    '    type: com.apple.product-type.driver-extension',
    '    settings:',
    '      base:',
    '        <<: *defaults',
    '        CURRENT_PROJECT_VERSION: 8',
    '        DEBUG_ONLY: NO',
    '      configs:',
    '        Release: { DEBUG_ONLY: true }',
    '        beta: { CHANNEL: beta }',
  ].join('\n');
  const project = read(spec, (path) => (path === '/work/Dial/Shared.xcconfig' ? 'MARKETING_VERSION = 2.1\n' : undefined));
  const release = settingsOf(project, 'Knob', 'Release');
  assert.equal(release.SDKROOT, 'driverkit');
  assert.equal(release.CURRENT_PROJECT_VERSION, '8', 'what the map says wins over what it merges');
  assert.equal(release.DEBUG_ONLY, 'YES');
  assert.equal(release.MARKETING_VERSION, '2.1');
  assert.equal(release.CHANNEL, undefined);
  // `Release` names another configuration exactly, so it does not reach Release-Beta; `beta` does.
  const beta = settingsOf(project, 'Knob', 'Release-Beta');
  assert.equal(beta.DEBUG_ONLY, 'NO');
  assert.equal(beta.CHANNEL, 'beta');
  assert.equal(project?.targets[0].defaultConfigurationName, 'Release');
});

test('what the reader does not follow marks the settings incomplete', () => {
  const included = read('include: [base.yml]\ntargets:\n  Knob:\n    type: driver-extension\n');
  assert.equal(included?.targets[0].incomplete, 'the spec includes other spec files');
  const templated = read('targets:\n  Knob:\n    type: driver-extension\n    templates: [Dext]\n');
  assert.equal(templated?.targets[0].incomplete, 'the target uses templates');
});

test('YAML that is no XcodeGen spec, broken YAML and alias bombs are not read', () => {
  assert.equal(read('name: tool config\nsteps: [build, test]\n'), undefined);
  assert.equal(read('targets: [a, b]\n'), undefined);
  assert.equal(read('targets:\n  Knob: {\n'), undefined);
  assert.equal(read('\u0000\u0001binary'), undefined);
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let level = 1; level < 9; level++) {
    const previous = String.fromCharCode(96 + level);
    const name = String.fromCharCode(97 + level);
    bomb.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
  }
  bomb.push('targets:\n  Knob:\n    type: driver-extension\n    settings: { base: { OTHER: *i } }');
  assert.equal(read(bomb.join('\n')), undefined);
});
