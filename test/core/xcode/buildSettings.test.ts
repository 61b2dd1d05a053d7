import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import {
  dextTarget,
  findProjects,
  infoPlistValues,
  loadProject,
  readProject,
  readXcconfig,
  resolveSetting,
  settingsFor,
  targetFilePaths,
  type BuildSettings,
  type XcodeProject,
} from '../../../core/xcode/buildSettings';
import { MAX_NESTING, parseOpenStepPlist, PbxprojError } from '../../../core/xcode/pbxproj';

const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'xcode-project');
const PBXPROJ = join(FIXTURE, 'Sampler.xcodeproj', 'project.pbxproj');
const fixtureProject = (): XcodeProject => readProject(readFileSync(PBXPROJ, 'utf8'), PBXPROJ);

function settingsOf(project: XcodeProject, target: string, configuration = 'Release'): BuildSettings {
  const found = project.targets.find((t) => t.name === target);
  assert.ok(found, `target ${target}`);
  const settings = settingsFor(found, configuration);
  assert.ok(settings, `${target} ${configuration}`);
  return settings;
}

function parseError(text: string): PbxprojError {
  try {
    parseOpenStepPlist(text);
  } catch (error) {
    assert.ok(error instanceof PbxprojError, `expected PbxprojError, got ${String(error)}`);
    return error;
  }
  assert.fail(`no error for ${JSON.stringify(text.slice(0, 40))}`);
}

// ---------------------------------------------------------------------------------------------
// The OpenStep parser

test('the parser reads comments, unquoted and quoted strings, escapes and nested containers', () => {
  const text = [
    '// !$*UTF8*$!',
    '{',
    '\t/* a block comment */ plain = com.example.Sampler-1_$x/y:z; // a line comment',
    '\tquoted = "say \\"hi\\"\\\\ \\n\\t!";',
    "\tsingle = 'it''s';".replace("''", "\\'"),
    '\tunicode = "caf\\U00e9 \\UD83D\\UDE00 \\101";',
    '\traw = "© — unescaped UTF-8";',
    '\t"quoted key" = ( a, ( b, c ), { d = e; }, "", );',
    '\tnoTrailingComma = ( 1, 2 );',
    '\tempty = { };',
    '\temptyList = ( );',
    '\t__proto__ = ordinary;',
    '}',
  ].join('\n');
  const parsed = parseOpenStepPlist(text) as Record<string, unknown>;
  assert.equal(parsed.plain, 'com.example.Sampler-1_$x/y:z');
  assert.equal(parsed.quoted, 'say "hi"\\ \n\t!');
  assert.equal(parsed.single, "it's");
  assert.equal(parsed.unicode, 'café 😀 A');
  assert.equal(parsed.raw, '© — unescaped UTF-8');
  assert.deepEqual(parsed['quoted key'], ['a', ['b', 'c'], { d: 'e' }, '']);
  assert.deepEqual(parsed.noTrailingComma, ['1', '2']);
  assert.deepEqual(parsed.empty, {});
  assert.deepEqual(parsed.emptyList, []);
  // a key named __proto__ is data, never the object's prototype
  assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value, 'ordinary');
});

test('a top-level string and a byte-order mark are accepted', () => {
  assert.equal(parseOpenStepPlist('\ufeff  "just text" // done'), 'just text');
});

