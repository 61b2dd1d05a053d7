import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildArgs, DIAGNOSTIC_LINE, listArgs, parseXcodeList } from '../../../core/tools/xcodebuild';

// Recorded in the format `xcodebuild -list -json` prints (values are ours).
const PROJECT_LIST = `Command line invocation:
    /Applications/Xcode.app/Contents/Developer/usr/bin/xcodebuild -project Sampler.xcodeproj -list -json

{
  "project" : {
    "configurations" : [
      "Debug",
      "Release"
    ],
    "name" : "Sampler",
    "schemes" : [
      "Sampler",
      "SamplerDriver"
    ],
    "targets" : [
      "Sampler",
      "SamplerDriver"
    ]
  }
}
`;

// A recorded xcodebuild build log excerpt: clang and iig diagnostics among the usual noise.
const BUILD_LOG = `CompileC /Users/dev/Library/Developer/Xcode/DerivedData/Sampler-abc/Build/Intermediates.noindex/Sampler.build/Debug/SamplerDriver.build/Objects-normal/arm64/SamplerDriver.o /Users/dev/Sampler/SamplerDriver/SamplerDriver.cpp normal arm64 c++ com.apple.compilers.llvm.clang.1_0.compiler (in target 'SamplerDriver' from project 'Sampler')
/Users/dev/Sampler/SamplerDriver/SamplerDriver.cpp:42:5: error: use of undeclared identifier 'ivar'
    ivar->count++;
    ^
/Users/dev/Sampler/SamplerDriver/SamplerDriver.cpp:57:12: warning: unused variable 'ret' [-Wunused-variable]
/Users/dev/Sampler/SamplerDriver/SamplerDriver.iig:21:50: error: unknown attribute LOCALL
SamplerDriver/Info.plist:3:1: note: in file included from here
** BUILD FAILED **
`;

test('xcodebuild -list -json: schemes, configurations and targets', () => {
  const list = parseXcodeList(PROJECT_LIST);
  assert.deepEqual(list, { kind: 'project', name: 'Sampler', schemes: ['Sampler', 'SamplerDriver'], configurations: ['Debug', 'Release'], targets: ['Sampler', 'SamplerDriver'] });
  assert.equal(parseXcodeList('xcodebuild: error: The directory does not contain an Xcode project.'), undefined);
  assert.equal(parseXcodeList('{"workspace":{"name":"W","schemes":["A"]}}')?.kind, 'workspace');
});

test('argument arrays keep every value separate (no shell)', () => {
  assert.deepEqual(listArgs('My App.xcodeproj'), ['-project', 'My App.xcodeproj', '-list', '-json']);
  assert.deepEqual(buildArgs('W.xcworkspace', 'Driver; rm -rf ~', 'Debug'), ['-workspace', 'W.xcworkspace', '-scheme', 'Driver; rm -rf ~', '-configuration', 'Debug', 'build']);
  assert.deepEqual(buildArgs(undefined, 'Driver', 'Release'), ['-scheme', 'Driver', '-configuration', 'Release', 'build']);
});

test('the problem matcher finds clang and iig diagnostics, and package.json uses the same pattern', () => {
  const found = BUILD_LOG.split('\n').map((line) => DIAGNOSTIC_LINE.exec(line)).filter((m): m is RegExpExecArray => !!m);
  assert.deepEqual(
    found.map((m) => [m[1].split('/').pop(), m[2], m[3], m[4]]),
    [['SamplerDriver.cpp', '42', '5', 'error'], ['SamplerDriver.cpp', '57', '12', 'warning'], ['SamplerDriver.iig', '21', '50', 'error'], ['Info.plist', '3', '1', 'note']],
  );
  assert.equal(found[0][5], "use of undeclared identifier 'ivar'");
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { problemMatchers: { pattern: { regexp: string } }[] } };
  assert.equal(manifest.contributes.problemMatchers[0].pattern.regexp, DIAGNOSTIC_LINE.source);
});
