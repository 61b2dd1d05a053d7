/**
 * The userclient.* rules on our fixtures: the meter dext (a positional and a designated table, a
 * switch) with its valid C, Objective-C and Swift apps gives no finding, and each broken app folder gives
 * exactly the findings its `// expect:` markers name.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ALL_RULES } from '../../../core/rules/ruleCatalog';
import { fixture } from '../../support/lspClient';
import { actualFindings, expectedMarkers, workspaceOf } from '../../support/analysis';

const DEXT = fixture('userclient', 'dext');
const BROKEN = fixture('userclient', 'broken');
const folders = readdirSync(BROKEN);

test('the meter dext and its valid apps have no findings', async () => {
  const workspace = await workspaceOf(DEXT, fixture('userclient', 'app'));
  assert.deepEqual(actualFindings(workspace), []);
  workspace.dispose();
});

test('every valid app call (C, Objective-C, Swift) with a named selector is linked to its dispatch entry, with the counts and sizes computed where they can be', async () => {
  const workspace = await workspaceOf(DEXT, fixture('userclient', 'app'));
  const linked = [...workspace.contract.contract().links].map((l) => `${l.path.replace(/^.*\./, '')} ${l.call.selector}→${l.table.name}[${l.selectorValue}] ${l.entry?.handler ?? '-'} ${JSON.stringify(l.expected)} ${JSON.stringify(l.actual)}`).sort();
  assert.deepEqual(linked, [
    'c kMeterSelectorGetStats→sMeterMethods[0] MeterUserClient::StaticGetStats {"scalarInput":0,"structureInput":0,"scalarOutput":0,"structureOutput":16} {"scalarInput":0,"structureInput":0,"scalarOutput":0,"structureOutput":16}',
    'c kMeterSelectorGetStats→sMeterMethods[0] MeterUserClient::StaticGetStats {"scalarInput":0,"structureInput":0,"scalarOutput":0,"structureOutput":16} {"scalarInput":0,"structureInput":0,"scalarOutput":0}',
    'c kMeterSelectorReset→sMeterMethods[1] MeterUserClient::StaticReset {"scalarInput":0,"structureInput":0,"scalarOutput":0,"structureOutput":0} {"scalarInput":0,"structureInput":0,"scalarOutput":0,"structureOutput":0}',
    'c kMeterSelectorSendRequest→sMeterMethods[3] MeterUserClient::StaticSendRequest {"scalarInput":0,"structureInput":16,"scalarOutput":0,"structureOutput":"any"} {"scalarInput":0,"scalarOutput":0}',
    'c kMeterSelectorSendRequest→sMeterMethods[3] MeterUserClient::StaticSendRequest {"scalarInput":0,"structureInput":16,"scalarOutput":0,"structureOutput":"any"} {"scalarInput":0,"structureInput":16,"scalarOutput":0,"structureOutput":256}',
    'c kMeterSelectorSetLimit→sMeterMethods[2] MeterUserClient::StaticSetLimit {"scalarInput":2,"structureInput":0,"scalarOutput":1,"structureOutput":0} {"scalarInput":2,"structureInput":0,"scalarOutput":1,"structureOutput":0}',
    'c kMeterSelectorSetLimit→sMeterMethods[2] MeterUserClient::StaticSetLimit {"scalarInput":2,"structureInput":0,"scalarOutput":1,"structureOutput":0} {"scalarInput":2,"structureInput":0,"scalarOutput":1,"structureOutput":0}',
    'm kMeterAdminDump→sAdminMethods[2] MeterAdminClient::StaticDump {"scalarInput":0,"structureInput":0,"scalarOutput":0,"structureOutput":40} {"scalarInput":0,"structureInput":0,"scalarOutput":0,"structureOutput":40}',
    'm kMeterAdminFlush→sAdminMethods[0] MeterAdminClient::StaticFlush {"scalarInput":1,"structureInput":0,"scalarOutput":0,"structureOutput":0} {"scalarInput":1,"structureInput":0,"scalarOutput":0,"structureOutput":0}',
    'm kMeterAdminReload→sAdminMethods[8] - {"scalarInput":0,"structureInput":0,"scalarOutput":0,"structureOutput":0} {"scalarInput":0,"structureInput":0,"scalarOutput":0,"structureOutput":0}',
    // The Swift app, through the bridging header: the same names, sizes from MemoryLayout and array counts.
    'swift kMeterAdminFlush→sAdminMethods[0] MeterAdminClient::StaticFlush {"scalarInput":1,"structureInput":0,"scalarOutput":0,"structureOutput":0} {"scalarInput":1,"structureInput":0,"scalarOutput":0,"structureOutput":0}',
    'swift kMeterSelectorGetStats→sMeterMethods[0] MeterUserClient::StaticGetStats {"scalarInput":0,"structureInput":0,"scalarOutput":0,"structureOutput":16} {"scalarInput":0,"structureInput":0,"scalarOutput":0,"structureOutput":16}',
    'swift kMeterSelectorGetStats→sMeterMethods[0] MeterUserClient::StaticGetStats {"scalarInput":0,"structureInput":0,"scalarOutput":0,"structureOutput":16} {"scalarInput":0,"structureInput":0,"scalarOutput":0}',
    'swift kMeterSelectorReset→sMeterMethods[1] MeterUserClient::StaticReset {"scalarInput":0,"structureInput":0,"scalarOutput":0,"structureOutput":0} {"scalarInput":0,"structureInput":0,"scalarOutput":0,"structureOutput":0}',
    'swift kMeterSelectorSendRequest→sMeterMethods[3] MeterUserClient::StaticSendRequest {"scalarInput":0,"structureInput":16,"scalarOutput":0,"structureOutput":"any"} {"scalarInput":0,"structureInput":16,"scalarOutput":0,"structureOutput":256}',
    'swift kMeterSelectorSetLimit→sMeterMethods[2] MeterUserClient::StaticSetLimit {"scalarInput":2,"structureInput":0,"scalarOutput":1,"structureOutput":0} {"scalarInput":2,"structureInput":0,"scalarOutput":1,"structureOutput":0}',
  ]);
  workspace.dispose();
});

for (const folder of folders) {
  test(`userclient/broken/${folder}: exactly the marked findings`, async () => {
    const path = join(BROKEN, folder);
    const expected = expectedMarkers(path);
    assert.ok(expected.some((e) => e.endsWith(` ${folder}`)), `the ${folder} fixture marks its own rule`);
    const workspace = await workspaceOf(DEXT, path);
    assert.deepEqual(actualFindings(workspace), expected);
    workspace.dispose();
  });
}

test('every userclient rule has a broken fixture, and every fixture names a userclient rule', () => {
  const rules = ALL_RULES.filter((r) => r.id.startsWith('userclient.')).map((r) => r.id).sort();
  assert.deepEqual([...folders].sort(), rules);
});

test('a finding names the dext entry, at the app call', async () => {
  const workspace = await workspaceOf(DEXT, join(BROKEN, 'userclient.scalar-count'));
  const path = join(BROKEN, 'userclient.scalar-count', 'MeterLimits.c');
  const [first] = workspace.check(path);
  assert.equal(first.code, 'userclient.scalar-count');
  assert.match(first.message, /kMeterSelectorSetLimit reaches sMeterMethods\[2\] \(MeterUserClient::StaticSetLimit\) in MeterUserClient\.cpp, which checks for 2 scalar inputs \(checkScalarInputCount\); this call passes 1 scalar input/);
  assert.equal(workspace.text(path)?.slice(first.span.start, first.span.end), 'IOConnectCallScalarMethod');
  assert.ok(first.related?.[0].path.endsWith('MeterUserClient.cpp'));
  workspace.dispose();
});

test('too many scalars: at the app call (the input refused by IOKit, the output count clipped) and at an entry no call can pass', async () => {
  const folder = join(BROKEN, 'userclient.too-many-scalars');
  const workspace = await workspaceOf(DEXT, folder);
  const tool = workspace.check(join(folder, 'WideTool.c'));
  assert.match(tool[0].message, /^This call passes 17 scalar inputs; IOKit carries at most 16 \(kIOUserClientScalarArrayCountMax\), so it fails with MIG_ARRAY_TOO_LARGE/);
  assert.deepEqual(tool.map((f) => f.severity), ['error', 'warning', 'error']);
  const [entry] = workspace.check(join(folder, 'WideClient.cpp'));
  assert.match(entry.message, /^sWideMethods\[1\] \(WideClient::StaticLoad\) checks for 17 scalar inputs \(checkScalarInputCount\), but IOKit carries at most 16/);
  workspace.dispose();
});

test('structureOutput set for a reply over 4096 bytes: at the handler\'s write, naming the app call', async () => {
  const folder = join(BROKEN, 'userclient.structure-output-descriptor');
  const workspace = await workspaceOf(DEXT, folder);
  const [found] = workspace.check(join(folder, 'BulkClient.cpp'));
  assert.equal(found.code, 'userclient.structure-output-descriptor');
  assert.match(found.message, /^kBulkReadLog in BulkTool\.c reaches sBulkMethods\[0\] \(BulkClient::StaticReadLog\) with a structure output of 8192 bytes/);
  assert.equal(workspace.text(found.path)?.slice(found.span.start, found.span.end), 'arguments->structureOutput');
  assert.ok(found.related?.[0].path.endsWith('BulkTool.c'));
  workspace.dispose();
});

test('a Swift app with its own selector enum, matching the one dext service of the workspace: linked by raw value, exactly the marked findings', async () => {
  const gauge = fixture('userclient', 'gauge');
  const workspace = await workspaceOf(gauge);
  assert.deepEqual(actualFindings(workspace), expectedMarkers(gauge));
  const linked = [...workspace.contract.contract().links].map((l) => `${l.path.replace(/^.*\//, '')} ${l.call.selector}=${l.selectorValue} ${l.entry?.handler ?? '-'}`).sort();
  assert.deepEqual(linked, [
    'GaugeClient.swift .calibrate=7 -',
    'GaugeClient.swift 1=1 GaugeUserClient::StaticWrite',
    'GaugeClient.swift GaugeSelector.read=0 GaugeUserClient::StaticRead',
    'GaugeClient.swift GaugeSelector.read=0 GaugeUserClient::StaticRead',
    'GaugeClient.swift GaugeSelector.watch=2 GaugeUserClient::StaticWatch',
    'GaugeClient.swift GaugeSelector.write=1 GaugeUserClient::StaticWrite',
  ]);
  workspace.dispose();
});