test('malformed input gives a PbxprojError at the offending offset', () => {
  const cases: [text: string, offset: number, message: RegExp][] = [
    ['{ a = b }', 8, /expected ';' after the value of "a"/],
    ['{ a b; }', 4, /expected '=' after the key "a"/],
    ['( a b )', 4, /expected ',' or '\)'/],
    ['( a, , b )', 5, /expected a value, found ','/],
    ['{ a = "never closed; }', 6, /unterminated string/],
    ['{ a = b; ', 9, /the \{ at offset 0 is never closed/],
    ['( a, b', 6, /the \( at offset 0 is never closed/],
    ['{ a = b; } extra', 11, /unexpected text after the end/],
    ['{ a = <0fbd>; }', 6, /data values/],
    ['{ a = b; /* never closed', 9, /unterminated \/\* comment/],
    ['', 0, /unexpected end of text: expected a value/],
    ['{ a = @; }', 6, /found '@'/],
    ['{ a = "\\U"; }', 7, /hex digits after \\U/],
    ['{ a = "ends in a backslash\\', 6, /unterminated string/],
  ];
  for (const [text, offset, message] of cases) {
    const error = parseError(text);
    assert.equal(error.offset, offset, `${JSON.stringify(text)}: ${error.message}`);
    assert.match(error.message, message);
    assert.match(error.message, new RegExp(`offset ${offset}\\)$`));
  }
});

test('errors carry 1-based line and column', () => {
  const error = parseError('{\n\ta = b;\n\tc = ;\n}');
  assert.equal(error.line, 3);
  assert.equal(error.column, 6);
  assert.match(error.message, /line 3, column 6/);
});

test('binary and XML property lists and random bytes are refused, not crashed on', () => {
  assert.match(parseError('bplist00\u00d4\u0001\u0002').message, /binary property list/);
  assert.match(parseError('<?xml version="1.0"?><plist/>').message, /XML property list/);
  let seed = 7;
  const bytes = Buffer.from(Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) & 0xff)));
  parseError(bytes.toString('latin1'));
  parseError(`{ key = ${bytes.toString('utf8')}`); // invalid UTF-8 decodes to U+FFFD
  parseError('\u0000\u0001\u0002');
});

test('nesting deeper than the limit is an error, not a stack overflow', () => {
  const deep = '('.repeat(100_000);
  assert.match(parseError(deep).message, new RegExp(`nesting deeper than ${MAX_NESTING}`));
  assert.match(parseError('{ a = '.repeat(MAX_NESTING + 1)).message, /nesting deeper/);
  const atLimit = '('.repeat(MAX_NESTING) + ')'.repeat(MAX_NESTING);
  let value = parseOpenStepPlist(atLimit);
  for (let depth = 1; depth < MAX_NESTING; depth++) value = (value as unknown[])[0];
  assert.deepEqual(value, []);
});

test('large inputs are read in linear time', () => {
  const items = 200_000;
  const started = Date.now();
  const list = parseOpenStepPlist(`( ${'"x\\ty", '.repeat(items)} )`) as string[];
  assert.equal(list.length, items);
  assert.equal(list[items - 1], 'x\ty');
  parseError(`"${'\\\\'.repeat(200_000)}`); // an unterminated string full of escapes
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
});

// ---------------------------------------------------------------------------------------------
// The fixture project

test('the fixture project lists its native targets and picks the dext', () => {
  const project = fixtureProject();
  assert.equal(project.sourceRoot, FIXTURE);
  assert.deepEqual(project.warnings, []); // the optional Local.xcconfig is absent without a warning
  assert.deepEqual(
    project.targets.map((t) => [t.name, t.productType]),
    [
      ['Sampler', 'com.apple.product-type.application'],
      ['SamplerDriver', 'com.apple.product-type.driver-extension'],
      ['SamplerLite_Driver', 'com.apple.product-type.driver-extension'],
    ],
  );
  const dext = dextTarget(project);
  assert.equal(dext?.name, 'SamplerDriver');
  assert.equal(dext?.id, '8BB0C01843714AF67D22A0C2');
  assert.equal(dext?.defaultConfigurationName, 'Release');
  assert.deepEqual(dext?.configurations.map((c) => c.name), ['Debug', 'Release']);
  assert.equal(dextTarget({ sourceRoot: '/', targets: [project.targets[0]], warnings: [] }), undefined);
});

test('the project folder may be given as the containing folder, the .xcodeproj or the pbxproj', () => {
  const text = readFileSync(PBXPROJ, 'utf8');
  for (const dir of [FIXTURE, join(FIXTURE, 'Sampler.xcodeproj'), PBXPROJ]) {
    const project = readProject(text, dir);
    assert.equal(project.sourceRoot, FIXTURE);
    assert.equal(settingsOf(project, 'SamplerDriver').MARKETING_VERSION, '1.2');
  }
  assert.equal(settingsOf(readProject(text, PBXPROJ), 'Sampler').PROJECT_NAME, 'Sampler');
});

