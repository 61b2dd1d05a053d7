import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readProject, type XcodeTarget } from '../../../core/xcode/buildSettings';
import { deploymentVersion, driverKitDeploymentTarget, sourceDeployment } from '../../../core/xcode/deploymentTarget';
import type { LinkedTarget } from '../../../core/xcode/projectSettings';
import { readXcodeGenSpec } from '../../../core/xcode/xcodegen';

/** Our broken fixture's project: the project level says 19.0 for Debug and Release; the target says nothing. */
const PBXPROJ = join(__dirname, '..', '..', 'fixtures', 'broken', 'sdk.unavailable-api', 'Gadget.xcodeproj', 'project.pbxproj');
const pbxproj = readFileSync(PBXPROJ, 'utf8');

/** The fixture project with each configuration's settings edited: `project` and `target` map a configuration to extra lines. */
function variant(edit: (text: string) => string, files: Record<string, string> = {}): XcodeTarget {
  const project = readProject(edit(pbxproj), PBXPROJ, (path) => files[path.split('/').pop()!]);
  const target = project.targets[0];
  assert.ok(target);
  return target;
}

/** Replaces the settings block of the configuration object with this id (…11/…12 project, …21/…22 target). */
function withSettings(id: string, settings: string): (text: string) => string {
  return (text) => text.replace(new RegExp(`(${id} /\\* \\w+ \\*/ = \\{\\s*isa = XCBuildConfiguration;\\s*buildSettings = \\{)[^}]*\\}`), `$1\n${settings}\n}`);
}

test('the project-level setting reaches the target; every configuration agrees', () => {
  assert.deepEqual(driverKitDeploymentTarget(variant((t) => t)), { version: '19.0', configuration: 'Debug' });
});

test('the target overrides the project, and the lowest configuration counts', () => {
  const target = variant((t) =>
    withSettings('C0FFEE000000000000000022', 'DRIVERKIT_DEPLOYMENT_TARGET = 21.0; PRODUCT_NAME = Gadget;')(
      withSettings('C0FFEE000000000000000021', 'DRIVERKIT_DEPLOYMENT_TARGET = 20.4; PRODUCT_NAME = Gadget;')(t),
    ),
  );
  assert.deepEqual(driverKitDeploymentTarget(target), { version: '20.4', configuration: 'Debug' });
});

test('a configuration that does not set it builds for the SDK itself and lowers nothing', () => {
  const target = variant(withSettings('C0FFEE000000000000000011', 'SDKROOT = driverkit;'));
  assert.deepEqual(driverKitDeploymentTarget(target), { version: '19.0', configuration: 'Release' });
  const none = variant((t) => withSettings('C0FFEE000000000000000012', 'SDKROOT = driverkit;')(withSettings('C0FFEE000000000000000011', 'SDKROOT = driverkit;')(t)));
  assert.equal(driverKitDeploymentTarget(none), undefined, 'set nowhere: unknown');
});

test('references resolve through other settings; what cannot be resolved leaves it unknown', () => {
  const resolved = variant(withSettings('C0FFEE000000000000000021', 'GADGET_MIN = 22; DRIVERKIT_DEPLOYMENT_TARGET = "$(GADGET_MIN)";'));
  assert.equal(driverKitDeploymentTarget(resolved)?.version, '19.0', 'Release still says 19.0');
  const debugOnly = variant((t) =>
    withSettings('C0FFEE000000000000000012', 'SDKROOT = driverkit;')(withSettings('C0FFEE000000000000000021', 'GADGET_MIN = 22; DRIVERKIT_DEPLOYMENT_TARGET = "$(GADGET_MIN)";')(t)),
  );
  assert.deepEqual(driverKitDeploymentTarget(debugOnly), { version: '22.0', configuration: 'Debug' });
  const unknown = variant(withSettings('C0FFEE000000000000000021', 'DRIVERKIT_DEPLOYMENT_TARGET = "$(SET_BY_CI)";'));
  assert.equal(driverKitDeploymentTarget(unknown), undefined, 'a configuration we cannot read may deploy lower than any other');
});

