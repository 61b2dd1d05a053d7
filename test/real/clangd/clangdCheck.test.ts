/**
 * The generated configuration checked by a REAL clangd (Debian's clangd-19, see
 * scripts/install-clangd.sh): `clangd --check` parses a dext's .cpp that includes its iig-generated
 * header and SDK framework headers. With the configuration it compiles cleanly; without it, or with
 * the C headers searched before the C++ library's, clangd reports the errors — so these tests can fail.
 *
 * Skips (loudly) without clangd, except on CI (`CI=true`), where a missing clangd fails the run.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { accessSync, constants, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildClangdConfig, EMPTY_SETTINGS, type ClangdConfig } from '../../../client/src/clangd/clangdConfig';

/** DRIVERKIT_CLANGD, when set, is the only one tried (set it to a missing path to see the skip or the CI failure). */
const CANDIDATES = process.env.DRIVERKIT_CLANGD ? [process.env.DRIVERKIT_CLANGD] : ['/usr/bin/clangd-19', '/usr/lib/llvm-19/bin/clangd'];

function findClangd(): string | undefined {
  for (const candidate of CANDIDATES) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

const CLANGD = findClangd();
const MISSING = 'clangd is not installed: run `bash scripts/install-clangd.sh` (as root on Debian) or set DRIVERKIT_CLANGD';
if (!CLANGD && process.env.CI !== 'true') process.stderr.write(`\n!!! SKIPPING the clangd configuration tests: ${MISSING}.\n\n`);
/** On CI the tests run even without clangd, and fail in `requireClangd`. */
const skip = CLANGD || process.env.CI === 'true' ? false : MISSING;

function requireClangd(): string {
  if (!CLANGD) assert.fail(`${MISSING} (required on CI).`);
  return CLANGD;
}

// A path with a space, quotes, an apostrophe and a `#`: it must survive compile_commands.json and .clangd.
const temp = mkdtempSync(join(tmpdir(), 'driverkit clangd '));
const root = join(temp, 'My "Driver" #1\'s workspace');
const home = join(temp, 'home');
const sdk = join(temp, 'SDKs', 'Driver Kit.sdk');
const emptyFolder = join(temp, 'no database here');
const derivedSources = join(home, 'Library', 'Developer', 'Xcode', 'DerivedData', 'Foo-abcdefghijklmnopqrstuvwxyzab', 'Build', 'Intermediates.noindex',
  'Foo.build', 'Debug-driverkit', 'Foo.build', 'DerivedSources', 'com.example.Foo');
let config: ClangdConfig;

function write(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const FOO_IIG = `#include <DriverKit/IOService.iig>

class Foo: public IOService
{
public:
    virtual kern_return_t Start(IOService * provider) override;
};
`;

// What iig would generate, cut down to what Foo.cpp uses (written for this test).
const FOO_H = `#ifndef Foo_h
#define Foo_h
#include <DriverKit/IOService.h>
struct Foo_IVars;
class Foo : public IOService {
public:
    kern_return_t Start(IOService * provider) override;
    Foo_IVars * ivars;
};
#endif
`;

const FOO_CPP = `#include "Foo.h"
#include <DriverKit/IOService.h>
#include <FakeWidgetKit/IOFakeWidget.h>
#include <cstddef>

struct Foo_IVars { int starts; };

kern_return_t Foo::Start(IOService * provider)
{
    ivars->starts++;
    return IOService::Start(provider);
}
`;

before(async () => {
  cpSync(join(__dirname, '..', '..', 'fixtures', 'fake-sdk'), sdk, { recursive: true });
  mkdirSync(emptyFolder, { recursive: true });
  write(join(root, 'Foo', 'Foo.iig'), FOO_IIG);
  write(join(root, 'Foo', 'Foo.cpp'), FOO_CPP);
  write(join(root, 'Foo', 'OnlyTheSdk.cpp'), '#include <DriverKit/IOService.h>\n');
  write(join(root, 'Foo', 'FooShared.h'), '#pragma once\n#include "Foo.h"\n#include <FakeWidgetKit/IOFakeWidget.h>\nbool isWidget(IOService * service);\n');
  write(join(derivedSources, 'Foo.h'), FOO_H);
  config = await buildClangdConfig({ root, sdkPath: sdk, settings: EMPTY_SETTINGS, homeDir: home });
});

after(() => rmSync(temp, { recursive: true, force: true }));

function writeConfig(files: ClangdConfig['files']): void {
  for (const file of files) write(file.path, file.text);
}

function removeConfig(): void {
  for (const file of config.files) rmSync(file.path, { force: true });
}

interface CheckResult {
  readonly errors: string[];
  readonly summary: string;
  readonly log: string;
}

/** `clangd --check=<file>`; its findings and summary go to stderr. A private config home keeps the user's clangd config out. */
function check(file: string, compileCommandsDir: string): Promise<CheckResult> {
  const clangd = requireClangd();
  const env = { ...process.env, XDG_CONFIG_HOME: join(temp, 'xdg'), HOME: home };
  return new Promise((resolve, reject) => {
    execFile(clangd, [`--check=${file}`, `--compile-commands-dir=${compileCommandsDir}`], { env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error && error.killed) return reject(new Error(`clangd timed out:\n${stderr}`));
      const lines = stderr.split('\n');
      const summary = lines.find((l) => /All checks completed|checks? completed/.test(l)) ?? '';
      resolve({ errors: lines.filter((l) => /^E\[/.test(l) && !l.includes('IncludeCleaner')), summary, log: stderr });
    });
  });
}

test('with the generated configuration clangd resolves "Foo.h", <DriverKit/...>, a second framework and libc++', { skip }, async () => {
  writeConfig(config.files);
  const result = await check(join(root, 'Foo', 'Foo.cpp'), root);
  assert.match(result.log, /Loaded compilation database from .*compile_commands\.json/, result.log);
  assert.doesNotMatch(result.log, /file not found/, result.log);
  assert.deepEqual(result.errors, [], result.log);
  assert.match(result.summary, /All checks completed, 0 errors/, result.log);
});

test('the .clangd file alone (no database) gives a new file and a header of the workspace the same flags', { skip }, async () => {
  removeConfig();
  write(config.files[1].path, config.files[1].text);
  for (const file of [join(root, 'Foo', 'Foo.cpp'), join(root, 'Foo', 'FooShared.h')]) {
    const result = await check(file, emptyFolder);
    assert.doesNotMatch(result.log, /file not found/, result.log);
    assert.match(result.summary, /All checks completed, 0 errors/, result.log);
  }
});

test('control: without the configuration clangd reports the missing includes', { skip }, async () => {
  removeConfig();
  const generated = await check(join(root, 'Foo', 'Foo.cpp'), emptyFolder);
  assert.match(generated.log, /'Foo\.h' file not found/, generated.log);
  const sdkOnly = await check(join(root, 'Foo', 'OnlyTheSdk.cpp'), emptyFolder);
  assert.match(sdkOnly.log, /'DriverKit\/IOService\.h' file not found/, sdkOnly.log);
});

test('control: before a build (no generated header) "Foo.h" stays missing while the SDK resolves', { skip }, async () => {
  const unbuilt = await buildClangdConfig({ root, sdkPath: sdk, settings: EMPTY_SETTINGS, homeDir: join(temp, 'nobody') });
  assert.deepEqual([unbuilt.headers.folders, unbuilt.headers.missing], [[], ['Foo']]);
  writeConfig(unbuilt.files);
  assert.match((await check(join(root, 'Foo', 'Foo.cpp'), root)).log, /'Foo\.h' file not found/);
  const sdkOnly = await check(join(root, 'Foo', 'OnlyTheSdk.cpp'), root);
  assert.match(sdkOnly.summary, /All checks completed, 0 errors/, sdkOnly.log);
});

test('control: the SDK\'s C headers as a plain -isystem folder (ahead of libc++) break libc++\'s <cstddef>', { skip }, async () => {
  // The generated pair "-isystem <c++/v1> -idirafter <usr/include>" replaced by "-isystem <usr/include>".
  const at = config.flags.indexOf('-isystem');
  assert.equal(config.flags[at + 2], '-idirafter');
  const naive = [...config.flags.slice(0, at), '-isystem', config.flags[at + 3], ...config.flags.slice(at + 4)];
  const database = JSON.stringify([{ directory: root, file: join(root, 'Foo', 'Foo.cpp'), arguments: ['clang++', ...naive, '-c', join(root, 'Foo', 'Foo.cpp')] }]);
  removeConfig();
  write(config.files[0].path, database);
  const result = await check(join(root, 'Foo', 'Foo.cpp'), root);
  assert.match(result.log, /reached the C library's <stddef\.h> before the C\+\+ library's/, result.log);
});