test('settings merge as Xcode layers them: project xcconfig < project < target xcconfig < target', () => {
  const project = fixtureProject();
  const app = settingsOf(project, 'Sampler', 'Debug');
  const dext = settingsOf(project, 'SamplerDriver', 'Debug');
  // the project's own value beats the xcconfig it is based on
  assert.equal(app.CLANG_CXX_LANGUAGE_STANDARD, 'gnu++20');
  // values only in the project's xcconfig (and a file it includes) reach every target
  assert.equal(dext.DEVELOPMENT_TEAM, 'ABCDE12345');
  assert.equal(app.MARKETING_VERSION, '1.0');
  assert.equal(app.CURRENT_PROJECT_VERSION, '1'); // trailing ';' dropped
  // a target's xcconfig beats the project; the target's own settings beat its xcconfig
  assert.equal(app.SDKROOT, 'macosx');
  assert.equal(dext.SDKROOT, 'driverkit');
  assert.equal(dext.DRIVERKIT_DEPLOYMENT_TARGET, '21.0');
  assert.equal(dext.MARKETING_VERSION, '1.2');
  assert.equal(dext.CURRENT_PROJECT_VERSION, '7');
  // $(inherited) takes the value from below; list values are joined; comments are cut
  assert.equal(app.GCC_PREPROCESSOR_DEFINITIONS, 'DEBUG=1 SAMPLER_SHARED=1');
  assert.equal(dext.GCC_PREPROCESSOR_DEFINITIONS, 'DEBUG=1 SAMPLER_SHARED=1 SAMPLER_DRIVER=1');
  assert.equal(settingsOf(project, 'SamplerDriver', 'Release').GCC_PREPROCESSOR_DEFINITIONS, 'SAMPLER_SHARED=1 SAMPLER_DRIVER=1');
  assert.equal(app.LD_RUNPATH_SEARCH_PATHS, '@executable_path/../Frameworks');
  // conditional settings are left out; the unconditional one stays
  assert.equal(app.CODE_SIGN_IDENTITY, '-');
  assert.ok(Object.keys(app).every((key) => !key.includes('[')));
  // values Xcode defines itself
  assert.equal(dext.TARGET_NAME, 'SamplerDriver');
  assert.equal(dext.CONFIGURATION, 'Debug');
  assert.equal(dext.SRCROOT, FIXTURE);
  assert.equal(dext.PRODUCT_BUNDLE_PACKAGE_TYPE, 'DEXT');
  assert.equal(app.PRODUCT_BUNDLE_PACKAGE_TYPE, 'APPL');
});

test('build settings in the fixture resolve to the values the bundle gets', () => {
  const project = fixtureProject();
  const dext = settingsOf(project, 'SamplerDriver');
  assert.equal(resolveSetting('$(PRODUCT_BUNDLE_IDENTIFIER)', dext), 'com.example.Sampler.Driver');
  // PRODUCT_NAME = $(PRODUCT_BUNDLE_IDENTIFIER) in Driver.xcconfig; EXECUTABLE_NAME defaults to it
  assert.equal(resolveSetting('${EXECUTABLE_NAME}', dext), 'com.example.Sampler.Driver');
  assert.equal(resolveSetting('$(PRODUCT_BUNDLE_PACKAGE_TYPE)', dext), 'DEXT');
  assert.equal(resolveSetting('$(DEVELOPMENT_LANGUAGE)', dext), 'en');
  assert.equal(resolveSetting('$(MARKETING_VERSION) ($(CURRENT_PROJECT_VERSION))', dext), '1.2 (7)');

  const lite = settingsOf(project, 'SamplerLite_Driver');
  assert.equal(resolveSetting('$(PRODUCT_NAME:rfc1034identifier)', lite), 'SamplerLite-Driver');
  assert.equal(resolveSetting('$(PRODUCT_BUNDLE_IDENTIFIER)', lite), 'com.example.SamplerLite-Driver');
  assert.equal(resolveSetting('$EXECUTABLE_NAME', lite), 'SamplerLite_Driver');

  const app = settingsOf(project, 'Sampler');
  assert.equal(resolveSetting('$(PRODUCT_NAME)', app), 'Sampler');
  assert.equal(resolveSetting('$(SAMPLER_UNDEFINED_SETTING)', app), undefined);

  // every reference in the dext's Info.plist resolves
  const infoPlist = readFileSync(join(FIXTURE, 'SamplerDriver', 'Info.plist'), 'utf8');
  for (const [reference] of infoPlist.matchAll(/\$\([A-Z_]+\)/g)) assert.notEqual(resolveSetting(reference, dext), undefined, reference);
});

