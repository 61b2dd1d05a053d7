import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture } from '../../support/lspClient';
import { actualFindings, expectedMarkers, workspaceOf } from '../../support/analysis';
import { kextSourceFacts } from '../../../core/kext/kextSource';
import { KextWorkspace } from '../../../core/kext/kextWorkspace';
import { KEXT_SOURCE_RULES } from '../../../core/rules/ruleCatalog';
import { fixesAt, plistFixes } from '../../../core/rules/fixesAt';

const kext = (name: string): string => join(fixture('kext'), name);

for (const name of ['pci', 'usb', 'user-client', 'wrapped', 'vendor-library', 'shared-folder', 'preprocessed', 'alias-in-config', 'family-itself', 'user-client-2022', 'unused-super', 'assert-cast', 'skip-level-super', 'super-in-head', 'family-own-classes', 'family-by-bundle', 'qualified-bases']) {
  test(`a valid ${name} kext gets no kext or dext finding`, async () => {
    const findings = actualFindings(await workspaceOf(kext(name))).filter((f) => !/ migrate\./.test(f));
    assert.deepEqual(findings, []);
  });
}

for (const name of ['broken-classes', 'broken-plist', 'broken-keys']) {
  test(`kext rules find each marked mistake in ${name}, and nothing else`, async () => {
    const findings = actualFindings(await workspaceOf(kext(name))).filter((f) => !/ migrate\./.test(f));
    assert.deepEqual(findings.sort(), expectedMarkers(kext(name)));
  });
}

test('migration hints: the first use of each kext API in a file, as information, naming the DriverKit way', async () => {
  const pci = actualFindings(await workspaceOf(kext('pci'))).sort();
  assert.deepEqual(pci, [
    'LanternPCI.cpp:18 migrate.work-loop',
    'LanternPCI.cpp:19 migrate.timer',
    'LanternPCI.h:10 migrate.interrupt',
    'LanternPCI.h:13 migrate.structors',
    'LanternPCI.h:8 migrate.work-loop',
    'LanternPCI.h:9 migrate.timer',
  ]);
  const client = actualFindings(await workspaceOf(kext('user-client'))).sort();
  assert.deepEqual(client, ['Beacon.cpp:14 migrate.external-method', 'Beacon.cpp:15 migrate.client-memory', 'Beacon.cpp:17 migrate.shared-data-queue', 'Beacon.cpp:6 migrate.structors']);
  const usb = actualFindings(await workspaceOf(kext('usb'))).sort();
  assert.deepEqual(usb, ['KiteUSBDriver.cpp:16 migrate.command-gate', 'KiteUSBDriver.h:16 migrate.command-gate', 'KiteUSBDriver.h:8 migrate.structors']);
});

test('a migration hint says what replaces the API, with an example, and is information only', async () => {
  const workspace = await workspaceOf(kext('pci'));
  const path = join(kext('pci'), 'LanternPCI.cpp');
  const hints = workspace.check(path).filter((f) => f.code.startsWith('migrate.'));
  const loop = hints.find((f) => f.code === 'migrate.work-loop');
  assert.ok(loop && /IODispatchQueue/.test(loop.message) && /SetDispatchQueue/.test(loop.message) && /Example: /.test(loop.message), loop?.message);
  assert.equal(workspace.text(path)?.slice(loop.span.start, loop.span.end), 'IOWorkLoop');
  assert.ok(hints.every((f) => f.severity === 'info'));
  const timer = hints.find((f) => f.code === 'migrate.timer');
  assert.ok(timer && /IOTimerDispatchSource/.test(timer.message) && /OSAction/.test(timer.message));
});

test('migration hints run on kext sources only: a dext using a name a hint knows gets none', async () => {
  const workspace = await workspaceOf(fixture('usb-interface'));
  const codes = workspace.allPaths().flatMap((path) => workspace.check(path).map((f) => f.code));
  assert.ok(!codes.some((code) => code.startsWith('migrate.') || code.startsWith('kext.')), codes.join());
});

test('hostile kext text is read in bounded work: unclosed heads, endless macros and defines', () => {
  const parts = [
    'class A : B '.repeat(20_000),
    'OSDefineMetaClassAndStructors(X, '.repeat(5_000),
    '#define super IOService\nA::f() {}\n'.repeat(3_000),
    'bool A::start(IOService *p) { super::start(p '.repeat(3_000),
    '{'.repeat(50_000),
    '#define W(a) \\\n'.repeat(5_000),
  ];
  for (const text of parts) {
    const facts = kextSourceFacts(text);
    assert.ok(facts.metaClasses.length <= 2000 && facts.superDefines.length <= 64 && facts.lifecycle.length <= 2000);
    const kext = new KextWorkspace(new Map([['/k/A.cpp', facts]]));
    for (const rule of KEXT_SOURCE_RULES) rule.check({ path: '/k/A.cpp', facts, kext });
  }
});

test('quick fixes: the metaclass base, the super define and the personality class take the name meant', async () => {
  const root = kext('broken-classes');
  const workspace = await workspaceOf(root);
  const path = join(root, 'Aviary.cpp');
  const findings = workspace.check(path);
  const newTexts = (code: string): string[] => {
    const found = findings.filter((f) => f.code === code);
    const file = workspace.index.file(path);
    assert.ok(file && found.length > 0, code);
    return fixesAt({ path, file, span: found[0].span, findings: found, index: workspace.index, catalog: workspace.catalog, textOf: (p) => workspace.text(p) }).flatMap((fix) => fix.edits.map((e) => e.newText));
  };
  assert.deepEqual(newTexts('kext.metaclass-base'), ['IOService']);
  assert.deepEqual(newTexts('kext.super-define'), ['IOService']);
  const plistRoot = kext('broken-plist');
  const plistWorkspace = await workspaceOf(plistRoot);
  const info = join(plistRoot, 'Info.plist');
  const fixes = plistFixes(plistWorkspace, info, plistWorkspace.check(info).filter((f) => f.code === 'kext.personality-class'));
  assert.deepEqual(fixes.flatMap((fix) => fix.edits.map((e) => e.newText)), ['CraneDriver']);
});