test('an xcconfig file the target is based on gives it', () => {
  const text = pbxproj
    .replace(/DRIVERKIT_DEPLOYMENT_TARGET = 19\.0;/g, '')
    .replace(/(C0FFEE00000000000000002[12] \/\* \w+ \*\/ = \{\s*isa = XCBuildConfiguration;)/g, '$1\n\t\t\tbaseConfigurationReference = C0FFEE000000000000000030 /* Gadget.xcconfig */;')
    .replace('/* Begin PBXGroup section */', '/* Begin PBXFileReference section */\n\t\tC0FFEE000000000000000030 /* Gadget.xcconfig */ = {isa = PBXFileReference; path = Gadget.xcconfig; sourceTree = "<group>"; };\n/* End PBXFileReference section */\n\n/* Begin PBXGroup section */')
    .replace('C0FFEE000000000000000004 /* GadgetDriver */,\n\t\t\t);', 'C0FFEE000000000000000004 /* GadgetDriver */,\n\t\t\t\tC0FFEE000000000000000030 /* Gadget.xcconfig */,\n\t\t\t);');
  const project = readProject(text, PBXPROJ, (path) => (path.endsWith('Gadget.xcconfig') ? '// our settings\nDRIVERKIT_DEPLOYMENT_TARGET = 20.2\n' : undefined));
  assert.deepEqual(driverKitDeploymentTarget(project.targets[0]), { version: '20.2', configuration: 'Debug' });
});

test('an XcodeGen spec: settings written as numbers or strings, per configuration; a spec with includes is unknown', () => {
  const spec = (settings: string, extra = '') =>
    readXcodeGenSpec(`name: Pad\n${extra}targets:\n  PadDriver:\n    type: driver-extension\n    platform: macOS\n    settings:\n${settings}\n`, '/work/Pad/project.yml', () => undefined)!.targets[0];
  assert.deepEqual(driverKitDeploymentTarget(spec('      DRIVERKIT_DEPLOYMENT_TARGET: 20.4')), { version: '20.4', configuration: 'Debug' });
  assert.deepEqual(driverKitDeploymentTarget(spec('      DRIVERKIT_DEPLOYMENT_TARGET: "23"')), { version: '23.0', configuration: 'Debug' });
  assert.deepEqual(
    driverKitDeploymentTarget(spec('      base:\n        DRIVERKIT_DEPLOYMENT_TARGET: 22.0\n      configs:\n        Release:\n          DRIVERKIT_DEPLOYMENT_TARGET: 21.0')),
    { version: '21.0', configuration: 'Release' },
  );
  // XcodeGen's own deploymentTarget knows no DriverKit platform: it sets MACOSX_DEPLOYMENT_TARGET, not this.
  assert.equal(driverKitDeploymentTarget(spec('      SDKROOT: driverkit', 'options:\n  deploymentTarget:\n    macOS: "15.0"\n')), undefined);
  assert.equal(driverKitDeploymentTarget(spec('      DRIVERKIT_DEPLOYMENT_TARGET: 20.4', 'include: [base.yml]\n')), undefined);
});

test('written forms of the version', () => {
  assert.equal(deploymentVersion('20'), '20.0');
  assert.equal(deploymentVersion(' "21.4" '), '21.4');
  assert.equal(deploymentVersion('22.4.1'), '22.4.1');
  assert.equal(deploymentVersion('$(X)'), undefined);
  assert.equal(deploymentVersion('latest'), undefined);
});

test('a source built by several targets deploys where the lowest dext target does; other kinds do not count', () => {
  const linked = (name: string, kind: LinkedTarget['kind'], version?: string): LinkedTarget =>
    ({ name, kind, ...(version && { deploymentTarget: { version, configuration: 'Release' } }) }) as unknown as LinkedTarget;
  assert.deepEqual(sourceDeployment([linked('Lite', 'dext', '21.0'), linked('Full', 'dext', '20.0'), linked('Tool', 'other', '11.0')]), {
    version: '20.0',
    configuration: 'Release',
    target: 'Full',
  });
  assert.equal(sourceDeployment([linked('App', 'app', '19.0'), linked('Dext', 'dext')]), undefined);
  assert.equal(sourceDeployment([]), undefined);
});