test('generated Info.plist values come from INFOPLIST_KEY_* and the bundle settings', () => {
  const project = fixtureProject();
  assert.deepEqual(infoPlistValues(settingsOf(project, 'SamplerLite_Driver')), {
    CFBundleIdentifier: 'com.example.SamplerLite-Driver',
    CFBundleShortVersionString: '2.0',
    CFBundleVersion: '3',
    CFBundleExecutable: 'SamplerLite_Driver',
    CFBundlePackageType: 'DEXT',
    NSHumanReadableCopyright: '© 2024 Example Corp. All rights reserved.',
    OSBundleUsageDescription: 'Reads the "lite" sensor board of the Sampler kit.',
  });
  // the other dext writes its Info.plist by hand
  assert.equal(infoPlistValues(settingsOf(project, 'SamplerDriver')), undefined);
  // a generated key whose value cannot be resolved is present, as undefined: never flag it
  const values = infoPlistValues({ GENERATE_INFOPLIST_FILE: 'YES', TARGET_NAME: 'X', INFOPLIST_KEY_OSBundleUsageDescription: '$(NOT_SET)' });
  assert.deepEqual(values, { CFBundleExecutable: 'X', OSBundleUsageDescription: undefined });
  assert.ok(values && 'OSBundleUsageDescription' in values);
  assert.equal(infoPlistValues({ GENERATE_INFOPLIST_FILE: 'NO', INFOPLIST_KEY_A: 'b' }), undefined);
  assert.equal(infoPlistValues({ GENERATE_INFOPLIST_FILE: '$(MAYBE)', INFOPLIST_KEY_A: 'b' }), undefined);
});

test('INFOPLIST_FILE and CODE_SIGN_ENTITLEMENTS become paths in the project folder', () => {
  const project = fixtureProject();
  const dext = targetFilePaths(settingsOf(project, 'SamplerDriver'));
  assert.equal(dext.infoPlist, join(FIXTURE, 'SamplerDriver', 'Info.plist'));
  assert.equal(dext.entitlements, join(FIXTURE, 'SamplerDriver', 'SamplerDriver.entitlements'));
  assert.ok(existsSync(dext.infoPlist) && existsSync(dext.entitlements));
  const app = targetFilePaths(settingsOf(project, 'Sampler'));
  assert.equal(app.infoPlist, undefined);
  assert.equal(app.entitlements, join(FIXTURE, 'Sampler', 'Sampler.entitlements'));
  // relative without a folder: unknown; absolute: kept; references: expanded first
  assert.deepEqual(targetFilePaths({ INFOPLIST_FILE: 'A/Info.plist' }), { infoPlist: undefined, entitlements: undefined });
  assert.equal(targetFilePaths({ INFOPLIST_FILE: '/abs/Info.plist' }).infoPlist, '/abs/Info.plist');
  assert.equal(targetFilePaths({ TARGET_NAME: 'Drv', INFOPLIST_FILE: '$(TARGET_NAME)/Info.plist' }, '/p').infoPlist, '/p/Drv/Info.plist');
  assert.equal(targetFilePaths({ INFOPLIST_FILE: '$(NOPE)/Info.plist' }, '/p').infoPlist, undefined);
});

test('an entitlements file handed to codesign in OTHER_CODE_SIGN_FLAGS is the target\'s when CODE_SIGN_ENTITLEMENTS names none', () => {
  const flags = (value: string, more: Record<string, string> = {}) => targetFilePaths({ SRCROOT: '/p', TARGET_NAME: 'Drv', OTHER_CODE_SIGN_FLAGS: value, ...more }).entitlements;
  assert.equal(flags('--entitlements $(SRCROOT)/Drv/Drv.entitlements'), '/p/Drv/Drv.entitlements');
  // getopt_long takes a prefix of the option; `=` joins it to its value; list settings arrive quoted
  assert.equal(flags('--entitlement $(TARGET_NAME)/Drv.entitlements --team-identifier X'), '/p/Drv/Drv.entitlements');
  assert.equal(flags('--timestamp=none --entitlements=Drv/Drv.entitlements'), '/p/Drv/Drv.entitlements');
  assert.equal(flags('--deep "--entitlements" "My Driver/Drv.entitlements"'), '/p/My Driver/Drv.entitlements');
  // CODE_SIGN_ENTITLEMENTS wins; no file, an unresolved one or an option in its place: none
  assert.equal(flags('--entitlements Other.entitlements', { CODE_SIGN_ENTITLEMENTS: 'Drv/Drv.entitlements' }), '/p/Drv/Drv.entitlements');
  assert.equal(flags('--timestamp=none --options runtime'), undefined);
  assert.equal(flags('--entitlements $(NOPE)/Drv.entitlements'), undefined);
  assert.equal(flags('--entitlements --force'), undefined);
  assert.equal(flags('--entitlements'), undefined);
  assert.equal(flags('--e Drv.entitlements'), undefined);
});

test('loadProject reads the project and its xcconfig files from disk', async () => {
  const project = await loadProject(PBXPROJ);
  assert.equal(settingsOf(project, 'SamplerDriver').DEVELOPMENT_TEAM, 'ABCDE12345');
});

// ---------------------------------------------------------------------------------------------
// $(VAR) expansion

test('resolveSetting expands every reference form and the common modifiers', () => {
  const settings = { NAME: 'My Driver 2', KIND: 'DRV', NAME_DRV: 'picked', EMPTY: '', A: '$(B)', B: 'b' };
  assert.equal(resolveSetting('$(NAME) ${NAME} $NAME', settings), 'My Driver 2 My Driver 2 My Driver 2');
  assert.equal(resolveSetting('$(NAME_$(KIND))', settings), 'picked');
  assert.equal(resolveSetting('$(NAME:lower)|$(NAME:upper)', settings), 'my driver 2|MY DRIVER 2');
  assert.equal(resolveSetting('$(NAME:rfc1034identifier)', { NAME: 'My App_2.x' }), 'My-App-2.x');
  assert.equal(resolveSetting('$(NAME:c99extidentifier)', { NAME: '2nd Driver-Kit' }), '_2nd_Driver_Kit');
  assert.equal(resolveSetting('$(NAME:identifier)', { NAME: 'Café' }), 'Caf_');
  assert.equal(resolveSetting('$(NAME:rfc1034identifier:lower)', settings), 'my-driver-2');
  assert.equal(resolveSetting('$(EMPTY:default=fallback) $(UNSET:default=$(B))', settings), 'fallback b');
  assert.equal(resolveSetting('$(A)$(A)', settings), 'bb');
});

test('a lone dollar sign is literal and an empty setting resolves to empty text', () => {
  assert.equal(resolveSetting('5$ each, $-off, $1, end$', {}), '5$ each, $-off, $1, end$');
  assert.equal(resolveSetting('[$(EMPTY)]', { EMPTY: '' }), '[]');
  assert.equal(resolveSetting('no references', {}), 'no references');
});

test('Xcode defaults fill in PRODUCT_NAME and EXECUTABLE_NAME', () => {
  assert.equal(resolveSetting('$(PRODUCT_NAME)', { TARGET_NAME: 'Drv' }), 'Drv');
  assert.equal(resolveSetting('$(EXECUTABLE_NAME)', { TARGET_NAME: 'Drv' }), 'Drv');
  assert.equal(resolveSetting('$(EXECUTABLE_NAME)', { TARGET_NAME: 'Drv', PRODUCT_NAME: 'com.example.drv' }), 'com.example.drv');
  assert.equal(resolveSetting('$(PRODUCT_MODULE_NAME)', { TARGET_NAME: 'My-Drv' }), 'My_Drv');
  assert.equal(resolveSetting('$(EXECUTABLE_NAME)', {}), undefined); // no target name: unknown
});

test('what cannot be resolved gives undefined', () => {
  assert.equal(resolveSetting('$(UNSET)', {}), undefined);
  assert.equal(resolveSetting('prefix.$(UNSET).suffix', { OTHER: 'x' }), undefined);
  assert.equal(resolveSetting('$(A)', { A: '$(B)', B: '$(A)' }), undefined); // a cycle
  assert.equal(resolveSetting('$(A)', { A: 'x $(A)' }), undefined);
  assert.equal(resolveSetting('$(NAME:frobnicate)', { NAME: 'x' }), undefined); // unknown modifier
  assert.equal(resolveSetting('$(NAME', { NAME: 'x' }), undefined); // never closed
  assert.equal(resolveSetting('$(constructor) $(toString)', {}), undefined); // not inherited from Object
  assert.equal(resolveSetting('$(NAME_$(UNSET))', { NAME_: 'x' }), undefined);
});

test('long chains and exploding expansions stop instead of hanging', () => {
  const chain: Record<string, string> = { V0: 'end' };
  for (let i = 1; i <= 10_000; i++) chain[`V${i}`] = `$(V${i - 1})`;
  assert.equal(resolveSetting('$(V10)', chain), 'end');
  assert.equal(resolveSetting('$(V10000)', chain), undefined); // too deep
  const doubling: Record<string, string> = { D0: 'xxxxxxxx' };
  for (let i = 1; i <= 30; i++) doubling[`D${i}`] = `$(D${i - 1})$(D${i - 1})`;
  const started = Date.now();
  assert.equal(resolveSetting('$(D10)', doubling)?.length, 8 * 2 ** 10);
  assert.equal(resolveSetting('$(D30)', doubling), undefined); // 8 × 2^30 characters: given up on
  assert.ok(Date.now() - started < 2000);
});

// ---------------------------------------------------------------------------------------------
// xcconfig files and file references, on an in-memory file system

function memoryFiles(files: Record<string, string>): { read: (path: string) => string | undefined; asked: string[] } {
  const asked: string[] = [];
  return { asked, read: (path) => (asked.push(path), files[path]) };
}

test('xcconfig files: includes, optional includes, conditionals, comments and cycles', () => {
  const fs = memoryFiles({
    '/p/A.xcconfig': '#include "sub/B.xcconfig"\n#include? "Missing.xcconfig"\nK = a // comment\nK[sdk=macosx*] = conditional\nL = x;\n  // only a comment\nbad line\n',
    '/p/sub/B.xcconfig': 'K = from b\nM = m\n#include "../A.xcconfig"\n#include "<DEVELOPER_DIR>/Makefiles/x.xcconfig"\n',
  });
  const warnings: string[] = [];
  assert.deepEqual(readXcconfig('/p/A.xcconfig', fs.read, warnings), [
    ['K', 'from b'],
    ['M', 'm'],
    ['K', 'a'],
    ['L', 'x'],
  ]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /\/p\/A\.xcconfig: #include cycle/);
  assert.ok(fs.asked.includes('/p/Missing.xcconfig'));
  assert.ok(!fs.asked.some((p) => p.includes('DEVELOPER_DIR')));
});

/** A minimal project whose one target's configuration names `fileId` as its base xcconfig. */
function projectWith(fileObjects: string, baseReference: string, extraProject = ''): string {
  return `// !$*UTF8*$!
{
  archiveVersion = 1; objectVersion = 56;
  objects = {
    P0000000000000000000000A /* Project object */ = { isa = PBXProject; mainGroup = G0000000000000000000000A; buildConfigurationList = L0000000000000000000000A; targets = ( T0000000000000000000000A /* Drv */, T0000000000000000000000B /* Agg */ ); ${extraProject} };
    G0000000000000000000000A = { isa = PBXGroup; children = ( G0000000000000000000000B /* Inner */ ); sourceTree = "<group>"; };
    G0000000000000000000000B /* Inner */ = { isa = PBXGroup; children = ( F0000000000000000000000A ); path = Outer/Inner; sourceTree = "<group>"; };
    ${fileObjects}
    L0000000000000000000000A = { isa = XCConfigurationList; buildConfigurations = ( C0000000000000000000000A ); };
    C0000000000000000000000A /* Debug */ = { isa = XCBuildConfiguration; ${baseReference} buildSettings = { FROM_PROJECT = yes; }; name = Debug; };
    T0000000000000000000000A /* Drv */ = { isa = PBXNativeTarget; name = Drv; productType = "com.apple.product-type.driver-extension"; buildConfigurationList = L0000000000000000000000B; };
    T0000000000000000000000B /* Agg */ = { isa = PBXAggregateTarget; name = Agg; };
    L0000000000000000000000B = { isa = XCConfigurationList; buildConfigurations = ( C0000000000000000000000B ); defaultConfigurationName = Debug; };
    C0000000000000000000000B /* Debug */ = { isa = XCBuildConfiguration; buildSettings = { FROM_TARGET = "$(inherited)yes"; }; name = Debug; };
  };
  rootObject = P0000000000000000000000A /* Project object */;
}`;
}

test('base xcconfig paths follow the group tree and the source trees Xcode uses', () => {
  const cases: [fileObject: string, expected: string | undefined][] = [
    ['F0000000000000000000000A = { isa = PBXFileReference; path = Base.xcconfig; sourceTree = "<group>"; };', '/work/proj/Outer/Inner/Base.xcconfig'],
    ['F0000000000000000000000A = { isa = PBXFileReference; path = cfg/Base.xcconfig; sourceTree = SOURCE_ROOT; };', '/work/proj/cfg/Base.xcconfig'],
    ['F0000000000000000000000A = { isa = PBXFileReference; path = /etc/Base.xcconfig; sourceTree = "<absolute>"; };', '/etc/Base.xcconfig'],
    ['F0000000000000000000000A = { isa = PBXFileReference; path = Base.xcconfig; sourceTree = BUILT_PRODUCTS_DIR; };', undefined],
  ];
  for (const [fileObject, expected] of cases) {
    const fs = memoryFiles(expected === undefined ? {} : { [expected]: 'FROM_XCCONFIG = yes\nFROM_PROJECT = no' });
    const project = readProject(projectWith(fileObject, 'baseConfigurationReference = F0000000000000000000000A;'), '/work/proj', fs.read);
    assert.deepEqual(fs.asked, expected === undefined ? [] : [expected]);
    const settings = settingsOf(project, 'Drv', 'Debug');
    assert.equal(settings.FROM_XCCONFIG, expected === undefined ? undefined : 'yes');
    assert.equal(settings.FROM_PROJECT, 'yes');
  }
});

test('Xcode 16 folder references and projectDirPath are honoured; odd projects are tolerated', () => {
  const synced = 'S0000000000000000000000A = { isa = PBXFileSystemSynchronizedRootGroup; path = Config; sourceTree = "<group>"; };';
  const fs = memoryFiles({ '/work/proj/sub/Config/Base.xcconfig': 'FROM_XCCONFIG = yes' });
  const project = readProject(
    projectWith(synced, 'baseConfigurationReferenceAnchor = S0000000000000000000000A; baseConfigurationReferenceRelativePath = Base.xcconfig;', 'projectDirPath = sub;'),
    '/work/proj',
    fs.read,
  );
  assert.equal(project.sourceRoot, '/work/proj/sub');
  // aggregate targets are skipped; $(inherited) with nothing below is empty
  assert.deepEqual(project.targets.map((t) => t.name), ['Drv']);
  assert.equal(settingsOf(project, 'Drv').FROM_TARGET, 'yes');
  assert.equal(settingsOf(project, 'Drv').FROM_XCCONFIG, 'yes');

  const missing = readProject(projectWith('', 'baseConfigurationReference = F0000000000000000000000A;'), '/work/proj', () => undefined);
  assert.deepEqual(missing.warnings, []); // a dangling reference is simply no xcconfig
  const unreadable = readProject(projectWith('F0000000000000000000000A = { isa = PBXFileReference; path = Gone.xcconfig; sourceTree = "<group>"; };', 'baseConfigurationReference = F0000000000000000000000A;'), '/work/proj', () => undefined);
  assert.match(unreadable.warnings.join('\n'), /Outer\/Inner\/Gone\.xcconfig: xcconfig file could not be read/);
});

test('text that parses but is not a project is refused with a PbxprojError', () => {
  for (const text of ['{ }', '( a )', '{ objects = { }; rootObject = X; }', '"text"']) {
    assert.throws(() => readProject(text, '/p'), PbxprojError);
  }
  assert.throws(() => readProject('{ objects = {', '/p'), PbxprojError);
});

// ---------------------------------------------------------------------------------------------
// Finding projects

test('findProjects lists project.pbxproj files and skips build output', async () => {
  const root = mkdtempSync(join(tmpdir(), 'dk-xcodeproj-'));
  try {
    const files = [
      'App/App.xcodeproj/project.pbxproj',
      'App/App.xcodeproj/xcuserdata/me.xcuserdatad/xcschemes/x.plist',
      'Pods/Pods.xcodeproj/project.pbxproj',
      'build/Gen.xcodeproj/project.pbxproj',
      'DerivedData/X/Y.xcodeproj/project.pbxproj',
      'node_modules/m/M.xcodeproj/project.pbxproj',
      '.git/G.xcodeproj/project.pbxproj',
      'Empty.xcodeproj/README',
      'notes/project.pbxproj',
    ];
    for (const file of files) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), '');
    }
    const found = (await findProjects(root)).map((p) => p.slice(root.length + 1));
    assert.deepEqual(found, ['App/App.xcodeproj/project.pbxproj', 'Pods/Pods.xcodeproj/project.pbxproj']);
    assert.deepEqual(await findProjects(join(root, 'does-not-exist')), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  assert.deepEqual(await findProjects(FIXTURE), [PBXPROJ]);
});
